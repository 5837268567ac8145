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
}
