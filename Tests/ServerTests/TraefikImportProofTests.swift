import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// `detour import traefik --verify` against the real Traefik (installed by scripts/install-proxies):
/// the fixtures' routers and middlewares answer exactly as `simulate` predicts on the imported rules.
@Suite("Traefik import proven against the real traefik", .serialized, needsServers)
struct TraefikImportProofTests {
    static func fixture(_ name: String) -> String { ServerTestSupport.repoRoot + "/Tests/DetourCoreTests/Fixtures/import/traefik/" + name }

    @Test(arguments: ["dynamic.yml", "dynamic.toml", "reported.yml", "entrypoints.yml"])
    func everyFixtureAgrees(_ name: String) throws {
        try #require(ServerBinary.path(of: "traefik") != nil, "traefik is not installed (scripts/install-proxies)")
        let file = Self.fixture(name)
        let result = try TraefikImporter().importFiles([file], options: ImportOptions())
        let outcome = try TraefikImportProof(files: [file], result: result).run()
        for d in outcome.disagreements { Issue.record("\(name): \(d)") }
        #expect(outcome.allAgree)
        #expect(outcome.total >= 3 * result.ruleSet.rules.count + 4, "\(name): only \(outcome.total) requests")
    }

    @Test func aWrongImportIsCaught() throws {
        try #require(ServerBinary.path(of: "traefik") != nil, "traefik is not installed (scripts/install-proxies)")
        let file = Self.fixture("dynamic.yml")
        var result = try TraefikImporter().importFiles([file], options: ImportOptions())
        // Pretend the importer answered HEAD like GET: Traefik gives HEAD 308, not 301.
        let i = try #require(result.ruleSet.rules.firstIndex { $0.source.text == "/about-us" && $0.methods == ["GET"] })
        result.ruleSet.rules[i].methods = ["GET", "HEAD"]
        let outcome = try TraefikImportProof(files: [file], result: result).run()
        #expect(outcome.disagreements.contains { $0.request.method == "HEAD" && $0.request.path == "/about-us" && $0.observedStatus == 308 })
    }

    /// Export → import: Detour's own export of every feature Traefik can take, imported back, is
    /// proven against the real Traefik running that export (issue 16 item 5).
    @Test func detoursOwnExportImportsBackAndAgrees() throws {
        try #require(ServerBinary.path(of: "traefik") != nil, "traefik is not installed (scripts/install-proxies)")
        let set = try RuleFileDocument.load(path: ServerTestSupport.repoRoot + "/Tests/ServerTests/Fixtures/every-feature.yaml").ruleSet
        let dir = NSTemporaryDirectory() + "detour-traefik-roundtrip-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = try TraefikExporter().export(
            set, options: ExportOptions(directory: dir, now: Timestamp(secondsSinceEpoch: 1_780_272_000), lenient: true))
        let file = dir + "/dynamic.yml"
        let dynamic = try #require(output.files.first { $0.name == "dynamic.yml" })
        try dynamic.contents.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TraefikImporter().importFiles([file], options: ImportOptions())
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        #expect(result.ruleSet.rules.count >= output.exportedRuleCount)
        let outcome = try TraefikImportProof(files: [file], result: result).run()
        for d in outcome.disagreements { Issue.record("\(d)") }
        #expect(outcome.allAgree)
    }
}
