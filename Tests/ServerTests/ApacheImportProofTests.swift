import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// `detour import apache --verify` against the real apache2: every Apache import fixture's
/// ORIGINAL configuration (vhosts, `.htaccess`) answers exactly as `simulate --as apache`
/// predicts on the imported rules.
@Suite("Apache import proven against the real apache2", .serialized, needsServers)
struct ApacheImportProofTests {
    static func fixture(_ name: String) -> String { ServerTestSupport.repoRoot + "/Tests/DetourCoreTests/Fixtures/import/apache/" + name }

    @Test(arguments: [("vhosts.conf", nil), ("wordpress.htaccess", nil), ("legacy.htaccess", "www.example.com")] as [(String, String?)])
    func everyFixtureAgrees(_ name: String, _ host: String?) throws {
        try #require(ServerTestSupport.installed(.apache), "apache2 is not installed")
        let file = Self.fixture(name)
        let result = try ApacheImporter().importFiles([file], options: ImportOptions(host: host))
        let outcome = try ApacheImportProof(files: [file], result: result).run()
        for d in outcome.disagreements { Issue.record("\(name): \(d)") }
        #expect(outcome.allAgree)
        // Every imported rule was exercised, plus each directive's own and near-miss requests.
        #expect(outcome.total >= 3 * result.ruleSet.rules.count + 10, "\(name): only \(outcome.total) requests")
    }

    @Test func aWrongImportIsCaught() throws {
        try #require(ServerTestSupport.installed(.apache), "apache2 is not installed")
        let file = Self.fixture("legacy.htaccess")
        var result = try ApacheImporter().importFiles([file], options: ImportOptions(host: "www.example.com"))
        // Pretend the importer put mod_alias first: `Redirect /about` before the RewriteRule that
        // httpd runs first, and kept the query of the [QSD] rule.
        let about = try #require(result.ruleSet.rules.firstIndex { $0.source.text == "/about" })
        let rewrite = try #require(result.ruleSet.rules.firstIndex { $0.source.text == "~^/about$" })
        result.ruleSet.rules.swapAt(about, rewrite)
        let files = try #require(result.ruleSet.rules.firstIndex { $0.target.text == "/downloads/$1" })
        result.ruleSet.rules[files].query = .keep
        let outcome = try ApacheImportProof(files: [file], result: result).run()
        #expect(!outcome.allAgree)
        #expect(outcome.disagreements.contains { $0.request.path == "/about" && $0.observedLocation?.hasSuffix("/about-us") == true })
        #expect(outcome.disagreements.contains { $0.request.path.hasPrefix("/files/") && $0.request.query != nil })
    }
}
