import Foundation
import Testing

@testable import DetourCore

/// A rule whose fields are readable but do not work (a regex outside the subset, a placeholder
/// without a group, code 305) is a DT070 finding at the field, not a file that cannot be loaded:
/// the other rules are still checked, matching and export leave it out, a save keeps it as typed.
struct InvalidRuleTests {
    static let yamlPath = TestSupport.fixture("invalid/one-invalid-rule.yaml")
    static let csvPath = TestSupport.fixture("invalid/one-invalid-rule.csv")
    static let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!

    @Test func aRuleWithAnUncompilableRegexLoadsAsInvalidWithItsPosition() throws {
        let doc = try RuleFileDocument.load(path: Self.yamlPath)
        let rules = doc.ruleSet.rules
        #expect(rules.map(\.id) == ["old-blog", "legacy", "loop-a", "loop-b", "missing-group"])
        #expect(rules.map(\.isInvalid) == [false, true, false, false, true])
        let legacy = rules[1].problems
        #expect(legacy.count == 1 && legacy[0].field == "source")
        #expect(legacy[0].message.contains("lookbehind"))
        // `    source: '~^/(?<=x)…`: the quote is column 13, the lookbehind starts at column 17.
        #expect(legacy[0].line == 12 && legacy[0].column == 17)
        #expect(rules[1].source.text == "~^/(?<=x)legacy/(\\d+)$" && rules[1].target.text == "/items/$1")
        let group = rules[4].problems
        #expect(group.count == 1 && group[0].field == "target" && group[0].message.contains("$2"))
        #expect(group[0].line == 28 && group[0].column == 23)
    }

    @Test func checkReportsTheInvalidRulesAndStillChecksTheOthers() throws {
        let doc = try RuleFileDocument.load(path: Self.yamlPath)
        let findings = Validator(now: Self.now).validate(doc.ruleSet)
        let invalid = findings.filter { $0.check == "DT070" }
        #expect(invalid.map(\.rules) == [["legacy"], ["missing-group"]])
        #expect(invalid.map(\.position) == [FilePosition(line: 12, column: 17), FilePosition(line: 28, column: 23)])
        #expect(invalid.allSatisfy { $0.severity == .error })
        // The loop between the two valid rules is found as if the invalid rules were not there.
        #expect(findings.contains { $0.check == "DT010" && Set($0.rules) == ["loop-a", "loop-b"] })
        let locator = FindingLocator(fileBytes: try AtomicFile.read(Self.yamlPath), isYAML: true)
        #expect(locator.locate(invalid[0]) == (12, 17))
    }

    @Test func matchingAndExportLeaveTheInvalidRulesOut() throws {
        let doc = try RuleFileDocument.load(path: Self.yamlPath)
        let simulator = Simulator(ruleSet: doc.ruleSet)
        // `/p/7` fits missing-group's (valid) source, but the rule cannot be answered: the origin answers.
        let p = simulator.respond(to: HTTPRequest(method: "GET", scheme: "https", host: "example.com", path: "/p/7", time: Self.now))
        #expect(p.status == nil)
        let blog = simulator.respond(to: HTTPRequest(method: "GET", scheme: "https", host: "example.com", path: "/blog/x", time: Self.now))
        #expect(blog.ruleID == "old-blog")
        var options = ExportOptions(directory: TestSupport.tempDir(), sourceFile: Self.yamlPath)
        options.now = Self.now
        let out = try ServerKind.nginx.target.exporter.export(doc.ruleSet.withoutInvalidRules(), options: options)
        let config = out.files.map(\.contents).joined()
        #expect(config.contains("old-blog") && !config.contains("legacy") && !config.contains("missing-group"))
        // Handed the whole set, the exporter leaves them out just the same.
        let whole = try ServerKind.nginx.target.exporter.export(doc.ruleSet, options: options).files.map(\.contents).joined()
        #expect(!whole.contains("missing-group"))
        let skipped = doc.ruleSet.skippedRuleMessages(file: "r.yaml")
        #expect(skipped.count == 2)
        #expect(skipped[0].hasPrefix("r.yaml:12:17: skipping rule 'legacy'") && skipped[0].contains("lookbehind") && skipped[0].hasSuffix("(DT070)"))
        #expect(skipped[1].hasPrefix("r.yaml:28:23: skipping rule 'missing-group'") && skipped[1].contains("$2"))
    }

