import Foundation
import Testing

@testable import DetourCore

/// `detour import traefik`: routers in priority order, rules parsed into Detour fields,
/// redirectRegex split at the path with Traefik's method-dependent codes, Cache-Control from a
/// headers middleware before it, and what Detour cannot say reported.
@Suite("Traefik import")
struct TraefikImportTests {
    static func fixture(_ name: String) -> String { TestSupport.fixture("import/traefik/" + name) }

    static func run(_ name: String) throws -> ImportResult {
        try TraefikImporter().importFiles([fixture(name)], options: ImportOptions())
    }

    static func response(
        _ set: RuleSet, _ method: String, _ host: String, _ path: String, query: String? = nil, headers: [HTTPRequest.HeaderField] = []
    )
        -> String
    {
        let r = Simulator(ruleSet: set, view: TraefikProofConfig.observedView).respond(
            to: HTTPRequest(
                method: method, scheme: "https", host: host, path: path, query: query, headers: headers, time: Timestamp(secondsSinceEpoch: 0)))
        return r.status.map { "\($0.rawValue) \(r.location ?? "")" + (r.cacheControl.map { " [\($0)]" } ?? "") } ?? "origin"
    }

    @Test func routersBecomeRulesInPriorityOrder() throws {
        let result = try Self.run("dynamic.yml")
        #expect(result.report.notImported.isEmpty)
        #expect(result.report.skippedByReason == ["router without a redirect middleware": 1])
        let set = result.ruleSet
        // legacy-page (100) first, then by rule length; shop-de (20) before shop (10).
        #expect(set.rules.first?.source.text == "/about-us")
        let shopDE = try #require(set.rules.firstIndex { $0.target.text == "/de/shop" })
        let shop = try #require(set.rules.firstIndex { $0.target.text == "/store" })
        #expect(shopDE < shop)
        // Traefik: GET 301/302, every other method (HEAD too) 308/307.
        #expect(Self.response(set, "GET", "example.com", "/about-us", query: "x=1") == "301 https://example.com/about")
        #expect(Self.response(set, "HEAD", "example.com", "/about-us") == "308 https://example.com/about")
        #expect(Self.response(set, "GET", "example.com", "/blog/2020/hi", query: "a=1") == "301 https://example.com/posts/2020/hi?a=1 [no-store]")
        #expect(Self.response(set, "GET", "WWW.OLD.example.net", "/x/y") == "301 https://example.com/x/y")
        #expect(Self.response(set, "GET", "example.com", "/docs/v1/intro") == "302 https://example.com/docs/v2/intro")
        #expect(Self.response(set, "HEAD", "example.com", "/docs/v1/intro") == "307 https://example.com/docs/v2/intro")
        #expect(Self.response(set, "POST", "example.com", "/docs/v1/intro") == "origin")
        #expect(Self.response(set, "GET", "example.com", "/shop", headers: [.init("CF-IPCountry", "DE")]) == "302 https://example.com/de/shop")
        #expect(Self.response(set, "GET", "example.com", "/shop") == "301 https://example.com/store")
        #expect(Self.response(set, "GET", "example.com", "/app/x") == "origin")
        #expect(set.rules.first { $0.source.text.hasPrefix("~^/blog/") }?.note == "The old blog moved under /posts")
    }

    @Test func tomlConfigurationReadsTheSame() throws {
        let result = try Self.run("dynamic.toml")
        #expect(result.report.notImported.isEmpty)
        let set = result.ruleSet
        #expect(Self.response(set, "GET", "shop.example.com", "/checkout/cart") == "301 https://pay.example.com/cart [public, max-age=604800]")
        #expect(Self.response(set, "GET", "shop.example.com", "/c/12", query: "p=2") == "302 https://shop.example.com/catalog")
        #expect(Self.response(set, "GET", "shop.example.com", "/c/12/x") == "origin")
        #expect(set.rules.map { "\($0.id)" }.first == "dynamic-2")
    }

