import Foundation
import Testing

@testable import DetourCore

/// `detour export --to cloudflare`: a Bulk Redirect List and Single Redirect rules, proven without
/// Cloudflare by answering requests from the files with Cloudflare's documented behaviour
/// (`CloudflareModel`: the expressions read back, the list matched most-specific-first) and
/// comparing with `simulate --as cloudflare`, by reading the list back with Detour's Cloudflare
/// CSV importer, by a structural check against the documented fields and quotas, by the golden
/// files, and by the refusals at each quota.
@Suite("Cloudflare export")
struct CloudflareExportTests {
    static let view = CloudflareTarget().exportedView

    static func export(_ set: RuleSet, lenient: Bool = false) throws -> ExportOutput {
        try CloudflareExporter().export(set, options: PlatformExportSupport.options(lenient: lenient))
    }

    static func file(_ out: ExportOutput, _ name: String) -> String? { out.files.first { $0.name == name }?.contents }

    static func withPlan(_ set: RuleSet, _ plan: CloudflarePlan, hosts: [String] = ["www.example.com"]) -> RuleSet {
        var s = set
        s.site.hosts = hosts.compactMap { HostPattern(text: $0) }
        s.site.exports = [ExportTarget(server: "cloudflare", options: ["plan": plan.rawValue])]
        return s
    }

    /// The documented fields, codes and quotas of both files.
    static func structuralProblems(_ out: ExportOutput, plan: CloudflarePlan) throws -> [String] {
        var problems: [String] = []
        let codes: Set<Int> = [301, 302, 307, 308]
        let json = try #require(Self.file(out, CloudflareExporter.singleFile))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: Any]])
        if rules.count > plan.singleRedirectRules.maximum { problems.append("\(rules.count) single redirects on \(plan.title)") }
        for r in rules {
            let p = (r["action_parameters"] as? [String: Any])?["from_value"] as? [String: Any]
            let target = p?["target_url"] as? [String: Any]
            guard r["action"] as? String == "redirect", let e = r["expression"] as? String, e.count <= 4_096, let target, target.count == 1,
                target["value"] is String || target["expression"] is String, let c = p?["status_code"] as? Int, codes.contains(c),
                p?["preserve_query_string"] is Bool
            else {
                problems.append("bad single redirect \(r)")
                continue
            }
            if !plan.allowsRegex && (e.contains(" matches ") || (target["expression"] as? String ?? "").contains("regex_replace")) {
                problems.append("regex on \(plan.title): \(e)")
            }
        }
        let csv = Self.file(out, CloudflareExporter.bulkFile) ?? ""
        let lines = csv.split(separator: "\n").map(String.init)
        if lines.count > plan.bulkRedirectItems.maximum { problems.append("\(lines.count) list entries on \(plan.title)") }
        if !lines.isEmpty && Self.file(out, CloudflareExporter.bulkRuleFile) == nil { problems.append("a list without its rule") }
        var sources = Set<String>()
        for line in lines {
            let f = CloudflareModel.fields(line)
            guard f.count == 7, let c = Int(f[2]), codes.contains(c), ["TRUE", "FALSE"].contains(f[3]), f[4] == "FALSE",
                ["TRUE", "FALSE"].contains(f[5]),
                ["TRUE", "FALSE"].contains(f[6]), !f[0].contains("?"), f[1].hasPrefix("http://") || f[1].hasPrefix("https://"),
                f[0].utf8.count <= 32_768, f[1].utf8.count <= 32_768, sources.insert(f[0]).inserted
            else {
                problems.append("bad list entry \(line)")
                continue
            }
            let hostAndPath = f[0].replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
            guard let slash = hostAndPath.firstIndex(of: "/"), slash > hostAndPath.startIndex else {
                problems.append("list source without a host: \(line)")
                continue
            }
            if f[5] == "TRUE" && hostAndPath[slash...].filter({ $0 == "/" }).count > 16 {
                problems.append("subpath source with over 16 slashes: \(line)")
            }
        }
        return problems
    }

