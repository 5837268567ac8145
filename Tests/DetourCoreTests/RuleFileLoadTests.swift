import Testing

@testable import DetourCore

/// Loading YAML rule files: every field read, every problem reported with its position at once.
struct RuleFileLoadTests {
    func diagnostics(ofFixture name: String) throws -> [Diagnostic] {
        let path = TestSupport.fixture("bad/" + name)
        do {
            _ = try RuleFileDocument.load(path: path)
            return []
        } catch let e as RuleFileError {
            return e.diagnostics
        }
    }

    @Test func readsEveryFieldOfTheExample() throws {
        let doc = try RuleFileDocument.load(path: TestSupport.example("api-migration.yaml"))
        let set = doc.ruleSet
        #expect(set.site.hosts == [.exact("example.com"), .exact("www.example.com")])
        #expect(set.site.allow == [.exact("api-v2.example.com")])
        #expect(set.site.exports.first?.server == "nginx")
        let r = set.rules[0]
        #expect(r.id == "orders-v2")
        #expect(r.source.kind == .exact("/api/v1/orders"))
        #expect(r.target.isAbsolute)
        #expect(r.code == .temporaryRedirect)
        #expect(r.methods == ["POST"])
        #expect(r.cache == .noStore)
        #expect(r.rollout == Rollout(basisPoints: 2000, key: .cookie("uid")))
        #expect(r.expires == Timestamp(rfc3339: "2036-12-31T00:00:00Z"))
        #expect(r.examples.first?.method == "POST")
        #expect(r.examples.first?.headers.first?.0 == "Cookie")
        #expect(set.lines[0] == 13)
        guard case .regex(let re) = set.rules[1].source.kind else {
            Issue.record("not a regex")
            return
        }
        #expect(re.groupCount == 1)
        #expect(set.rules[1].target.parts.contains(.group(1)))
    }

    @Test func unknownKeySuggestsTheClosest() throws {
        let d = try diagnostics(ofFixture: "unknown-key.yaml")
        #expect(d.count >= 1)
        #expect(d[0].line == 6 && d[0].column == 5)
        #expect(d[0].message.contains("unknown key 'taget'") && d[0].message.contains("did you mean 'target'"))
        #expect(d[0].description.hasSuffix("unknown-key.yaml:6:5: " + d[0].message))
    }

    @Test func wrongTypesAreNamedWithTheirPositions() throws {
        let d = try diagnostics(ofFixture: "wrong-types.yaml")
        // A code written as text is readable: its rule is invalid (DT070), not the file.
        #expect(!d.contains { $0.line == 5 })
        #expect(d.contains { $0.line == 7 && $0.message.contains("'source' must be text, found a list") })
        #expect(d.contains { $0.line == 10 && $0.message.contains("true or false, found 'yes'") })
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let d = try diagnostics(ofFixture: "many-errors.yaml")
        let unreadable: [(Int, String)] = [
            (2, "'bad host' in 'hosts' is not a host name"),
            (3, "did you mean 'scheme'"),
            (28, "duplicate id 'ok'")
        ]
        for (line, text) in unreadable {
            #expect(d.contains { $0.line == line && $0.message.contains(text) }, "missing line \(line): \(text) in \(d)")
        }
        #expect(d.count == unreadable.count, "\(d)")
        // With the unreadable parts fixed, the file loads; each field that does not give a value
        // makes its rule invalid (DT070), placed at the field.
        let text = try String(contentsOfFile: TestSupport.fixture("bad/many-errors.yaml"), encoding: .utf8)
            .replacingOccurrences(of: ", \"bad host\"", with: "").replacingOccurrences(of: "schema:", with: "scheme:")
            .replacingOccurrences(of: "  - id: ok\n    source: /dup", with: "  - id: dup\n    source: /dup")
        let problems = try TestSupport.problems(text)
        let invalid: [(Int, String)] = [
            (10, "lookahead '(?=' is outside the portable subset"),
            (17, "RFC 3339"),
            (22, "from 0 to 100"),
            (27, "'cache' must be"),
            (34, "cannot contain a space"),
            (38, "placeholder $2 has no group")
        ]
        for (line, text) in invalid {
            #expect(problems.contains { $0.line == line && $0.message.contains(text) }, "missing line \(line): \(text) in \(problems)")
        }
        #expect(problems.count == invalid.count)
        // The regex error points at the construct itself: `~^/a(?=b)` starts at column 13, '(' is at 17.
        let re = try #require(problems.first { $0.line == 10 })
        #expect(re.column == 17)
    }

