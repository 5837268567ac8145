import Foundation
import Testing

@testable import DetourCore

/// `detour import wordpress|cloudflare` and `detour import apache` from the command line: the
/// CSV exports become a rule file with a `site:` made from the hosts their rows use, a file of
/// the other dialect is refused with the importer to use, and the Apache import reports on
/// stderr and exits 1 when something was not carried.
@Suite("detour import wordpress, cloudflare and apache")
struct ImportCSVDialectTests {
    static let fixtures = "Tests/DetourCoreTests/Fixtures/import/"

    @Test func wordpressRowsGetTheSiteFromHostAndAllowTheirOtherHosts() throws {
        let r = try CLIRunner.run(["import", "wordpress", Self.fixtures + "csv/redirection.csv", "--host", "www.example.com"])
        #expect(r.status == 0)
        #expect(r.stderr == "imported 4 rules, skipped 0 non-redirect directives, 0 not imported\n")
        let file = try YAMLRuleFile.parse(Array(r.stdout.utf8), file: "stdout.yaml")
        #expect(file.ruleSet.site.hosts == [.exact("www.example.com")])
        #expect(file.ruleSet.site.allow == [.exact("shop.example.com"), .exact("partner.example.net")])
        #expect(file.ruleSet.rules.map(\.source.text) == ["/old-about", "~^/shop/(.*)", "/summer-sale", "/partners"])
        #expect(file.ruleSet.rules[2].enabled == false)
        #expect(file.ruleSet.rules[0].note == "About page moved")
    }

    @Test func cloudflareSourceHostsBecomeTheSite() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLIRunner.run(["import", "cloudflare", Self.fixtures + "csv/bulk-redirects.csv", "-o", dir + "/site.yaml"])
        #expect(r.status == 0)
        let back = try RuleFileDocument.load(path: dir + "/site.yaml")
        #expect(back.ruleSet.site.hosts.map(\.description) == ["example.com", "www.example.com", "*.example.net"])
        #expect(back.ruleSet.site.allow == [.exact("blog.example.com")])
        #expect(back.ruleSet.rules.map { $0.host?.description ?? "" } == ["example.com", "www.example.com", "*.example.net"])
        #expect(back.ruleSet.rules[1].source.text == "/blog/*")
        #expect(back.ruleSet.rules[1].query == .drop)
    }

    @Test func theOtherDialectNamesTheImporterToUse() throws {
        let r = try CLIRunner.run(["import", "cloudflare", Self.fixtures + "csv/redirection.csv"])
        #expect(r.status == 2)
        #expect(
            r.stderr == Self.fixtures
                + "csv/redirection.csv:1:1: this is not a Cloudflare bulk redirect CSV but a wordpress file: use detour import wordpress\n")
    }

    @Test func apacheReportGoesToStderrAndListsWhatWasNotCarried() throws {
        let r = try CLIRunner.run(["import", "apache", Self.fixtures + "apache/wordpress.htaccess", "--format", "json"])
        #expect(r.status == 1)
        let file = try YAMLRuleFile.parse(Array(r.stdout.utf8), file: "stdout.yaml")
        // Line 36's `%{HTTPS} !=on` is imported as `scheme: http`.
        #expect(file.ruleSet.rules.count == 10)
        let report = try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as! [String: Any]
        let lines = (report["notImported"] as? [[String: Any]])?.compactMap { $0["line"] as? Int }
        #expect(lines == [39, 42, 43, 44])
        let bad = try CLIRunner.run(["import", "apache", Self.fixtures + "apache/unclosed.conf"])
        #expect(bad.status == 2)
        #expect(bad.stderr == Self.fixtures + "apache/unclosed.conf:1:1: <VirtualHost> is not closed: the file ends before </VirtualHost>\n")
    }
}