    /// Requests whose answer from the export's files (Cloudflare's documented behaviour) differs
    /// from `simulate --as cloudflare` on the rules it kept.
    static func differences(_ set: RuleSet, _ out: ExportOutput, requests: [HTTPRequest]) throws -> [String] {
        let omitted = Set(out.omissions.map(\.ruleID))
        var kept = set
        kept.rules = set.rules.filter { !omitted.contains($0.id) }
        kept.lines = []
        let model = try CloudflareModel(out)
        let simulator = Simulator(ruleSet: kept, view: view)
        var diffs: [String] = []
        for r in requests {
            let response = simulator.respond(to: r)
            let expected = response.status.map { "\($0.rawValue) \(response.location ?? "")" } ?? "origin"
            let actual = try model.answer(r)
            if expected != actual {
                diffs.append(
                    "\(r.method) \(r.scheme)://\(r.host)\(r.path)\(r.query.map { "?" + $0 } ?? "") \(r.headers.map { "\($0.name): \($0.value)" }): simulate \(expected), cloudflare \(actual)"
                )
                if diffs.count == 5 { break }
            }
        }
        return diffs
    }

    static func request(
        _ method: String = "GET", scheme: String = "https", host: String = "www.example.com", _ path: String, query: String? = nil,
        headers: [(String, String)] = [], time: Int64 = 1_780_000_000
    ) -> HTTPRequest {
        HTTPRequest(
            method: method, scheme: scheme, host: host, path: path, query: query, headers: headers.map { .init($0.0, $0.1) },
            time: Timestamp(secondsSinceEpoch: time))
    }

