import Foundation
import Testing

@testable import DetourCore

/// A file with rules that cannot work as written, through the built binary: `check` reports them
/// as DT070 with line and column in every format and exits 1 (not 2); simulate, export and verify
/// name each rule they leave out.
@Suite(.serialized) struct InvalidRuleCLITests {
    static let file = InvalidRuleTests.yamlPath
    static let now = ["--now", "2026-11-25T00:00:00Z"]

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test func checkPrintsJSONWithTheInvalidRulesAndTheOthersFindings() throws {
        let r = try CLIRunner.run(["check", Self.file, "--format", "json"] + Self.now)
        #expect(r.status == 1)
        let findings = try Self.json(r.stdout)["findings"] as? [[String: Any]] ?? []
        let invalid = findings.filter { $0["check"] as? String == "DT070" }
        #expect(invalid.compactMap { ($0["rules"] as? [String])?.first } == ["legacy", "missing-group"])
        let locations = invalid.compactMap { $0["location"] as? [String: Int] }
        #expect(locations == [["line": 12, "column": 17], ["line": 28, "column": 23]])
        #expect((invalid.first?["message"] as? String)?.contains("lookbehind") == true)
        // The valid rules are checked: the loop between /a and /b is there.
        #expect(findings.contains { $0["check"] as? String == "DT010" })
    }

    @Test func checkPrintsSARIFWithTheInvalidRulesRegion() throws {
        let r = try CLIRunner.run(["check", Self.file, "--format", "sarif"] + Self.now)
        #expect(r.status == 1)
        let sarif = try Self.json(r.stdout)
        let run = (sarif["runs"] as? [[String: Any]])?.first ?? [:]
        let results = run["results"] as? [[String: Any]] ?? []
        let invalid = results.filter { $0["ruleId"] as? String == "DT070" }
        #expect(invalid.count == 2)
        let regions = invalid.compactMap { result -> [String: Int]? in
            let location = (result["locations"] as? [[String: Any]])?.first
            let physical = location?["physicalLocation"] as? [String: Any]
            return physical?["region"] as? [String: Int]
        }
        #expect(regions == [["startLine": 12, "startColumn": 17], ["startLine": 28, "startColumn": 23]])
        #expect(results.contains { $0["ruleId"] as? String == "DT010" })
    }

    @Test func checkTextNamesTheFieldsPosition() throws {
        let r = try CLIRunner.run(["check", Self.file] + Self.now)
        #expect(r.status == 1)
        #expect(r.stdout.contains("rule legacy") && r.stdout.contains("DT070") && r.stdout.contains("(12:17)"))
        #expect(r.stdout.contains("(28:23)"))
    }

    @Test func checkOfACSVFileReportsItsInvalidRows() throws {
        let r = try CLIRunner.run(["check", InvalidRuleTests.csvPath, "--format", "json"] + Self.now)
        #expect(r.status == 1)
        let findings = try Self.json(r.stdout)["findings"] as? [[String: Any]] ?? []
        let invalid = findings.filter { $0["check"] as? String == "DT070" }
        #expect(
            invalid.compactMap { $0["location"] as? [String: Int] } == [
                ["line": 3, "column": 14], ["line": 4, "column": 26], ["line": 5, "column": 16]
            ])
    }

    @Test func simulateSkipsTheInvalidRulesAndSaysSo() throws {
        let r = try CLIRunner.run(["simulate", Self.file, "GET", "/blog/x", "--at", "2026-11-25T00:00:00Z"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("/news/x"))
        #expect(r.stderr.contains("one-invalid-rule.yaml:12:17: skipping rule 'legacy'"))
        #expect(r.stderr.contains("one-invalid-rule.yaml:28:23: skipping rule 'missing-group'"))
        let p = try CLIRunner.run(["simulate", Self.file, "GET", "/p/7", "--at", "2026-11-25T00:00:00Z"])
        #expect(p.status == 0 && !p.stdout.contains("/products"))
    }

    @Test func exportRefusesUnlessAllowedAndThenSkipsTheInvalidRules() throws {
        let dir = TestSupport.tempDir()
        let refused = try CLIRunner.run(["export", Self.file, "--to", "nginx", "-o", dir + "/a"] + Self.now)
        #expect(refused.status == 1 && refused.stderr.contains("DT070"))
        let allowed = try CLIRunner.run(["export", Self.file, "--to", "nginx", "-o", dir + "/b", "--allow-findings"] + Self.now)
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("skipping rule 'legacy'") && allowed.stderr.contains("skipping rule 'missing-group'"))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/b").filter { $0.hasSuffix(".conf") }
        let config = try names.map { try String(contentsOfFile: dir + "/b/" + $0, encoding: .utf8) }.joined()
        #expect(config.contains("old-blog") && !config.contains("missing-group"))
    }

    static let structured = """
        site:
          hosts: [example.com]
        rules:
          - id: m
            source: /a
            target: /b
            code: 307
            methods: [GET, FETCH]
          - id: w
            source: /c
            target: /d
            code: 302
            when: {header: {X-A: "~(?<=a)b"}}
          - id:   c
            source: /i
            target: /j
            code: 399
            expires: 2026-13-45

        """

    @Test func fmtKeepsInvalidRulesAsTypedAndConvertRefusesWhatItCannotCarry() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/r.yaml"
        try Self.structured.write(toFile: path, atomically: true, encoding: .utf8)
        let fmt = try CLIRunner.run(["fmt", path])
        #expect(fmt.status == 0)
        // Valid rules would be rewritten; these cannot be, so every byte stays (even `id:   c`).
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.structured)
        let convert = try CLIRunner.run(["convert", path, dir + "/r.csv"])
        #expect(convert.status == 1)
        #expect(convert.stderr.contains("r.yaml:8:20: rule 'm': unknown method 'FETCH'"))
        #expect(convert.stderr.contains("r.yaml:13:28: rule 'w': when.header.X-A: lookbehind"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.csv"))
    }
}
