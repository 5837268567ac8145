import Foundation
import Testing

@testable import DetourCore

/// `detour import` as a user runs it: rules on stdout or in `-o`, the report on stderr or as JSON,
/// exit 0 when everything was carried, 1 when the report lists constructs, 2 for unreadable input.
@Suite("detour import command")
struct ImportCLITests {
    static let fixtures = "Tests/DetourCoreTests/Fixtures/import/nginx/"

    @Test func everythingCarriedExitsZeroWithTheRulesOnStdout() throws {
        let r = try CLIRunner.run(["import", "nginx", Self.fixtures + "maintenance.conf"])
        #expect(r.status == 0)
        #expect(r.stderr == "imported 2 rules, skipped 0 non-redirect directives, 0 not imported\n")
        // What stdout holds is a rule file Detour loads.
        let file = try YAMLRuleFile.parse(Array(r.stdout.utf8), file: "stdout.yaml")
        #expect(file.ruleSet.rules.map(\.source.text) == ["/cart", "/checkout/*"])
    }

    @Test func reportedConstructsExitOneAndTheOutputFileIsWritten() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLIRunner.run(["import", "nginx", Self.fixtures + "precedence.conf", "-o", dir + "/shop.csv", "--format", "json"])
        #expect(r.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(report["imported"] as? Int == 3)
        #expect((report["notImported"] as? [[String: Any]])?.first?["line"] as? Int == 13)
        let back = try RuleFileDocument.load(path: dir + "/shop.csv")
        #expect(back.ruleSet.rules.count == 3)
    }

    @Test func badInputExitsTwoWithAPosition() throws {
        let r = try CLIRunner.run(["import", "nginx", Self.fixtures + "truncated.conf"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix(Self.fixtures + "truncated.conf:8:1: unexpected end of file"))
        #expect(r.stdout.isEmpty)
        let missing = try CLIRunner.run(["import", "nginx", "no-such-file.conf"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("no-such-file.conf: "))
    }

    @Test func unknownFormatIsAUsageError() throws {
        let r = try CLIRunner.run(["import", "gopher", Self.fixtures + "map.conf"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown format 'gopher': use one of nginx"))
    }
}
