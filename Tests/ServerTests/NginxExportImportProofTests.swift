import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// Export → import → proof (issue 16 item 5): `detour import nginx <exported every-feature config>
/// --verify` starts the real nginx on what `detour export --to nginx` wrote and finds every
/// answer equal to `simulate --as nginx` on the imported rules.
@Suite("nginx export imports back, proven against the real nginx", .serialized, needsServers)
struct NginxExportImportProofTests {
    static let now = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!

    /// Exports `every-feature.yaml` into a fresh directory: the standalone `nginx.conf` with its
    /// includes, or only the http and server parts.
    static func export(standalone: Bool) throws -> (dir: String, files: [String], rules: Int) {
        let (set, _) = try ServerTestSupport.load(ServerTestSupport.fixture("every-feature.yaml"))
        let dir = ServerTestSupport.tempDir("export-import-nginx")
        let options = ExportOptions(
            directory: dir, now: now, standaloneListen: standalone ? ListenAddress(host: "127.0.0.1", port: 8080) : nil, lenient: true)
        let output = try NginxExporter().export(set, options: options)
        for file in output.files { try file.withBytes { try AtomicFile.write(Array($0), to: dir + "/" + file.name) } }
        return (dir, standalone ? [dir + "/nginx.conf"] : [dir + "/detour-http.conf", dir + "/detour-server.conf"], set.rules.count)
    }

    @Test(arguments: [true, false])
    func everyFeatureExportImportsBackAndAgrees(standalone: Bool) throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let (dir, files, _) = try Self.export(standalone: standalone)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try NginxImporter().importFiles(files, options: ImportOptions())
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        // Every enabled rule of every-feature.yaml comes back (the disabled one is not exported).
        #expect(result.ruleSet.rules.count == 28)
        var proof = NginxImportProof(files: files, result: result)
        proof.directory = dir + "/proof"
        let outcome = try proof.run()
        for d in outcome.disagreements { Issue.record("\(standalone ? "standalone" : "includes"): \(d)") }
        #expect(outcome.allAgree)
        #expect(outcome.total >= 3 * result.ruleSet.rules.count, "only \(outcome.total) requests")
    }
}
