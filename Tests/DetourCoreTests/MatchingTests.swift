import Testing

@testable import DetourCore

/// Unit tests of the matcher: precedence across kinds, every gate, path semantics, placeholders,
/// query handling and `Location` resolution.
@Suite struct MatchingTests {
    static func rules(_ yaml: String) throws -> RuleSet { try TestSupport.yaml(yaml).ruleSet }

    static func request(
        _ method: String = "GET", _ url: String, headers: [HTTPRequest.HeaderField] = [], ip: String = "10.0.0.1",
        at time: String = "2026-06-01T00:00:00Z"
    ) -> HTTPRequest {
        let p = HTTPRequest.parseURL(url, defaultHost: "example.com")!
        return HTTPRequest(
            method: method, scheme: p.scheme, host: p.host, port: p.port, path: p.path, query: p.query,
            headers: headers, clientAddress: ip, time: Timestamp(rfc3339: time)!)
    }

    static func request(_ url: String, headers: [HTTPRequest.HeaderField] = [], at time: String = "2026-06-01T00:00:00Z") -> HTTPRequest {
        request("GET", url, headers: headers, at: time)
    }

    /// The id of the rule that applies, and the `Location`, under Detour's semantics.
    static func respond(_ set: RuleSet, _ r: HTTPRequest, view: ServerView = .detour) -> (String?, String?) {
        let response = Simulator(ruleSet: set, view: view).respond(to: r)
        return (response.ruleID, response.location)
    }

    static let mixed = """
        site:
          hosts: [example.com, www.example.com, "*.shop.example.com"]
        rules:
          - {id: re-early, source: "~^/blog/(\\\\d{4})/(.*)$", target: "/archive/$1/$2", code: 301}
          - {id: blog, source: /blog/*, target: "https://blog.example.com/*", code: 308}
          - {id: exact-blog, source: /blog/2024/x, target: /never, code: 301}
          - {id: post-only, source: /form, target: /form-v2, code: 307, methods: [POST]}
          - {id: any-form, source: /form, target: /form-any, code: 302}
          - {id: www-only, host: www.example.com, source: /w, target: /w2, code: 302}
          - {id: shop, host: "*.shop.example.com", source: /w, target: /w3, code: 302}
          - {id: unanchored, source: "~legacy", target: /modern, code: 302}
          - {id: first-exact, source: /legacy, target: /exact-loses, code: 302}
        """

    @Test func lowestIndexWinsAcrossKinds() throws {
        let set = try Self.rules(Self.mixed)
        #expect(Self.respond(set, Self.request("/blog/2024/x")) == ("re-early", "https://example.com/archive/2024/x"))
        #expect(Self.respond(set, Self.request("/blog/hello")) == ("blog", "https://blog.example.com/hello"))
        #expect(Self.respond(set, Self.request("/legacy")) == ("unanchored", "https://example.com/modern"))
        #expect(Self.respond(set, Self.request("/x/legacy/y")).0 == "unanchored")
    }

    @Test func methodsAndHostsGateRules() throws {
        let set = try Self.rules(Self.mixed)
        #expect(Self.respond(set, Self.request("POST", "/form")).0 == "post-only")
        #expect(Self.respond(set, Self.request("GET", "/form")).0 == "any-form")
        #expect(Self.respond(set, Self.request("https://www.example.com/w")) == ("www-only", "https://www.example.com/w2"))
        #expect(Self.respond(set, Self.request("https://a.shop.example.com/w")).0 == "shop")
        #expect(Self.respond(set, Self.request("https://example.com/w")).0 == nil)
        // A host that is not the site's: rules without host do not apply.
        #expect(Self.respond(set, Self.request("https://other.test/form")).0 == nil)
    }