    @Test(arguments: ["tabs.yaml", "empty.yaml", "alias-bomb.yaml", "invalid-utf8.yaml"])
    func malformedInputGivesAPositionedErrorNotACrash(name: String) throws {
        let d = try diagnostics(ofFixture: name)
        #expect(!d.isEmpty)
        #expect(d.allSatisfy { $0.line >= 1 && $0.column >= 1 && !$0.message.isEmpty })
    }

    @Test func specificMalformedMessages() throws {
        #expect(try diagnostics(ofFixture: "tabs.yaml").first?.message.contains("tab") == true)
        #expect(try diagnostics(ofFixture: "empty.yaml").first?.message.contains("empty") == true)
        #expect(try diagnostics(ofFixture: "alias-bomb.yaml").first?.message.contains("anchors") == true)
        // A target with a space deep in a 1 MB line: the rule is invalid, placed at the space.
        let huge = try RuleFileDocument.load(path: TestSupport.fixture("bad/huge-line.yaml")).ruleSet.rules.flatMap(\.problems)
        #expect(huge.first?.line == 4 && huge.first?.column == 1_048_590 && huge.first?.message.contains("space") == true)
        let utf = try diagnostics(ofFixture: "invalid-utf8.yaml")
        #expect(utf.first?.message.contains("UTF-8") == true && utf.first?.line == 3)
    }

    @Test func aHugeLineStillLoadsWhenValid() throws {
        let text = "rules:\n  - id: big\n    source: /" + String(repeating: "b", count: 1 << 20) + "\n    target: /x\n    code: 301\n"
        let f = try TestSupport.yaml(text)
        #expect(f.ruleSet.rules[0].source.text.count == (1 << 20) + 1)
    }

    @Test func missingRequiredFieldsAreNamed() {
        let d = TestSupport.loadErrors("rules:\n  - id: a\n    source: /a\n")
        #expect(d.contains { $0.message.contains("has no 'target'") })
        #expect(d.contains { $0.message.contains("has no 'code'") })
    }

    @Test func rolloutShortAndLongForms() throws {
        let f = try TestSupport.yaml(
            """
            rules:
              - {id: a, source: /a, target: /b, code: 307, rollout: 20%}
              - {id: b, source: /c, target: /d, code: 307, rollout: {percent: 12.5, by: "header:X-User", salt: s1}}
            """)
        #expect(f.ruleSet.rules[0].rollout == Rollout(basisPoints: 2000, key: .ip))
        #expect(f.ruleSet.rules[1].rollout == Rollout(basisPoints: 1250, key: .header("X-User"), salt: "s1"))
    }

    @Test func sourceQueryRequirementsBecomeConditions() throws {
        let f = try TestSupport.yaml("rules:\n  - {id: a, source: \"/index.php?id=*&lang=de\", target: /b, code: 301}\n")
        let r = f.ruleSet.rules[0]
        #expect(r.source.kind == .exact("/index.php"))
        #expect(r.allConditions == [Condition(kind: .query, name: "id", value: .present), Condition(kind: .query, name: "lang", value: .exact("de"))])
    }

    @Test func whenConditionsOfEveryKind() throws {
        let f = try TestSupport.yaml(
            """
            rules:
              - id: geo
                source: /
                target: /de/
                code: 307
                when:
                  header: {X-Country: DE}
                  cookie: {beta: "*"}
                  query: {v: "~^[0-9]+$"}
            """)
        let c = f.ruleSet.rules[0].conditions
        #expect(c.count == 3)
        #expect(c[0] == Condition(kind: .header, name: "X-Country", value: .exact("DE")))
        #expect(c[1].value == .present)
        if case .regex(let r) = c[2].value { #expect(r.pattern == "^[0-9]+$") } else { Issue.record("not a regex") }
    }

    @Test func rulesWithoutIdsGetStableGeneratedOnes() throws {
        let f = try TestSupport.yaml("rules:\n  - source: /a\n    target: /b\n    code: 301\n")
        #expect(f.ruleSet.rules[0].id == "rule-2")
        #expect(f.render(f.ruleSet) == f.bytes)
    }
}
