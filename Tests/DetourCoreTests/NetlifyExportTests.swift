import Foundation
import Testing

@testable import DetourCore

/// `detour export --to netlify`: `_redirects` and `netlify.toml`, proven without Netlify by
/// reading both back with Detour's Netlify importer and answering the same requests (through
/// Netlify's view: trailing slash folded), by the golden files, and by the limit.
@Suite("Netlify export")
struct NetlifyExportTests {
    static let view = NetlifyTarget().exportedView

    static func export(_ set: RuleSet, lenient: Bool = false) throws -> ExportOutput {
        try NetlifyExporter().export(set, options: PlatformExportSupport.options(lenient: lenient))
    }

    static func file(_ out: ExportOutput, _ name: String) -> String { out.files.first { $0.name == name }?.contents ?? "" }

    /// Both files read back with the importer (as Netlify would read them).
    static func readBack(_ out: ExportOutput) throws -> (redirects: ImportResult, toml: ImportResult) {
        let options = ImportOptions(host: "www.example.com")
        return (
            try NetlifyImporter().importText(file(out, "_redirects"), file: "_redirects", options: options),
            try NetlifyImporter().importText(file(out, "netlify.toml"), file: "netlify.toml", options: options)
        )
    }

    @Test("the golden files are what was reviewed: forced lines, placeholders, domain rules twice, TOML tables")
    func golden() throws {
        let set = try PlatformExportSupport.load(TestSupport.fixture("platform/platform-rules.yaml"))
        let out = try Self.export(set, lenient: true)
        try PlatformExportSupport.compareWithGolden(out, name: "netlify")
        #expect(out.omissions.map(\.ruleID) == ["numbered", "country", "legacy-drop", "post-only"])
        let lines = Self.file(out, "_redirects")
        #expect(lines.contains("\n/posts/:p1/:p2 /articles/:p2/:p1 302!\n"))
        #expect(
            lines.contains(
                "\nhttp://old.example.com/shop/* https://shop.example.net/:splat 301!\nhttps://old.example.com/shop/* https://shop.example.net/:splat 301!\n"
            ))
        #expect(lines.contains("\n/story id=:q1 /stories 302!\n"))
        #expect(lines.contains("\n/app /app-beta 302! Cookie=beta\n"))
    }

    @Test("the exported files read back as the same rules: every request answers alike")
    func goldenReadsBack() throws {
        let set = try PlatformExportSupport.load(TestSupport.fixture("platform/platform-rules.yaml"))
        let out = try Self.export(set, lenient: true)
        var kept = set
        let omitted = Set(out.omissions.map(\.ruleID))
        kept.rules = set.rules.filter { !omitted.contains($0.id) }
        kept.lines = []
        let back = try Self.readBack(out)
        #expect(back.redirects.report.notImported.isEmpty && back.toml.report.notImported.isEmpty)
        var requests: [HTTPRequest] = []
        for path in [
            "/home", "/home/", "/blog/x/y", "/blog/", "/posts/a/b", "/posts/a/b/c", "/docs/a/b/c", "/story", "/promo", "/app", "/caf%C3%A9", "/shop/q"
        ] {
            for q in [nil, "id=1", "utm=spring", "utm=fall&x=1"] {
                requests.append(PlatformExportSupport.request(path, query: q))
                requests.append(PlatformExportSupport.request(path, query: q, cookie: "beta=1"))
                requests.append(PlatformExportSupport.request(host: "old.example.com", path, query: q))
            }
        }
        for imported in [back.redirects.ruleSet, back.toml.ruleSet] {
            #expect(PlatformExportSupport.differences(kept, imported, view: Self.view, requests: requests) == [])
        }
    }

    /// Rules Netlify can say, drawn from a few segments so that they overlap and order matters.
    static func generatedRule(_ i: Int, _ g: inout SeededGenerator) throws -> Rule {
        let seg = ["a", "b", "old", "x1"]
        let p = { (g: inout SeededGenerator) in PlatformExportSupport.pick(seg, &g) }
        var r: Rule
        switch g.next() % 4 {
        case 0: r = try PlatformExportSupport.rule("g\(i)", "/\(p(&g))/\(p(&g))", "/t\(i)")
        case 1: r = try PlatformExportSupport.rule("g\(i)", "/\(p(&g))/*", "/t\(i)/*")
        case 2: r = try PlatformExportSupport.rule("g\(i)", "~^/\(p(&g))/([^/]+)$", "https://docs.example.com/$1/t\(i)")
        default: r = try PlatformExportSupport.rule("g\(i)", "~^/\(p(&g))/([^/]+)/(.*)$", "/t\(i)/$2/$1")
        }
        r.code = g.next() % 2 == 0 ? .movedPermanently : .found
        if g.next() % 5 == 0 { r.host = HostPattern(text: "old.example.com") }
        if g.next() % 4 == 0 {
            r.conditions.append(Condition(kind: .query, name: "k", value: g.next() % 2 == 0 ? .present : .exact("v")))
            r.query = .drop
        }
        if g.next() % 6 == 0 { r.conditions.append(Condition(kind: .cookie, name: "beta", value: .present)) }
        return r
    }

    @Test("generated rule sets survive export → import unchanged in behaviour (both files)")
    func roundTripProperty() throws {
        var g = SeededGenerator(state: 0x0E71_1F7)
        for round in 0..<40 {
            let rules = try (0..<12).map { try Self.generatedRule(round * 100 + $0, &g) }
            let set = RuleSet(rules: rules, lines: Array(1...rules.count))
            let out = try Self.export(set)
            let back = try Self.readBack(out)
            var requests: [HTTPRequest] = []
            for a in ["a", "b", "old", "x1", "zz"] {
                for b in ["a", "b", "old", "x1", "p/q", "a/"] {
                    for q in [nil, "k=v", "k=w", "z=1"] {
                        requests.append(PlatformExportSupport.request("/\(a)/\(b)", query: q))
                        requests.append(PlatformExportSupport.request("/\(a)/\(b)", query: q, cookie: "beta=1"))
                        requests.append(PlatformExportSupport.request(host: "old.example.com", "/\(a)/\(b)", query: q))
                    }
                }
            }
            for imported in [back.redirects.ruleSet, back.toml.ruleSet] {
                let diff = PlatformExportSupport.differences(set, imported, view: Self.view, requests: requests)
                #expect(diff == [], "round \(round): \(diff)\n\(Self.file(out, "_redirects"))")
            }
        }
    }

    @Test(
        "what Netlify cannot say is refused naming the rule and the feature",
        arguments: [
            ("307", "/a", "/b", "DT080 rule x: the target cannot express exact: Netlify redirects answer 301 or 302"),
            ("regex", "~^/a/(\\d+)$", "/b/$1", "cannot express regex"),
            ("prefix", "/a-*", "/b/*", "ends inside a segment"),
            ("placeholder", "/a/:id", "/b", "':i', which Netlify reads as a placeholder"),
            ("query-keep", "/a?k=1", "/b", "cannot express query keep")
        ])
    func refusals(kind: String, source: String, target: String, message: String) throws {
        var r = try PlatformExportSupport.rule("x", source, target, code: kind == "307" ? .temporaryRedirect : .movedPermanently)
        if kind == "query-keep" { r.query = .keep }
        #expect {
            _ = try Self.export(RuleSet(rules: [r]))
        } throws: { "\($0)".contains(message) }
    }

    @Test("header tests, cookie values, methods and a query that cannot be dropped are refused")
    func conditionRefusals() throws {
        var header = try PlatformExportSupport.rule("h", "/a", "/b")
        header.conditions = [Condition(kind: .header, name: "X-Country", value: .exact("DE"))]
        var cookie = try PlatformExportSupport.rule("c", "/a", "/b")
        cookie.conditions = [Condition(kind: .cookie, name: "beta", value: .exact("1"))]
        var methods = try PlatformExportSupport.rule("m", "/a", "/b")
        methods.methods = ["POST"]
        var drop = try PlatformExportSupport.rule("d", "/a", "/b")
        drop.query = .drop
        #expect {
            _ = try Self.export(RuleSet(rules: [header, cookie, methods, drop]))
        } throws: { error in
            let lines = "\(error)".split(separator: "\n")
            return lines.count == 4 && lines[0].contains("rule h") && lines[0].contains("no request header")
                && lines[1].contains("rule c") && lines[1].contains("present, not its value") && lines[2].contains("rule m")
                && lines[2].contains("methods") && lines[3].contains("rule d") && lines[3].contains("query drop")
        }
    }

    @Test("--standalone is refused: a platform runs nothing locally")
    func standaloneRefused() throws {
        var o = PlatformExportSupport.options()
        o.standaloneListen = ListenAddress(host: "127.0.0.1", port: 18080)
        #expect {
            _ = try NetlifyExporter().export(try PlatformExportSupport.exactRules(1), options: o)
        } throws: { "\($0)".contains("--standalone: netlify is a hosted platform") }
    }

    @Test("a 10⁴-rule set fits the limit exactly and reads back rule for rule")
    func tenThousandRules() throws {
        let set = try PlatformExportSupport.exactRules(10_000)
        let out = try Self.export(set)
        #expect(out.exportedRuleCount == 10_000)
        let back = try Self.readBack(out)
        #expect(back.redirects.ruleSet.rules.count == 10_000 && back.toml.ruleSet.rules.count == 10_000)
        #expect(back.redirects.ruleSet.rules[9_999].source.text == "/old/9999" && back.redirects.ruleSet.rules[9_999].target.text == "/new/9999")
    }

    @Test("over 10,000 Netlify rules the export is refused naming the limit, the count and the first rules over it; --lenient keeps 10,000")
    func overTheLimit() throws {
        var set = try PlatformExportSupport.exactRules(9_999)
        var hosted = try PlatformExportSupport.rule("hosted", "/h", "/i")
        hosted.host = HostPattern(text: "old.example.com")
        set.rules.insert(hosted, at: 0)
        set.lines.insert(1, at: 0)
        // One host rule is two Netlify rules: 10,001 in all, and the last rule does not fit.
        #expect {
            _ = try Self.export(set)
        } throws: { error in
            let text = "\(error)"
            return text.contains("10001 Netlify rules, over the limit of 10000 redirect rules per site")
                && text.contains("https://docs.netlify.com/routing/redirects/") && text.contains("Over the limit: r9998 (line 9999)")
        }
        let out = try Self.export(set, lenient: true)
        #expect(out.exportedRuleCount == 9_999 && out.omissions.map(\.ruleID) == ["r9998"])
        #expect(Self.file(out, "_redirects").contains("# LEFT OUT (--lenient): line 9999: rule r9998: over the limit of 10000"))
        #expect(
            NetlifyTarget().limitSummary(for: set)
                == "netlify: 10001 Netlify rules, over the 10000 Netlify recommends; 1 host rule written twice (http and https)")
    }

    @Test("the bundled examples: what Netlify can say reads back; the 12,000-rule migration is over the limit")
    func bundledExamples() throws {
        for name in ["api-migration.yaml", "operations.yaml"] {
            let set = try PlatformExportSupport.load(TestSupport.example(name))
            let out = try Self.export(set, lenient: true)
            let back = try Self.readBack(out)
            #expect(back.redirects.ruleSet.rules.count == out.exportedRuleCount, "\(name)")
            #expect(out.omissions.allSatisfy { $0.reason.contains("DT080") }, "\(name)")
        }
        let migration = try PlatformExportSupport.load(TestSupport.example("site-migration.csv"))
        #expect {
            _ = try Self.export(migration)
        } throws: { "\($0)".contains("12000 Netlify rules, over the limit of 10000") }
        let out = try Self.export(migration, lenient: true)
        #expect(out.exportedRuleCount == 10_000 && out.omissions.count == 2_000)
        #expect(try Self.readBack(out).redirects.ruleSet.rules.count == 10_000)
    }
}