    @Test func conditionsExactRegexAndPresence() throws {
        let set = try Self.rules(
            """
            rules:
              - {id: fr, source: /s, target: /fr, code: 307, when: {header: {X-Country: FR}}}
              - {id: num, source: /s, target: /num, code: 307, when: {header: {x-user: "~^[0-9]+$"}}}
              - {id: beta, source: /s, target: /beta, code: 307, when: {cookie: {beta: "*"}}}
              - {id: q, source: "/s?ref=mail", target: /mail, code: 307}
              - {id: any-q, source: "/s?utm=*", target: /utm, code: 307}
            """)
        #expect(Self.respond(set, Self.request("/s", headers: [.init("x-country", "FR")])).0 == "fr")
        #expect(Self.respond(set, Self.request("/s", headers: [.init("X-Country", "fr")])).0 == nil)
        #expect(Self.respond(set, Self.request("/s", headers: [.init("X-User", "123")])).0 == "num")
        #expect(Self.respond(set, Self.request("/s", headers: [.init("X-User", "12a")])).0 == nil)
        #expect(Self.respond(set, Self.request("/s", headers: [.init("Cookie", "a=1; beta=; z=2")])).0 == "beta")
        #expect(Self.respond(set, Self.request("/s?x=1&ref=mail")) == ("q", "https://example.com/mail?x=1&ref=mail"))
        #expect(Self.respond(set, Self.request("/s?utm")).0 == "any-q")
    }

    @Test func timeWindowStartsInclusiveExpiresExclusive() throws {
        let set = try Self.rules(
            """
            rules:
              - {id: w, source: /m, target: /maint, code: 307, starts: "2026-12-01T02:00:00Z", expires: "2026-12-01T04:00:00Z"}
            """)
        #expect(Self.respond(set, Self.request("/m", at: "2026-12-01T01:59:59Z")).0 == nil)
        #expect(Self.respond(set, Self.request("/m", at: "2026-12-01T02:00:00Z")).0 == "w")
        #expect(Self.respond(set, Self.request("/m", at: "2026-12-01T03:59:59Z")).0 == "w")
        #expect(Self.respond(set, Self.request("/m", at: "2026-12-01T04:00:00Z")).0 == nil)
    }

    @Test func disabledAndZeroRolloutRulesNeverMatch() throws {
        let set = try Self.rules(
            """
            rules:
              - {id: off, enabled: false, source: /a, target: /x, code: 302}
              - {id: zero, source: /a, target: /y, code: 302, rollout: "0%"}
              - {id: on, source: /a, target: /z, code: 302}
            """)
        #expect(Self.respond(set, Self.request("/a")).0 == "on")
    }

    @Test func rolloutFallsThroughToTheNextRule() throws {
        let set = try Self.rules(
            """
            rules:
              - {id: canary, source: /api, target: /v2, code: 307, rollout: {percent: 50, by: "cookie:uid"}}
              - {id: rest, source: /api, target: /v1, code: 307}
            """)
        var seen: Set<String> = []
        for i in 0..<64 {
            seen.insert(Self.respond(set, Self.request("/api", headers: [.init("Cookie", "uid=u\(i)")])).0 ?? "")
        }
        #expect(seen == ["canary", "rest"])
        #expect(Self.respond(set, Self.request("/api")).0 == "rest", "no cookie: outside the rollout")
    }

    @Test func detourPathsDecodeOnlyUnreservedEscapes() throws {
        let set = try Self.rules(
            """
            rules:
              - {id: a, source: /a301, target: /new, code: 301}
              - {id: slash, source: "/x%2Fy", target: /xy, code: 301}
              - {id: cafe, source: "/café", target: /coffee, code: 301}
            """)
        #expect(Self.respond(set, Self.request("/a%33%30%31")).0 == "a")
        #expect(Self.respond(set, Self.request("/x/y")).0 == nil)
        #expect(Self.respond(set, Self.request("/x%2fy")).0 == "slash")
        #expect(Self.respond(set, Self.request("/caf%c3%a9")).0 == "cafe")
        #expect(Self.respond(set, Self.request("//a301")).0 == nil)
        #expect(Self.respond(set, Self.request("/x/../a301")).0 == nil)
        #expect(Self.respond(set, Self.request("/A301")).0 == nil)
    }

