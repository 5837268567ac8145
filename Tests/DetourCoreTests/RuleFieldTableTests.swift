import Foundation
import Testing

@testable import DetourCore

/// The rule field table drives YAML, CSV, "did you mean" and the docs and schema: every field of
/// the table reaches each of them, and a value written by one reads back the same.
struct RuleFieldTableTests {
    /// A rule with every field away from its default.
    static func fullRule() throws -> Rule {
        var r = Rule(
            id: "orders-v2", source: try Source.parse("/api/*"),
            target: try Target.parse("https://api.example.com/*", captureCount: 0, sourceIsPrefix: true), code: .temporaryRedirect)
        r.enabled = false
        r.host = HostPattern(text: "*.example.com")
        r.scheme = "http"
        r.methods = ["POST", "PUT"]
        r.conditions = [
            Condition(kind: .header, name: "X-Env", value: .exact("beta")), Condition(kind: .cookie, name: "uid", value: .present),
            Condition(kind: .query, name: "v", value: try ConditionValue.parse("~^[0-9]+$"))
        ]
        r.query = .drop
        r.cache = .noStore
        r.rollout = Rollout(basisPoints: 1250, key: .cookie("uid"), salt: "s1")
        r.starts = Timestamp(rfc3339: "2026-01-01T00:00:00Z")
        r.expires = Timestamp(rfc3339: "2026-12-31T00:00:00Z")
        r.note = "phased migration"
        r.tags = ["api", "v2"]
        r.owner = "team-orders"
        r.examples = [
            RuleExample(method: "POST", url: "/api/orders", expect: .redirect(.temporaryRedirect, location: "https://api.example.com/orders"))
        ]
        return r
    }

    @Test func everyColumnsTextReadsBackToTheSameValue() throws {
        let full = try Self.fullRule()
        var rebuilt = Rule(
            id: "x", source: try Source.parse("/"), target: try Target.parse("/", captureCount: 0, sourceIsPrefix: false), code: .found)
        for column in RuleFieldTable.columns {
            let text = column.text(full)
            #expect(!text.isEmpty, "\(column.name) of a rule with every field set")
            try column.read(text, into: &rebuilt)
            #expect(column.text(rebuilt) == text, "\(column.name)")
        }
        #expect(rebuilt == full)
        // Empty text is the default, and the default's text is empty.
        let plain = Rule(
            id: "p", source: try Source.parse("/a"), target: try Target.parse("/b", captureCount: 0, sourceIsPrefix: false), code: .movedPermanently)
        var reset = full
        for column in RuleFieldTable.columns
        where !RuleFieldTable.fields.contains(where: { $0.isRequired && $0.columns.contains { $0.name == column.name } }) && column.name != "id" {
            try column.read("", into: &reset)
            #expect(column.text(plain) == "", "\(column.name) of a plain rule")
            #expect(column.isDefault(plain) && !column.isDefault(full), "\(column.name): isDefault agrees with the text")
        }
        var expected = plain
        expected.id = full.id
        expected.source = full.source
        expected.target = full.target
        expected.code = full.code
        #expect(reset == expected)
    }

    @Test func everyFieldIsWrittenAndReadByYAML() throws {
        let full = try Self.fullRule()
        var set = RuleSet()
        set.rules = [full]
        let text = RuleYAMLWriter.document(set)
        for field in RuleFieldTable.fields {
            #expect(text.contains("\n    \(field.name):") || text.contains("- \(field.name):"), "\(field.name) in\n\(text)")
        }
        let back = try TestSupport.yaml(text).ruleSet.rules
        #expect(back == [full])
        #expect(RuleFields.rule == RuleFieldTable.fields.map(\.name))
    }

