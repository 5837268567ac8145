import Foundation
import Testing

@testable import DetourCore

/// `detour export --to gateway`: HTTPRoutes that pass the CRD's constraints, split under its
/// limits, ordered so the gateway's precedence yields Detour's first match, and refusals that
/// name the rule and the limit.
@Suite struct GatewayAPIExportTests {
    static let now = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!

    static func options(lenient: Bool = false) -> ExportOptions {
        ExportOptions(directory: "/tmp/detour-gateway-test", sourceFile: "rules.yaml", now: now, lenient: lenient)
    }

    static func ruleSet(_ yaml: String) throws -> RuleSet { try TestSupport.yaml(yaml).ruleSet }

    static func stream(_ out: ExportOutput) -> String { out.files.first { $0.name == GatewayAPIExporter.fileName }!.contents }

    static func refusal(_ yaml: String) throws -> ExportRefusal? {
        do {
            _ = try GatewayAPIExporter().export(try ruleSet(yaml), options: options())
            return nil
        } catch let r as ExportRefusal { return r }
    }

    @Test("exact, prefix, methods and conditions become Exact/PathPrefix matches and RequestRedirect filters")
    func translation() throws {
        let set = try Self.ruleSet(
            """
            site: {hosts: [example.com, "*.example.org"], exports: [{to: gateway, gateway: public-gw/infra}]}
            rules:
              - {id: bare, source: /docs, target: /manual, code: 308}
              - {id: docs, source: /docs/*, target: /manual/*, code: 301}
              - {id: api, source: /api/v1, target: "https://api.example.com:8443/v2", code: 307, methods: [POST, PUT]}
              - {id: beta, source: /beta, target: /b, code: 302, when: {header: {X-Beta: "1"}, query: {ref: mail}}}
            """)
        let out = try GatewayAPIExporter().export(set, options: Self.options())
        let objects = try HTTPRouteSchemaValidator.objects(Self.stream(out))
        #expect(objects.count == 1)
        let spec = objects[0]["spec"] as! [String: Any]
        #expect((objects[0]["metadata"] as! [String: Any])["name"] as? String == "detour-redirects-0001")
        #expect(spec["hostnames"] as? [String] == ["example.com", "*.example.org"])
        let parent = (spec["parentRefs"] as! [[String: Any]])[0]
        #expect(parent["name"] as? String == "public-gw" && parent["namespace"] as? String == "infra")
        let rules = spec["rules"] as! [[String: Any]]
        #expect(rules.count == 4)
        let docs = rules[1]
        let docsMatch = (docs["matches"] as! [[String: Any]])[0]["path"] as! [String: Any]
        #expect(docsMatch["type"] as? String == "PathPrefix" && docsMatch["value"] as? String == "/docs")
        let docsRedirect = (docs["filters"] as! [[String: Any]])[0]["requestRedirect"] as! [String: Any]
        #expect((docsRedirect["path"] as! [String: Any])["replacePrefixMatch"] as? String == "/manual")
        #expect(docsRedirect["statusCode"] as? Int == 301)
        let api = rules[2]
        #expect((api["matches"] as! [[String: Any]]).compactMap { $0["method"] as? String } == ["POST", "PUT"])
        let apiRedirect = (api["filters"] as! [[String: Any]])[0]["requestRedirect"] as! [String: Any]
        #expect(apiRedirect["scheme"] as? String == "https" && apiRedirect["hostname"] as? String == "api.example.com")
        #expect(apiRedirect["port"] as? Int == 8443 && apiRedirect["statusCode"] as? Int == 307)
        let beta = (rules[3]["matches"] as! [[String: Any]])[0]
        #expect((beta["headers"] as! [[String: Any]])[0]["value"] as? String == "1")
        #expect((beta["queryParams"] as! [[String: Any]])[0]["name"] as? String == "ref")
        #expect(try HTTPRouteSchemaValidator().violations(Self.stream(out)) == [])
    }