    @Test func foldAndCaseInsensitiveSites() throws {
        let set = try Self.rules(
            """
            site: {hosts: [example.com], trailing_slash: fold, case: insensitive}
            rules:
              - {id: exact, source: /About/, target: /about-us, code: 301}
              - {id: pfx, source: /Docs/*, target: /d/*, code: 301}
              - {id: re, source: "~^/p/([a-z]+)$", target: /q/$1, code: 301}
            """)
        #expect(Self.respond(set, Self.request("/about")).0 == "exact")
        #expect(Self.respond(set, Self.request("/ABOUT/")).0 == "exact")
        #expect(Self.respond(set, Self.request("/docs")) == ("pfx", "https://example.com/d/"))
        #expect(Self.respond(set, Self.request("/DOCS/Guide")) == ("pfx", "https://example.com/d/Guide"))
        #expect(Self.respond(set, Self.request("/P/Abc/")) == ("re", "https://example.com/q/Abc"))
    }

    @Test func placeholdersQueryAndResolution() throws {
        let set = try Self.rules(
            """
            rules:
              - {id: keep, source: /k/*, target: "/new/*?src=old", code: 301}
              - {id: drop, source: /d/*, target: "/new/*", code: 301, query: drop}
              - {id: parts, source: /p, target: "https://{host}/x{path}?q={query}", code: 302}
              - {id: frag, source: /f, target: "/doc#top", code: 302}
              - {id: crlf, source: "~^/c/(.*)$", target: "/to/$1", code: 302}
            """)
        #expect(Self.respond(set, Self.request("/k/a/b?x=1")).1 == "https://example.com/new/a/b?src=old&x=1")
        #expect(Self.respond(set, Self.request("/d/a?x=1")).1 == "https://example.com/new/a")
        #expect(Self.respond(set, Self.request("https://www.example.com:8443/p?z=2")).1 == "https://www.example.com/x/p?q=z=2")
        #expect(Self.respond(set, Self.request("/f?a=1")).1 == "https://example.com/doc?a=1#top")
        // Encoded CR/LF stay encoded: no header injection through a capture.
        #expect(Self.respond(set, Self.request("/c/x%0d%0aSet-Cookie:%20a=b")).1 == "https://example.com/to/x%0D%0ASet-Cookie:%20a=b")
        #expect(LocationBuilder.resolve("//evil.test/x", against: Self.request("http://example.com/a")) == "http://evil.test/x")
        #expect(LocationBuilder.resolve("/y", against: Self.request("http://example.com:8080/a")) == "http://example.com:8080/y")
    }

    @Test func cacheControlFromPolicyAndHAProxysOwnNoCache() throws {
        let set = try Self.rules(
            """
            rules:
              - {id: a, source: /a, target: /x, code: 307, cache: "public, max-age=300"}
              - {id: b, source: /b, target: /x, code: 307}
              - {id: c, source: /c, target: /x, code: 308}
            """)
        #expect(Simulator(ruleSet: set, view: .detour).respond(to: Self.request("/a")).cacheControl == "public, max-age=300")
        #expect(Simulator(ruleSet: set, view: .detour).respond(to: Self.request("/b")).cacheControl == nil)
        let haproxy = Simulator(ruleSet: set, view: .of(.haproxy))
        #expect(haproxy.respond(to: Self.request("/b")).cacheControl == "no-cache")
        #expect(haproxy.respond(to: Self.request("/c")).cacheControl == nil)
    }

    @Test func compiledRegexGivesLeftmostFirstGreedyCaptures() throws {
        func caps(_ pattern: String, _ input: String) throws -> [String]? {
            CompiledRegex(try PortableRegex(pattern)).captures(Array(input.utf8))
        }
        #expect(try caps("^/p/(\\d+)-([a-z-]+)$", "/p/42-red-shoe") == ["42", "red-shoe"])
        #expect(try caps("^/(a|ab)(c|bcd)(d*)$", "/abcd") == ["a", "bcd", ""])
        #expect(try caps("(a+)(a*)", "xaaa") == ["aaa", ""])
        #expect(try caps("^/x/(y)?z$", "/x/z") == [""])
        #expect(try caps("^/[a-c]{2,3}$", "/abcd") == nil)
        #expect(try caps("b$", "ab\n") == [])
        #expect(try caps("^b", "ab") == nil)
        #expect(CompiledRegex(try PortableRegex("^/abc$"), caseInsensitive: true).matches(Array("/ABC".utf8)))
    }
}