    @Test("the golden files are what was reviewed: list entries per host and scheme, single redirects in order, refusals listed")
    func golden() throws {
        let set = try PlatformExportSupport.load(TestSupport.fixture("platform/cloudflare-rules.yaml"))
        let out = try Self.export(set, lenient: true)
        try PlatformExportSupport.compareWithGolden(out, name: "cloudflare")
        #expect(out.omissions.map(\.ruleID) == ["see-other", "cached"])
        #expect(try Self.structuralProblems(out, plan: .business) == [])
        let csv = try #require(Self.file(out, CloudflareExporter.bulkFile))
        #expect(csv.contains("https://www.example.com/blog/,https://www.example.com/news/,301,TRUE,FALSE,TRUE,TRUE\n"))
        #expect(csv.contains("example.com/docs/,https://docs.example.com/,302,FALSE,FALSE,TRUE,FALSE\n"))
        let json = try #require(Self.file(out, CloudflareExporter.singleFile))
        // The exact rule under the later subpath entry is a single redirect, ahead of the list.
        #expect(json.contains(#""expression": "http.request.uri.path eq \"/blog/old-post\" and http.host in {\"example.com\" \"www.example.com\"}""#))
        // A regex target with a relative path: one rule per scheme, the captures from one regex_replace().
        #expect(
            json.contains(
                #"and ssl", "action": "redirect", "action_parameters": {"from_value": {"target_url": {"expression": "concat(\"https://\", http.host, regex_replace(http.request.uri.path, "#
            ))
        #expect(json.contains(#"\"/articles/${2}/${1}\"))"}, "status_code": 302"#))
        #expect(json.contains(#"concat(\"https://shop.example.net/\", substring(http.request.uri.path, 6))"#))
        #expect(Self.file(out, "README")!.hasPrefix("# Generated by detour export --to cloudflare"))
    }

    @Test("the golden export answers like simulate --as cloudflare, request by request")
    func goldenAnswers() throws {
        let set = try PlatformExportSupport.load(TestSupport.fixture("platform/cloudflare-rules.yaml"))
        let out = try Self.export(set, lenient: true)
        var requests: [HTTPRequest] = []
        for path in [
            "/blog/old-post", "/blog/x/y", "/blog/", "/blog", "/home", "/home/", "/docs/a", "/posts/a/b", "/posts/a/b/c", "/shop/q", "/app", "/find",
            "/account", "/sale", "/submit", "/done", "/%68ome", "/a/../home", "/x"
        ] {
            for q in [nil, "q=1", "src=x&q=2"] {
                for scheme in ["http", "https"] {
                    requests.append(Self.request(scheme: scheme, path, query: q))
                    requests.append(Self.request(scheme: scheme, host: "example.com", path, query: q))
                    requests.append(Self.request(scheme: scheme, host: "a.example.org", path, query: q))
                    requests.append(
                        Self.request(
                            "POST", scheme: scheme, path, query: q, headers: [("Cookie", "beta=1"), ("X-Country", "DE")], time: 1_781_000_000))
                    requests.append(Self.request("PUT", scheme: scheme, path, query: q, time: 1_700_000_000))
                }
            }
        }
        #expect(try Self.differences(set, out, requests: requests) == [])
    }

    /// Rules drawn from a few segments so that they overlap and order matters.
    static func generatedRule(_ i: Int, _ g: inout SeededGenerator) throws -> Rule {
        let seg = ["a", "b", "old", "x1"]
        let p = { (g: inout SeededGenerator) in PlatformExportSupport.pick(seg, &g) }
        var r: Rule
        switch g.next() % 7 {
        case 0, 1: r = try PlatformExportSupport.rule("g\(i)", "/\(p(&g))/\(p(&g))", "/t\(i)")
        case 2: r = try PlatformExportSupport.rule("g\(i)", "/\(p(&g))/*", "/t\(i)/*")
        case 3: r = try PlatformExportSupport.rule("g\(i)", "/\(p(&g))/\(p(&g))/*", "https://docs.example.com/t\(i)/")
        case 4: r = try PlatformExportSupport.rule("g\(i)", "~^/\(p(&g))/([^/]+)$", "https://docs.example.com/$1/t\(i)")
        case 5: r = try PlatformExportSupport.rule("g\(i)", "~^/([ab])/(x1|old)(/.*)?$", "/t\(i)/$2/$1")
        default: r = try PlatformExportSupport.rule("g\(i)", "/\(p(&g))*", "/p\(i)/*")
        }
        r.code = PlatformExportSupport.pick([.movedPermanently, .found, .temporaryRedirect, .permanentRedirect], &g)
        if g.next() % 4 == 0 { r.query = .drop }
        if g.next() % 6 == 0 { r.host = PlatformExportSupport.pick([HostPattern(text: "example.com"), HostPattern(text: "*.example.net")], &g) }
        if g.next() % 8 == 0 { r.scheme = PlatformExportSupport.pick(["http", "https"], &g) }
        if g.next() % 8 == 0 { r.methods = ["POST"] }
        if g.next() % 8 == 0 { r.conditions.append(Condition(kind: .query, name: "k", value: g.next() % 2 == 0 ? .present : .exact("v"))) }
        if g.next() % 10 == 0 { r.conditions.append(Condition(kind: .header, name: "X-Country", value: .regex(try PortableRegex("^(DE|AT)")))) }
        return r
    }

    @Test("generated rule sets: the files answer like simulate --as cloudflare (list and single redirects, order kept)")
    func answersProperty() throws {
        var g = SeededGenerator(state: 0xC10D_F1A2)
        var sawBoth = 0
        for round in 0..<40 {
            let rules = try (0..<12).map { try Self.generatedRule(round * 100 + $0, &g) }
            let set = Self.withPlan(RuleSet(rules: rules, lines: Array(1...rules.count)), .enterprise, hosts: ["www.example.com", "example.com"])
            let out = try Self.export(set)
            #expect(try Self.structuralProblems(out, plan: .enterprise) == [])
            if Self.file(out, CloudflareExporter.bulkFile) != nil
                && CloudflareExporter.ruleCount(inRuleset: Self.file(out, CloudflareExporter.singleFile)!) > 0
            {
                sawBoth += 1
            }
            var requests: [HTTPRequest] = []
            for a in ["a", "b", "old", "x1", "aold", "bx"] {
                for b in ["", "a", "b", "old", "x1", "12/abc", "p/q"] {
                    for q in [nil, "k=v", "k=w"] {
                        for scheme in ["http", "https"] {
                            let path = "/\(a)" + (b.isEmpty ? "" : "/\(b)")
                            requests.append(Self.request(scheme: scheme, path, query: q))
                            requests.append(Self.request(scheme: scheme, host: "example.com", path + "/", query: q))
                            requests.append(
                                Self.request("POST", scheme: scheme, host: "a.example.net", path, query: q, headers: [("X-Country", "DEU")]))
                        }
                    }
                }
            }
            let diff = try Self.differences(set, out, requests: requests)
            #expect(
                diff == [],
                "round \(round): \(diff)\n\(Self.file(out, CloudflareExporter.singleFile)!)\n\(Self.file(out, CloudflareExporter.bulkFile) ?? "")")
        }
        #expect(sawBoth >= 10, "the generator should put rules in both the list and single redirects")
    }

    /// Imports the list with `detour import cloudflare`'s importer.
    static func importList(_ out: ExportOutput) throws -> ImportResult {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/list.csv"
        try Data(try #require(Self.file(out, CloudflareExporter.bulkFile)).utf8).write(to: URL(fileURLWithPath: path))
        return try CSVDialectImporter(.cloudflare).importFiles([path], options: ImportOptions(host: nil))
    }

    @Test("the list reads back through Detour's Cloudflare CSV importer as the same rules (export → import round trip)")
    func listRoundTrip() throws {
        var g = SeededGenerator(state: 0xB01C)
        for round in 0..<20 {
            var rules: [Rule] = []
            for i in 0..<15 {
                let n = round * 100 + i
                var r: Rule
                switch g.next() % 3 {
                case 0: r = try PlatformExportSupport.rule("l\(n)", "/e\(g.next() % 9)/p\(n)", "/n\(n)")
                case 1: r = try PlatformExportSupport.rule("l\(n)", "/d\(n)/*", "https://docs.example.com/d\(n)/*")
                default: r = try PlatformExportSupport.rule("l\(n)", "/s\(n)/*", "/only\(n)")
                }
                r.code = PlatformExportSupport.pick([.movedPermanently, .found, .temporaryRedirect, .permanentRedirect], &g)
                if g.next() % 3 == 0 { r.query = .drop }
                if g.next() % 5 == 0 { r.scheme = "https" }
                rules.append(r)
            }
            let set = Self.withPlan(RuleSet(rules: rules, lines: Array(1...rules.count)), .free)
            let out = try Self.export(set)
            #expect(CloudflareExporter.ruleCount(inRuleset: Self.file(out, CloudflareExporter.singleFile)!) == 0, "every rule fits the list")
            let back = try Self.importList(out)
            #expect(back.report.notImported.isEmpty)
            var requests: [HTTPRequest] = []
            for r in rules {
                let path = r.source.text.replacingOccurrences(of: "*", with: "x/y")
                for scheme in ["http", "https"] {
                    requests.append(Self.request(scheme: scheme, path, query: "a=1"))
                    requests.append(Self.request(scheme: scheme, path))
                }
            }
            #expect(PlatformExportSupport.differences(set, back.ruleSet, view: Self.view, requests: requests) == [], "round \(round)")
        }
    }

    @Test("a 10⁴-rule set passes the structural check on Enterprise (20,000 entries, one per scheme) and reads back")
    func largeSet() throws {
        let set = Self.withPlan(try PlatformExportSupport.exactRules(10_000), .enterprise)
        let out = try Self.export(set)
        #expect(try Self.structuralProblems(out, plan: .enterprise) == [])
        #expect(Self.file(out, CloudflareExporter.bulkFile)!.split(separator: "\n").count == 20_000)
        #expect(try Self.importList(out).ruleSet.rules.count == 20_000)
        let requests = ["/old/0", "/old/9999", "/old/10000"].flatMap { p in ["http", "https"].map { Self.request(scheme: $0, p) } }
        #expect(try Self.differences(set, out, requests: requests) == [])
    }

    @Test("over the plan's list quota the export is refused naming the limit, the count and the first rule over it")
    func listQuota() throws {
        let set = Self.withPlan(try PlatformExportSupport.exactRules(5_001), .free)
        #expect {
            _ = try Self.export(set)
        } throws: { error in
            let lines = "\(error)".split(separator: "\n")
            return lines.count == 1
                && lines[0].hasPrefix("line 5001: rule r5000: over the limit of 10000 URL redirects across Bulk Redirect Lists (Free plan)")
                && lines[0].contains("10002 would be needed, 1 rule over it from rule r5000 on")
        }
        let out = try Self.export(set, lenient: true)
        #expect(out.exportedRuleCount == 5_000 && out.omissions.map(\.ruleID) == ["r5000"])
        // The same set fits the Pro plan's 25,000.
        #expect(try Self.export(Self.withPlan(set, .pro)).exportedRuleCount == 5_001)
    }

    @Test("over the plan's single redirects the export is refused naming the limit; --lenient keeps the first ten")
    func singleQuota() throws {
        var rules: [Rule] = []
        for i in 0..<12 {
            var r = try PlatformExportSupport.rule("m\(i)", "/m\(i)", "/n\(i)")
            r.methods = ["POST"]
            rules.append(r)
        }
        let set = Self.withPlan(RuleSet(rules: rules, lines: Array(1...12)), .free)
        #expect {
            _ = try Self.export(set)
        } throws: { error in
            let lines = "\(error)".split(separator: "\n")
            return lines.count == 2 && lines[0].hasPrefix("line 11: rule m10: over the limit of 10 Single Redirect rules per zone (Free plan)")
                && lines[0].contains("2 rules over it from rule m10 on") && lines[1].hasPrefix("line 12: rule m11")
        }
        let out = try Self.export(set, lenient: true)
        #expect(out.omissions.map(\.ruleID) == ["m10", "m11"])
        #expect(CloudflareExporter.ruleCount(inRuleset: Self.file(out, CloudflareExporter.singleFile)!) == 10)
        #expect(CloudflareTarget().limitSummary(for: set) == "cloudflare: 10 single redirects of 10 (Free plan); 2 rules not expressible")
    }

    @Test("order: a rule goes to the list only when nothing later answers first; otherwise it is a single redirect")
    func placement() throws {
        let catchAll = try PlatformExportSupport.rule("catch", "~^/docs/", "/manual")
        let early = try PlatformExportSupport.rule("early", "/docs/intro", "/start")
        let late = try PlatformExportSupport.rule("late", "/about", "/team")
        let set = Self.withPlan(RuleSet(rules: [early, catchAll, late], lines: [1, 2, 3]), .business)
        let out = try Self.export(set)
        let json = try #require(Self.file(out, CloudflareExporter.singleFile))
        // `early` would lose to the single redirect `catch` (single redirects run first): it moves there too, ahead of it.
        #expect(json.range(of: "detour early")!.lowerBound < json.range(of: "detour catch")!.lowerBound)
        #expect(
            Self.file(out, CloudflareExporter.bulkFile) == "http://www.example.com/about,http://www.example.com/team,301,TRUE,FALSE,FALSE,FALSE\n"
                + "https://www.example.com/about,https://www.example.com/team,301,TRUE,FALSE,FALSE,FALSE\n")
        let requests = ["/docs/intro", "/docs/other", "/about"].map { Self.request("GET", $0) }
        #expect(try Self.differences(set, out, requests: requests) == [])
        // A longer subpath entry after a shorter one would win in the list: the shorter becomes a single redirect.
        let short = try PlatformExportSupport.rule("short", "/a/*", "/s/*")
        let long = try PlatformExportSupport.rule("long", "/a/b/*", "/l/*")
        let nested = try Self.export(Self.withPlan(RuleSet(rules: [short, long]), .free))
        #expect(Self.file(nested, CloudflareExporter.singleFile)!.contains("detour short"))
        // The other way round the list's order agrees with Detour's: both entries.
        let agreed = try Self.export(Self.withPlan(RuleSet(rules: [long, short]), .free))
        #expect(CloudflareExporter.ruleCount(inRuleset: Self.file(agreed, CloudflareExporter.singleFile)!) == 0)
    }

    @Test("what Cloudflare cannot say is refused naming the rule, the feature and the plan")
    func refusals() throws {
        let regex = try PlatformExportSupport.rule("re", "~^/p/([0-9]+)$", "/q/$1")
        var cookie = try PlatformExportSupport.rule("ck", "/c", "/d")
        cookie.conditions = [Condition(kind: .cookie, name: "beta", value: .present)]
        let seeOther = try PlatformExportSupport.rule("so", "/s", "/t", code: .seeOther)
        var rollout = try PlatformExportSupport.rule("ro", "/r", "/t")
        rollout.rollout = Rollout(basisPoints: 5_000, key: .ip, salt: nil)
        var merged = try PlatformExportSupport.rule("mq", "/m", "/n?x=1")
        merged.query = .keep
        let set = Self.withPlan(RuleSet(rules: [regex, cookie, seeOther, rollout, merged]), .free)
        #expect {
            _ = try Self.export(set)
        } throws: { error in
            let text = "\(error)"
            return text.contains("rule re") && text.contains("Business or Enterprise plan (the site's plan is Free")
                && text.contains("rule ck") && text.contains("Pro, Business or Enterprise plan") && text.contains("rule so")
                && text.contains("301, 302, 307 or 308 only") && text.contains("rule ro") && text.contains("rule mq")
        }
        var badPlan = set
        badPlan.site.exports = [ExportTarget(server: "cloudflare", options: ["plan": "gold"])]
        #expect { _ = try Self.export(badPlan) } throws: { "\($0)".contains("cloudflare plan 'gold': write one of free, pro, business, enterprise") }
        var o = PlatformExportSupport.options()
        o.standaloneListen = ListenAddress(host: "127.0.0.1", port: 18080)
        #expect {
            _ = try CloudflareExporter().export(try PlatformExportSupport.exactRules(1), options: o)
        } throws: { "\($0)".contains("--standalone: cloudflare is a hosted platform, nothing runs its redirects locally") }
    }

    @Test("the bundled examples pass the structural check and answer like simulate --as cloudflare")
    func examples() throws {
        for name in ["api-migration.yaml", "operations.yaml", "site-migration.csv"] {
            var example = try PlatformExportSupport.load(TestSupport.example(name))
            if example.site.hosts.isEmpty { example.site.hosts = [HostPattern(text: "www.example.com")!] }
            example.site.exports = [ExportTarget(server: "cloudflare", options: ["plan": "enterprise"])]
            let out = try Self.export(example, lenient: true)
            #expect(try Self.structuralProblems(out, plan: .enterprise) == [], "\(name)")
            // operations.yaml sends every rule with `cache: no-store`, which Cloudflare cannot say.
            #expect(out.exportedRuleCount > 0 || out.omissions.allSatisfy { $0.reason.contains("cache header") }, "\(name)")
            let requests = example.rules.prefix(200).flatMap { r -> [HTTPRequest] in
                let path = r.source.text.hasPrefix("~") ? "/" : r.source.text.replacingOccurrences(of: "*", with: "x").split(separator: "?")[0]
                return ["http", "https"].map {
                    Self.request(scheme: $0, host: example.site.hosts.first.map(\.description) ?? "www.example.com", String(path))
                }
            }
            #expect(try Self.differences(example, out, requests: requests) == [], "\(name)")
        }
    }
}
