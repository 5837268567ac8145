import Foundation
import Testing

@testable import DetourCore

/// `detour import netlify|vercel|traefik` as a user runs them: rules on stdout, the report on
/// stderr or as JSON (with notes), exit 1 when constructs are reported, 2 for positioned errors.
@Suite("detour import for Netlify, Vercel and Traefik")
struct PlatformImportCLITests {
    static let fixtures = "Tests/DetourCoreTests/Fixtures/import/"

    @Test func netlifyRulesGoToStdoutAndTheNotesToStderr() throws {
        let r = try CLIRunner.run(["import", "netlify", Self.fixtures + "netlify/_redirects", "--host", "www.example.com"])
        #expect(r.status == 0)
        let file = try YAMLRuleFile.parse(Array(r.stdout.utf8), file: "stdout.yaml")
        #expect(file.ruleSet.rules.count == 9)
        #expect(file.ruleSet.site.trailingSlash == .fold)
        #expect(r.stderr.contains("note: 7 rules have no '!'"))
        #expect(r.stderr.hasSuffix("imported 9 rules, skipped 0 non-redirect directives, 0 not imported\n"))
    }

    @Test func vercelReportAsJSON() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLIRunner.run(["import", "vercel", Self.fixtures + "vercel/reported.json", "-o", dir + "/rules.yaml", "--format", "json"])
        #expect(r.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(report["imported"] as? Int == 0)
        #expect((report["notImported"] as? [[String: Any]])?.map { $0["line"] as? Int } == [2, 4, 5, 6, 7])
    }

    @Test func traefikImportsAndBadInputIsPositioned() throws {
        let ok = try CLIRunner.run(["import", "traefik", Self.fixtures + "traefik/dynamic.toml"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("source: ~^/checkout/(.*)$"))
        let bad = try CLIRunner.run(["import", "vercel", Self.fixtures + "vercel/missing-comma.json"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix(Self.fixtures + "vercel/missing-comma.json:4:5: expected ',' or ']' after a list item"))
        #expect(bad.stdout.isEmpty)
    }

    @Test func verifyIsRefusedWhereNoServerRuns() throws {
        let r = try CLIRunner.run(["import", "netlify", Self.fixtures + "netlify/_redirects", "--verify"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--verify runs a real server: it is available for apache, nginx, traefik, not netlify"))
    }
}