    @Test func aSaveKeepsAnUntouchedInvalidRuleByteForByte() throws {
        let bytes = try AtomicFile.read(Self.yamlPath)
        let doc = try RuleFileDocument(path: Self.yamlPath, bytes: bytes)
        #expect(doc.render(doc.ruleSet) == bytes)
        var edited = doc.ruleSet
        edited.rules[3].target = try Target.parse("/c", captureCount: 0, sourceIsPrefix: false)
        let text = String(decoding: doc.render(edited), as: UTF8.self)
        let original = String(decoding: bytes, as: UTF8.self)
        #expect(text == original.replacingOccurrences(of: "source: /b\n    target: /a", with: "source: /b\n    target: /c"))
        // Rewritten from scratch (fmt, convert), an invalid rule's fields are still as typed.
        let canonical = RuleYAMLWriter.document(doc.ruleSet)
        let reread = try RuleFileDocument(path: "x.yaml", bytes: Array(canonical.utf8)).ruleSet
        #expect(reread.rules.map(\.isInvalid) == doc.ruleSet.rules.map(\.isInvalid))
        #expect(reread.rules[1].source.text == doc.ruleSet.rules[1].source.text)
        #expect(reread.rules[4].target.text == "/products/$2")
    }

    @Test func otherFieldsThatDoNotParseMakeTheRuleInvalidToo() throws {
        let set = try TestSupport.yaml(
            """
            rules:
              - id: bad-code
                source: /a
                target: /b
                code: 305
              - id: bad-expiry
                source: /c
                target: /d
                code: 301
                expires: 2026-13-45
              - id: bad-method
                source: /e
                target: /f
                code: 307
                methods: [GET, FETCH]

            """
        ).ruleSet
        #expect(set.rules.map(\.isInvalid) == [true, true, true])
        #expect(set.rules[0].problems.map(\.field) == ["code"] && set.rules[0].problems[0].text == "305")
        #expect(set.rules[0].problems[0].line == 5 && set.rules[0].problems[0].column == 11)
        #expect(set.rules[1].problems.map(\.field) == ["expires"] && set.rules[1].problems[0].line == 10)
        #expect(set.rules[2].problems.map(\.field) == ["methods"] && set.rules[2].problems[0].message.contains("FETCH"))
        // fmt and convert write the typed text back.
        let again = try TestSupport.yaml(RuleYAMLWriter.document(set)).ruleSet
        #expect(again.rules[0].problems[0].text == "305" && again.rules[1].problems[0].text == "2026-13-45")
    }

    @Test func unreadableStructureIsStillALoadError() {
        let missing = TestSupport.loadErrors("rules:\n  - id: x\n    source: /a\n    code: 301\n")
        #expect(missing.contains { $0.message.contains("has no 'target'") })
        let unknownKey = TestSupport.loadErrors("rules:\n  - id: x\n    source: /a\n    taget: /b\n    target: /b\n    code: 301\n")
        #expect(unknownKey.contains { $0.message.contains("unknown key 'taget'") })
        let syntax = TestSupport.loadErrors("rules:\n  - id: [x\n")
        #expect(!syntax.isEmpty)
    }

    @Test func csvRowsThatDoNotWorkAreInvalidRulesAtTheirField() throws {
        let bytes = try AtomicFile.read(Self.csvPath)
        let doc = try RuleFileDocument.load(path: Self.csvPath)
        let rules = doc.ruleSet.rules
        #expect(rules.map(\.id) == ["ok", "bad-regex", "bad-group", "bad-code"])
        #expect(rules.map(\.isInvalid) == [false, true, true, true])
        #expect(rules[1].problems[0].field == "source" && rules[1].problems[0].line == 3)
        // `bad-regex,~^/(?<=x)y$`: the source starts at column 11, the lookbehind at 14.
        #expect(rules[1].problems[0].column == 14)
        #expect(rules[2].problems[0].field == "target" && rules[2].problems[0].column == 26)
        #expect(rules[3].problems[0].field == "code" && rules[3].problems[0].text == "305" && rules[3].problems[0].column == 16)
        #expect(doc.render(doc.ruleSet) == bytes)
        // A parse from a mapping (the bulk path) reads the same rules.
        let mapped = try AtomicFile.withMappedBytesAndStamp(Self.csvPath) { b, _ in try CSVRuleFile.parse(mapped: b, file: Self.csvPath) }
        #expect(mapped.ruleSet.rules == rules)
        let findings = Validator(now: Self.now).validate(doc.ruleSet).filter { $0.check == "DT070" }
        #expect(findings.map(\.rules) == [["bad-regex"], ["bad-group"], ["bad-code"]])
        // Rewritten as a new file, the typed texts stay.
        let fresh = CSVRuleFile.empty(file: "x.csv").render(doc.ruleSet)
        let reread = try CSVRuleFile.parse(fresh, file: "x.csv").ruleSet
        #expect(reread.rules.map(\.isInvalid) == [false, true, true, true])
        #expect(reread.rules[3].problems[0].text == "305")
    }
}