    @Test func everyColumnIsWrittenAndReadByCSV() throws {
        var full = try Self.fullRule()
        var set = RuleSet()
        set.rules = [full]
        let bytes = CSVRuleFile.empty(file: "new.csv").render(set)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(CSVRuleFile.columns.joined(separator: ",") + "\n"), "a rule with every field needs every column")
        #expect(Set(CSVRuleFile.columns) == Set(RuleFieldTable.columns.map(\.name)))
        let back = try CSVRuleFile.parse(bytes, file: "new.csv").ruleSet.rules
        full.examples = full.examples.map { RuleExample(method: $0.method, url: $0.url, expect: $0.expect) }
        #expect(back == [full])
    }

    @Test func misspelledFieldsAreSuggestedFromTheTable() {
        for (typo, field) in [("taget", "target"), ("methds", "methods"), ("expries", "expires"), ("ownr", "owner")] {
            let d = TestSupport.loadErrors("rules:\n  - source: /a\n    target: /b\n    code: 301\n    \(typo): x\n")
            #expect(
                d.contains { $0.line == 5 && $0.message.contains("unknown key '\(typo)'") && $0.message.contains("did you mean '\(field)'") }, "\(d)")
        }
        let d = (try? CSVRuleFile.parse(Array("source,target,code,ownr\n/a,/b,301,x\n".utf8), file: "a.csv")).map { _ in [Diagnostic]() }
        #expect(d == nil, "an unknown CSV column is an error")
    }

    @Test func aFieldsErrorSaysWhatTheTableExpects() throws {
        // The rule loads, invalid (DT070), with the table's message at the field.
        let d = try TestSupport.problems("rules:\n  - source: /a\n    target: /b\n    code: 301\n    query: keap\n")
        #expect(d.map(\.message) == ["'query' must be keep or drop, found 'keap'"])
        #expect(d.first?.line == 5 && d.first?.column == 12)
        let c = try TestSupport.problems("source,target,code,query\n/a,/b,301,keap\n", file: "a.csv")
        #expect(c.map(\.message) == ["query must be keep or drop, found 'keap'"])
        #expect(c.first?.line == 2 && c.first?.column == 11)
    }

    // MARK: - Conditions

    static let oldSyntax = """
        id,source,target,code,when
        a,/a,/x,302,header.X-Country=DE;query.v=*
        b,/b,/y,302,cookie.uid=~^[a-z]+$
        c,/c,/z,302,
        """ + "\n"

    @Test func oldCSVConditionSyntaxReadsToTheSameRules() throws {
        let old = try CSVRuleFile.parse(Array(Self.oldSyntax.utf8), file: "old.csv")
        let new = try CSVRuleFile.parse(
            Array(
                Self.oldSyntax.replacingOccurrences(of: "header.X-Country=DE;query.v=*", with: "header:X-Country=DE; query:v=*")
                    .replacingOccurrences(of: "cookie.uid", with: "cookie:uid").utf8), file: "new.csv")
        #expect(old.ruleSet.rules == new.ruleSet.rules)
        #expect(
            old.ruleSet.rules[0].conditions == [
                Condition(kind: .header, name: "X-Country", value: .exact("DE")), Condition(kind: .query, name: "v", value: .present)
            ])
        // Names and values may hold the other separator.
        #expect(
            try ConditionText.parse("query.a:b=1; query:c.d=2") == [
                Condition(kind: .query, name: "a:b", value: .exact("1")), Condition(kind: .query, name: "c.d", value: .exact("2"))
            ])
    }

    @Test func aSaveWritesTheNewSyntaxOnlyForChangedRows() throws {
        let file = try CSVRuleFile.parse(Array(Self.oldSyntax.utf8), file: "old.csv")
        #expect(file.render(file.ruleSet) == Array(Self.oldSyntax.utf8), "an unchanged save keeps every byte")
        var set = file.ruleSet
        set.rules[1].code = .temporaryRedirect
        let saved = String(decoding: file.render(set), as: UTF8.self)
        #expect(saved == Self.oldSyntax.replacingOccurrences(of: "b,/b,/y,302,cookie.uid=~^[a-z]+$", with: "b,/b,/y,307,cookie:uid=~^[a-z]+$"))
        set.rules[0].code = .temporaryRedirect
        #expect(String(decoding: file.render(set), as: UTF8.self).contains("a,/a,/x,307,header:X-Country=DE; query:v=*\n"))
    }

    // MARK: - Docs and schema

    /// The rule-field rows of docs/rule-file.md as the table gives them.
    static func docRows() -> [String] {
        ["| key | type | default | meaning |", "|---|---|---|---|"]
            + RuleFieldTable.fields.map { "| `\($0.name)` | \($0.type) | \($0.defaultText) | \($0.meaning) |" }
    }

    @Test func docsListEveryFieldAsTheTableDeclaresIt() throws {
        let path = TestSupport.repoRoot + "/docs/rule-file.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let heading = try #require(lines.firstIndex(of: "### Rule fields"))
        let start = try #require(lines[heading...].firstIndex { $0.hasPrefix("|") })
        var end = lines[start...].firstIndex { !$0.hasPrefix("|") } ?? lines.count
        if ProcessInfo.processInfo.environment["DETOUR_UPDATE_DOCS"] == "1" {
            lines.replaceSubrange(start..<end, with: Self.docRows())
            end = start + Self.docRows().count
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(Array(lines[start..<end]) == Self.docRows(), "DETOUR_UPDATE_DOCS=1 swift test --filter RuleFieldTableTests rewrites them")
        let columns = CSVRuleFile.columns.joined(separator: ", ")
        #expect(text.replacingOccurrences(of: "\n", with: " ").contains("`" + columns + "`"), "the CSV columns in docs")
    }

    @Test func schemaHasEveryFieldWithTheTablesRequiredAndDefaults() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.repoRoot + "/schema/redirects.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rule = try #require((schema["$defs"] as? [String: Any])?["rule"] as? [String: Any])
        let properties = try #require(rule["properties"] as? [String: [String: Any]])
        #expect(Set(properties.keys) == Set(RuleFieldTable.fields.map(\.name)))
        #expect(Set(rule["required"] as? [String] ?? []) == Set(RuleFieldTable.fields.filter(\.isRequired).map(\.name)))
        for field in RuleFieldTable.fields {
            let stated = properties[field.name]?["default"].map { v in (v as? String) ?? ((v as? Bool).map { $0 ? "true" : "false" } ?? "\(v)") }
            #expect(stated == field.schemaDefault, "default of \(field.name)")
        }
    }
}