    @Test("a prefix rule is refused until an exact rule decides its bare path, which PathPrefix also matches")
    func barePrefixPath() throws {
        let refusal = try #require(try Self.refusal("rules:\n  - {id: docs, source: /docs/*, target: /manual/*, code: 301}\n"))
        #expect(refusal.errors.count == 1)
        #expect(refusal.description.contains("rule docs") && refusal.description.contains("PathPrefix /docs also matches /docs itself"))
        #expect(
            try Self.refusal(
                "rules:\n  - {id: docs, source: /docs/*, target: /manual/*, code: 301}\n  - {id: bare, source: /docs, target: /manual, code: 301}\n")
                == nil)
    }

    @Test("a later rule the gateway would rank above an earlier overlapping one is refused, naming both")
    func precedenceConflict() throws {
        let yaml = """
            rules:
              - {id: all, source: /, target: /home, code: 301}
              - {id: wide, source: /*, target: /new, code: 301}
              - {id: narrow, source: /shop/cart, target: /cart, code: 301}
            """
        let refusal = try #require(try Self.refusal(yaml))
        #expect(refusal.errors.map(\.ruleID) == ["narrow"])
        #expect(refusal.description.contains("above rule wide"))
        let reordered = """
            rules:
              - {id: all, source: /, target: /home, code: 301}
              - {id: narrow, source: /shop/cart, target: /cart, code: 301}
              - {id: wide, source: /*, target: /new, code: 301}
            """
        #expect(try Self.refusal(reordered) == nil)
        // Disjoint methods cannot meet, so their order does not matter.
        let disjoint = """
            rules:
              - {id: all, source: /, target: /home, code: 301}
              - {id: wide, source: /*, target: /new, methods: [POST], code: 301}
              - {id: narrow, source: /shop/cart, target: /cart, methods: [GET], code: 301}
            """
        #expect(try Self.refusal(disjoint) == nil)
    }

    @Test("what the CRD cannot say is refused with DT080 naming the rule")
    func refusedFeatures() throws {
        let cases: [(String, String)] = [
            ("{id: r, source: \"~^/a/(\\\\d+)$\", target: /b, code: 301}", "RegularExpression"),
            ("{id: r, source: /a, target: /b, query: drop, code: 301}", "drop"),
            ("{id: r, source: /a, target: \"/b?x=1\", code: 301}", "query or a fragment"),
            ("{id: r, source: /a, target: /b, when: {cookie: {s: \"1\"}}, code: 301}", "cookie"),
            ("{id: r, source: /a, target: /b, when: {header: {X-A: \"*\"}}, code: 301}", "presence"),
            ("{id: r, source: /a, target: /b, host: other.example, code: 301}", "hostnames belong to a whole HTTPRoute"),
            ("{id: r, source: /a, target: /b, cache: no-store, code: 301}", "ResponseHeaderModifier")
        ]
        for (rule, reason) in cases {
            let refusal = try #require(try Self.refusal("rules:\n  - \(rule)\n"), "\(rule) should be refused")
            #expect(refusal.description.contains("DT080 rule r") && refusal.description.contains(reason), "\(rule): \(refusal)")
        }
    }

    @Test("rules beyond 16 per route or 128 matches per route go to the next route, named in rule order")
    func splitsRoutes() throws {
        var yaml = "rules:\n"
        for i in 0..<40 { yaml += "  - {id: r\(i), source: /p\(i), target: /t\(i), code: 301}\n" }
        let out = try GatewayAPIExporter().export(try Self.ruleSet(yaml), options: Self.options())
        let objects = try HTTPRouteSchemaValidator.objects(Self.stream(out))
        let names = objects.map { ($0["metadata"] as! [String: Any])["name"] as! String }
        #expect(names == ["detour-redirects-0001", "detour-redirects-0002", "detour-redirects-0003"])
        #expect(objects.map { (($0["spec"] as! [String: Any])["rules"] as! [Any]).count } == [16, 16, 8])
        var methods = "rules:\n"
        let nine = "[GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH]"
        for i in 0..<15 { methods += "  - {id: m\(i), source: /m\(i), target: /t, methods: \(nine), code: 301}\n" }
        let split = try GatewayAPIExporter().export(try Self.ruleSet(methods), options: Self.options())
        let counts = try HTTPRouteSchemaValidator.objects(Self.stream(split)).map { (($0["spec"] as! [String: Any])["rules"] as! [Any]).count }
        #expect(counts == [14, 1], "128 matches per route hold 14 rules of 9 methods")
        #expect(try HTTPRouteSchemaValidator().violations(Self.stream(split)) == [])
    }

    @Test("more than 16 site hosts is refused naming the limit and the hosts over it")
    func tooManyHosts() throws {
        let hosts = (1...18).map { "h\($0).example.com" }.joined(separator: ", ")
        let refusal = try #require(try Self.refusal("site: {hosts: [\(hosts)]}\nrules:\n  - {id: r, source: /a, target: /b, code: 301}\n"))
        #expect(refusal.description.contains("18 hosts, over Gateway API's limit of 16 hostnames per HTTPRoute"))
        #expect(refusal.description.contains("h17.example.com, h18.example.com"))
    }

    @Test("--standalone and a malformed gateway name are refused with a clear message")
    func options() throws {
        var o = Self.options()
        o.standaloneListen = ListenAddress(host: "127.0.0.1", port: 8080)
        #expect(throws: ExportRefusal.self) { try GatewayAPIExporter().export(try Self.ruleSet("rules: []\n"), options: o) }
        #expect(throws: ExportError.self) { try GatewayAPIParent(text: "Public_GW") }
        #expect(throws: ExportError.self) { try GatewayAPIParent(text: "gw/ns/extra") }
        #expect(try GatewayAPIParent(text: "gw/infra").namespace == "infra")
        let applied = GatewayAPIParent.applying(try GatewayAPIParent(text: "edge"), to: try Self.ruleSet("rules: []\n"))
        #expect(applied.site.exports.first?.options["gateway"] == "edge")
    }

    @Test("a generated set of 15 000 rules exports in 938 routes that all pass the CRD constraints")
    func largeSet() throws {
        var yaml = "site: {hosts: [example.com]}\nrules:\n"
        for i in 0..<10_000 {
            if i % 2 == 0 {
                yaml += "  - {id: e\(i), source: /old/\(i), target: \"https://example.com/new/\(i)\", code: 301}\n"
            } else {
                yaml += "  - {id: p\(i), source: /dir\(i)/*, target: /moved\(i)/*, code: 308}\n"
                yaml += "  - {id: b\(i), source: /dir\(i), target: /moved\(i), code: 308}\n"
            }
        }
        let out = try GatewayAPIExporter().export(try Self.ruleSet(yaml), options: Self.options())
        #expect(out.exportedRuleCount == 15_000)
        let stream = Self.stream(out)
        #expect(try HTTPRouteSchemaValidator().violations(stream) == [])
        #expect(try HTTPRouteSchemaValidator.objects(stream).count == 938)
    }

    @Test(
        "the bundled examples export (lenient) to streams that pass the CRD constraints, each rule kept or named",
        arguments: ["api-migration.yaml", "operations.yaml"])
    func examples(name: String) throws {
        let doc = try RuleFileDocument.load(path: TestSupport.example(name))
        let out = try GatewayAPIExporter().export(doc.ruleSet, options: Self.options(lenient: true))
        // Every rule is either in the stream or left out with its DT080 reason (these examples use
        // Cache-Control, regex and scheme rules, which HTTPRoute cannot carry).
        #expect(out.exportedRuleCount + out.omissions.count == doc.ruleSet.rules.filter(\.enabled).count)
        #expect(out.omissions.allSatisfy { $0.reason.contains("DT080 rule \($0.ruleID)") })
        #expect(try HTTPRouteSchemaValidator().violations(Self.stream(out)) == [])
    }
}
