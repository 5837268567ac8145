// swift-tools-version: 6.1
// A package that uses DetourCore the way someone else's would: resolved by version from a git
// URL. `scripts/check-consumer-package` writes a copy of this file with DETOUR_CLONE_URL replaced
// by a tagged clone of the checkout, then builds and runs it.
import PackageDescription

let package = Package(
    name: "DetourConsumer",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "DETOUR_CLONE_URL", from: "DETOUR_CLONE_VERSION")
    ],
    targets: [
        .executableTarget(
            name: "DetourConsumer",
            dependencies: [.product(name: "DetourCore", package: "DETOUR_PACKAGE_IDENTITY")]
        )
    ]
)
