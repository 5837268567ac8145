// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Detour",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DetourCore", targets: ["DetourCore"]),
        .library(name: "DetourVerify", targets: ["DetourVerify"]),
        .executable(name: "detour", targets: ["detour"]),
        .executable(name: "detour-bench", targets: ["detour-bench"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1")
    ],
    targets: [
        .target(
            name: "DetourCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto"), .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .systemLibrary(name: "CNcurses"),
        // OpenSSL for `detour probe` of an HTTPS deployment (Debian's libssl-dev).
        .systemLibrary(name: "COpenSSL"),
        // Runs the real servers on an export and compares their answers with the simulator.
        .target(name: "DetourVerify", dependencies: ["DetourCore", "COpenSSL"]),
        .target(
            name: "DetourTUI",
            dependencies: ["DetourCore", "DetourVerify", "CNcurses", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .executableTarget(
            name: "detour",
            dependencies: [
                "DetourCore",
                "DetourVerify",
                "DetourTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            // `detour --version` names the git revision it was built from.
            plugins: ["RevisionStamp"]
        ),
        .plugin(name: "RevisionStamp", capability: .buildTool()),
        .executableTarget(name: "detour-bench", dependencies: ["DetourCore", "DetourTUI"]),
        .testTarget(
            name: "DetourCoreTests",
            dependencies: [
                "DetourCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "PropertyBased", package: "swift-property-based")
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DetourTUITests",
            dependencies: ["DetourTUI", "DetourCore"],
            exclude: ["Snapshots", "Fixtures"]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["DetourCore"]),
        .testTarget(
            name: "ServerTests",
            dependencies: ["DetourCore", "DetourVerify", "detour"],
            resources: [.copy("Fixtures")]
        )
    ]
)
