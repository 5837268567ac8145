import Foundation
import Testing
@testable import DetourCore
@testable import DetourVerify

/// `detour import nginx --verify` against the real nginx: every import fixture's ORIGINAL
/// configuration answers exactly as `simulate --as nginx` predicts on the imported rules.
@Suite("nginx import proven against the real nginx", .serialized, needsServers)
struct NginxImportProofTests {
    static func fixture(_ name: String) -> String { ServerTestSupport.repoRoot + "/Tests/DetourCoreTests/Fixtures/import/nginx/" + name }

    @Test(arguments: ["multi-server.conf", "precedence.conf", "map.conf", "rewrites.conf", "wildcards.conf", "maintenance.conf"])
    func everyFixtureAgrees(_ name: String) throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let file = Self.fixture(name)
        let result = try NginxImporter().importFiles([file], options: ImportOptions())
        let outcome = try NginxImportProof(files: [file], result: result).run()
        for d in outcome.disagreements { Issue.record("\(name): \(d)") }
        #expect(outcome.allAgree)
        // Every imported rule was exercised, plus the locations' own and near-miss requests.
        #expect(outcome.total >= 3 * result.ruleSet.rules.count + 10, "\(name): only \(outcome.total) requests")
    }

    @Test func aWrongImportIsCaught() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let file = Self.fixture("rewrites.conf")
        var result = try NginxImporter().importFiles([file], options: ImportOptions())
        // Pretend the importer got the blog rule's status wrong and dropped the feed rule.
        result.ruleSet.rules[1].code = .permanentRedirect
        result.ruleSet.rules.remove(at: 2)
        result.ruleSet.lines.removeLast()
        let outcome = try NginxImportProof(files: [file], result: result).run()
        #expect(!outcome.allAgree)
        #expect(outcome.disagreements.contains { $0.request.path.hasPrefix("/blog/") && $0.observedStatus == 301 })
        #expect(outcome.disagreements.contains { $0.request.path == "/feed" && $0.observedStatus == 302 })
    }
}