    @Test func whatDetourCannotSayIsReported() throws {
        let result = try Self.run("reported.yml")
        #expect(result.ruleSet.rules.isEmpty)
        let r = result.report.notImported
        #expect(r.map(\.line) == [3, 12, 17, 21, 25])
        #expect(r[0].why.contains("HostRegexp has no Detour equivalent"))
        #expect(r[1].why.contains("router api (priority 500) takes GET /api/v1/users first"))
        #expect(r[2].why.contains("'!' (negating PathPrefix(`/admin`))"))
        #expect(r[3].why.contains("strip (stripPrefix) runs before any redirect"))
        #expect(r[4].why.contains("only http URLs"))
    }

    @Test func routersOfOtherEntryPointsDoNotShadow() throws {
        let result = try Self.run("entrypoints.yml")
        // The http catch-all's redirectScheme is reported; it and the plain-http app router do not
        // hide the https routers' redirects, which Traefik never gives them.
        #expect(result.report.notImported.map(\.line) == [4])
        #expect(result.ruleSet.rules.count == 4)
        #expect(Self.response(result.ruleSet, "GET", "example.com", "/app/old/x") == "302 https://example.com/app/v2/x")
        #expect(Self.response(result.ruleSet, "GET", "example.com", "/app/x") == "origin")
    }

    @Test func ruleExpressionsExpandToAlternatives() throws {
        let e = try TraefikRuleExpression.parse("Host(`a.com`) && (Path(`/x`) || PathPrefix(\"/y/\")) && Method(`GET`)")
        let alts = try e.alternatives()
        #expect(alts.count == 2)
        #expect(alts[1].map(\.name) == ["Host", "PathPrefix", "Method"])
        #expect(alts[1][1].args == ["/y/"])
        #expect(throws: ImportWhy("missing ')' at character 13 of the rule")) { try TraefikRuleExpression.parse("(Path(`/x`) ") }
        #expect(throws: ImportWhy("Host takes one argument in Traefik v3, found 2")) {
            try TraefikRouterRules([.init(name: "Host", args: ["a", "b"])])
        }
    }

    @Test func redirectRegexShapes() throws {
        let keep = try TraefikRedirectRegex.make(regex: "^https?://[^/]+/old/(.*)$", replacement: "/new/${1}")
        #expect((keep.pathPattern, keep.target, keep.query) == ("^/old/(.*)$", "/new/$1", .keep))
        let drop = try TraefikRedirectRegex.make(regex: "^https?://[^/]+/olddrop/([^?]*)(?:\\?.*)?$", replacement: "/new/${1}")
        #expect((drop.pathPattern, drop.target, drop.query) == ("^/olddrop/([^?]*)$", "/new/$1", .drop))
        let open = try TraefikRedirectRegex.make(regex: "^https?://example\\.com/a/", replacement: "/b/")
        #expect((open.hosts, open.pathPattern, open.target) == (["example.com"], "^/a/(.*)$", "/b/$1"))
        #expect(
            throws: ImportWhy(
                "the regex ends with '$' right after the path, so Traefik redirects only requests without a query string; Detour cannot require that")
        ) {
            try TraefikRedirectRegex.make(regex: "^https?://[^/]+/exact$", replacement: "/b")
        }
        #expect(throws: ImportWhy("the replacement uses ${name}; Detour targets use numbered groups")) {
            try TraefikRedirectRegex.make(regex: "^https?://[^/]+/(x)", replacement: "/${name}")
        }
    }

    @Test func badYAMLIsPositioned() throws {
        #expect(
            throws: ImportError(
                file: Self.fixture("bad-indent.yml"), line: 5, column: 6,
                message: "unexpected indentation (a value that goes on over several lines must be quoted, or written with |)")
        ) {
            try Self.run("bad-indent.yml")
        }
    }

    @Test func detectRecognisesTraefikFiles() {
        #expect(TraefikImporter.detect(path: "dynamic.yml", bytes: Array("http:\n  routers:\n".utf8)))
        #expect(!TraefikImporter.detect(path: "rules.yaml", bytes: Array("rules:\n  - source: /a\n".utf8)))
    }
}
