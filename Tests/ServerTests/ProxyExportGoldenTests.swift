import Foundation
import Testing

@testable import DetourCore

/// The Traefik and Envoy exports of two fixtures, byte for byte as reviewed when recorded: routers,
/// priorities and middleware chains; routes, the rollout matcher tree and the bootstrap. Live
/// behaviour is proven by ServerVerifyTests; these catch unintended changes in the text users read.
/// Re-record deliberately with DETOUR_RECORD_PROXY_GOLDEN=1 (and review the diff).
@Suite("Traefik and Envoy export golden files")
struct ProxyExportGoldenTests {
    static let directory = ServerTestSupport.fixture("proxy-golden")
    static var recording: Bool { ProcessInfo.processInfo.environment["DETOUR_RECORD_PROXY_GOLDEN"] == "1" }

    static let options: ExportOptions = {
        var o = ExportOptions(
            directory: "/tmp/detour-golden", sourceFile: "rules.yaml", sourceSHA256: String(repeating: "5a", count: 32),
            now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!, standaloneListen: ListenAddress(host: "127.0.0.1", port: 18080))
        o.lenient = true
        return o
    }()

    @Test("every exported file matches the recorded golden file", arguments: [ServerKind.traefik, .envoy])
    func matchesGolden(server: ServerKind) throws {
        for fixture in ["proxy-paths", "every-feature"] {
            let (set, _) = try ServerTestSupport.load(ServerTestSupport.fixture(fixture + ".yaml"))
            let out = try server.target.exporter.export(set, options: Self.options)
            let dir = Self.directory + "/" + server.name + "/" + fixture
            if Self.recording { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            let recorded = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            #expect(Set(out.files.map(\.name)) == Set(recorded) || Self.recording, "\(server.name) \(fixture): file list changed")
            for f in out.files {
                let path = dir + "/" + f.name
                if Self.recording {
                    try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path))
                    continue
                }
                let golden = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
                if golden != f.contents {
                    let g = golden.split(separator: "\n", omittingEmptySubsequences: false)
                    let a = f.contents.split(separator: "\n", omittingEmptySubsequences: false)
                    let line = (0..<min(g.count, a.count)).first { g[$0] != a[$0] } ?? min(g.count, a.count)
                    Issue.record(
                        "\(server.name) \(fixture)/\(f.name) differs at line \(line + 1):\n  golden: \(line < g.count ? String(g[line]) : "<end>")\n  actual: \(line < a.count ? String(a[line]) : "<end>")"
                    )
                }
            }
        }
    }
}