/// How each server sees the path, as the cookbook's table records (`/a301` exact rule).
@Suite struct ServerViewTests {
    static let set = try! TestSupport.yaml(
        """
        site: {hosts: [example.com]}
        rules:
          - {id: a301, source: /a301, target: /new, code: 301}
        """
    ).ruleSet

    @Test(arguments: [
        ("/a%33%30%31", [ServerKind.nginx: true, .apache: true, .haproxy: false, .caddy: true, .lighttpd: true, .varnish: false]),
        ("//a301", [.nginx: true, .apache: true, .haproxy: false, .caddy: true, .lighttpd: true, .varnish: false]),
        ("/x/../a301", [.nginx: true, .apache: true, .haproxy: false, .caddy: true, .lighttpd: true, .varnish: false]),
        ("/A301", [.nginx: false, .apache: false, .haproxy: false, .caddy: true, .lighttpd: false, .varnish: false]),
        ("/a301/", [.nginx: false, .apache: false, .haproxy: false, .caddy: false, .lighttpd: false, .varnish: false])
    ])
    func cookbookPathTable(path: String, expected: [ServerKind: Bool]) {
        for (server, matches) in expected {
            let r = HTTPRequest(method: "GET", scheme: "http", host: "example.com", path: path)
            #expect(Simulator(ruleSet: Self.set, view: .of(server)).respond(to: r).isRedirect == matches, "\(server) \(path)")
        }
    }

    @Test func locationFormPerServer() {
        let r = HTTPRequest(method: "GET", scheme: "http", host: "example.com", port: 18080, path: "/a301")
        #expect(Simulator(ruleSet: Self.set, view: .of(.nginx)).respond(to: r).locationHeader == "http://example.com:18080/new")
        var nginx = ServerView.of(.nginx)
        nginx.locationForm = .absoluteWithListenPort(9999)
        #expect(Simulator(ruleSet: Self.set, view: nginx).respond(to: r).locationHeader == "http://example.com:9999/new")
        #expect(Simulator(ruleSet: Self.set, view: .of(.apache)).respond(to: r).locationHeader == "http://example.com:18080/new")
        for s in [ServerKind.haproxy, .caddy, .lighttpd, .varnish] {
            let response = Simulator(ruleSet: Self.set, view: .of(s)).respond(to: r)
            #expect(response.locationHeader == "/new")
            #expect(response.location == "http://example.com:18080/new", "location is always absolute")
        }
    }

    @Test func apacheRefusesEncodedSlashesNginxDecodesThem() throws {
        let set = try TestSupport.yaml("rules:\n  - {id: ab, source: /a/b, target: /x, code: 301}").ruleSet
        let r = HTTPRequest(method: "GET", host: "example.com", path: "/a%2Fb")
        #expect(Simulator(ruleSet: set, view: .of(.nginx)).respond(to: r).isRedirect)
        #expect(!Simulator(ruleSet: set, view: .of(.apache)).respond(to: r).isRedirect)
        #expect(!Simulator(ruleSet: set, view: .detour).respond(to: r).isRedirect)
    }

    @Test func firstExportDecidesTheDefaultView() throws {
        let set = try TestSupport.yaml("site:\n  exports:\n    - {to: haproxy}\nrules:\n  - {id: a, source: /a, target: /b, code: 302}").ruleSet
        #expect(Simulator(ruleSet: set).view.server == .haproxy)
        #expect(Simulator(ruleSet: try TestSupport.yaml("rules:\n  - {id: a, source: /a, target: /b, code: 302}").ruleSet).view.server == nil)
    }
}
