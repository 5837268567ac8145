import Foundation
import Testing

@testable import DetourCore

/// The http→https redirect as one rule (issue 18 item 1): a `scheme` field or a source written as a
/// URL, read and written by YAML and CSV, matched by the matcher and the validator, and a proxy's
/// headers not carried to the next hop.
struct SchemeRuleTests {
    static let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!

    static let file = """
        # the site's redirects
        site:
          hosts: [example.com, www.example.com]
        rules:
          - id: to-https   # the most common redirect on the web
            source: http://example.com/*
            target: https://example.com/*
            code: 301
          - id: secure
            scheme: https
            source: /account
            target: /login
            code: 302

        """

    static func request(_ url: String, headers: [HTTPRequest.HeaderField] = []) -> HTTPRequest {
        let p = HTTPRequest.parseURL(url, defaultHost: "example.com")!
        return HTTPRequest(method: "GET", scheme: p.scheme, host: p.host, path: p.path, query: p.query, headers: headers, time: now)
    }

    // MARK: - The source URL and the field

    @Test func aSourceURLIsHostSchemeAndPath() throws {
        let s = try Source.parse("http://Example.com/blog/*")
        #expect(s.origin == SourceOrigin(scheme: "http", host: .exact("example.com")))
        #expect(s.kind == .prefix("/blog/"))
        #expect(s.text == "http://Example.com/blog/*")
        var r = Rule(
            id: "a", source: s, target: try Target.parse("https://example.com/*", captureCount: 1, sourceIsPrefix: true), code: .movedPermanently)
        #expect(r.scheme == "http")
        #expect(r.host == .exact("example.com"))
        #expect(r.writtenHost == nil && r.writtenScheme == nil)
        r.source = try Source.parse("/blog/*")
        #expect(r.scheme == nil && r.host == nil, "the scheme and host came from the source alone")
        let q = try Source.parse("https://example.com/index.php?id=*")
        #expect(q.kind == .exact("/index.php") && q.query.count == 1 && q.origin?.scheme == "https")
    }

    @Test func aBadSourceURLSaysWhatIsWrongAndWhere() {
        let cases: [(String, String)] = [
            ("http://example.com", "needs a path after the host"),
            ("http://example.com:8080/*", "cannot name a port"),
            ("http://user@example.com/*", "cannot carry userinfo"),
            ("http://exa mple.com/*", "is not a host name"),
            ("ftp://example.com/*", "a source URL starts with http:// or https://")
        ]
        for (text, message) in cases {
            #expect(throws: SourceSyntaxError.self, "\(text)") { try Source.parse(text) }
            do { _ = try Source.parse(text) } catch let e as SourceSyntaxError { #expect(e.message.contains(message), "\(text): \(e.message)") } catch
            {}
        }
        do {
            _ = try Source.parse("http://example.com/a*b")
            Issue.record("a star inside the path must fail")
        } catch let e as SourceSyntaxError {
            #expect(e.offset == 20, "the offset counts from the start of the URL")
        } catch {}
    }

    @Test func aFieldThatContradictsTheSourceURLIsAnErrorWithItsLine() throws {
        // The rules load, invalid (DT070), each problem at its line.
        let d = try TestSupport.problems(
            """
            rules:
              - source: http://example.com/*
                scheme: https
                host: other.example
                target: https://example.com/*
                code: 301
              - source: /a
                scheme: ftp
                target: /b
                code: 301
            """)
        #expect(d.contains { $0.line == 3 && $0.message.contains("'https' contradicts the source URL's scheme 'http'") }, "\(d)")
        #expect(d.contains { $0.line == 4 && $0.message.contains("contradicts the source URL's host 'example.com'") }, "\(d)")
        #expect(d.contains { $0.line == 8 && $0.message.contains("'scheme' must be http or https, found 'ftp'") }, "\(d)")
    }

    @Test func siteSchemeHeaderMustBeAHeaderName() {
        let d = TestSupport.loadErrors("site:\n  scheme_header: \"X Forwarded\"\nrules: []\n")
        #expect(d.contains { $0.line == 2 && $0.message.contains("'scheme_header' must be a header name") }, "\(d)")
    }

    // MARK: - Round trips

    @Test func yamlKeepsTheSourceURLTheFieldAndTheComments() throws {
        let doc = try TestSupport.yaml(Self.file + "    # end\n")
        var set = doc.ruleSet
        #expect(set.rules[0].scheme == "http" && set.rules[1].scheme == "https")
        #expect(String(decoding: doc.render(set), as: UTF8.self) == Self.file + "    # end\n", "an unchanged file is written back as it was")
        set.rules[0].code = .permanentRedirect
        set.rules[1].scheme = "http"
        set.site.schemeHeader = "X-Forwarded-Proto"
        let saved = String(decoding: doc.render(set), as: UTF8.self)
        #expect(saved.contains("source: http://example.com/*\n    target: https://example.com/*\n    code: 308"), "\(saved)")
        #expect(saved.contains("# the most common redirect on the web"), "\(saved)")
        #expect(saved.contains("    scheme: http\n    source: /account"), "\(saved)")
        #expect(saved.contains("  scheme_header: X-Forwarded-Proto"), "\(saved)")
        #expect(!saved.contains("host: example.com"), "the source URL's host is not written twice")
        let back = try TestSupport.yaml(saved).ruleSet
        #expect(back.rules == set.rules)
        #expect(back.site.schemeHeader == "X-Forwarded-Proto")
    }

    @Test func csvCarriesTheSchemeColumnAndTheSourceURL() throws {
        let set = try TestSupport.yaml(Self.file).ruleSet
        let bytes = CSVRuleFile.empty(file: "r.csv").render(set)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\nid,source,target,code,scheme\n"), "\(text)")
        #expect(text.hasPrefix("# site.hosts: "), "the site block comes first: \(text)")
        #expect(text.contains("to-https,http://example.com/*,https://example.com/*,301,\n"), "\(text)")
        #expect(text.contains("secure,/account,/login,302,https\n"), "\(text)")
        let back = try CSVRuleFile.parse(bytes, file: "r.csv").ruleSet
        #expect(back.rules == set.rules)
        #expect(back.rules[0].host == .exact("example.com") && back.rules[0].scheme == "http")
    }

    // MARK: - Matching and simulation

    @Test func theHTTPRuleTakesOnlyHTTPAndItsNextHopIsServed() throws {
        let set = try TestSupport.yaml(Self.file).ruleSet
        let sim = Simulator(ruleSet: set, view: .detour)
        #expect(sim.respond(to: Self.request("http://example.com/a")).ruleID == "to-https")
        #expect(sim.respond(to: Self.request("https://example.com/a")).ruleID == nil)
        #expect(sim.respond(to: Self.request("http://www.example.com/a")).ruleID == nil, "the source URL names example.com only")
        let trace = sim.trace(Self.request("http://example.com/a?x=1"))
        #expect(trace.outcome == .origin)
        #expect(trace.finalURL == "https://example.com/a?x=1")
        #expect(sim.respond(to: Self.request("http://example.com/account")).ruleID == "to-https")
        #expect(sim.respond(to: Self.request("https://example.com/account")).ruleID == "secure")
    }

    @Test func theTrustedHeaderDecidesTheSchemeOnlyWhenTheSiteNamesIt() throws {
        var set = try TestSupport.yaml(Self.file).ruleSet
        let proxied = Self.request("http://example.com/a", headers: [.init("x-forwarded-proto", "HTTPS")])
        #expect(
            Simulator(ruleSet: set, view: .detour).respond(to: proxied).ruleID == "to-https", "without scheme_header a client's header means nothing")
        set.site.schemeHeader = "X-Forwarded-Proto"
        let sim = Simulator(ruleSet: set, view: .detour)
        #expect(sim.respond(to: proxied).ruleID == nil, "the proxy says the client used https")
        let plain = Self.request("https://example.com/a", headers: [.init("X-Forwarded-Proto", "http")])
        #expect(sim.respond(to: plain).ruleID == "to-https")
        let odd = Self.request("http://example.com/a", headers: [.init("X-Forwarded-Proto", "https,http")])
        #expect(sim.respond(to: odd).ruleID == "to-https", "a value that is neither leaves the connection's scheme")
    }

    @Test func varnishSeesEveryConnectionAsHTTP() throws {
        let set = try TestSupport.yaml(Self.file).ruleSet
        let view = try #require(ServerView.named("varnish"))
        let nginx = try #require(ServerView.named("nginx"))
        #expect(Simulator(ruleSet: set, view: view).respond(to: Self.request("https://example.com/a")).ruleID == "to-https")
        #expect(Simulator(ruleSet: set, view: nginx).respond(to: Self.request("https://example.com/a")).ruleID == nil)
    }

    /// The issue's failure: the X-Forwarded-Proto workaround looped in simulate because the header
    /// was sent again on every hop.
    @Test func theProxyHeaderWorkaroundNoLongerLoops() throws {
        let set = try TestSupport.yaml(
            """
            site:
              hosts: [example.com]
            rules:
              - id: workaround
                source: /*
                when: {header: {X-Forwarded-Proto: http}}
                target: https://example.com/*
                code: 302
            """
        ).ruleSet
        let start = Self.request(
            "http://example.com/a", headers: [.init("X-Forwarded-Proto", "http"), .init("X-Forwarded-For", "203.0.113.9"), .init("Accept", "*/*")])
        let trace = Simulator(ruleSet: set, view: .detour).trace(start)
        #expect(trace.outcome == .origin)
        #expect(trace.hops.count == 2)
        let step = try #require(trace.hops[0].next)
        #expect(step.droppedHeaders.contains("X-Forwarded-Proto") && step.droppedHeaders.contains("X-Forwarded-For"))
        #expect(trace.hops[1].request.headers.map(\.name) == ["Accept"], "the client's own headers stay")
        let findings = Validator(now: Self.now).validate(set)
        #expect(!findings.contains { $0.check == "DT010" || $0.check == "DT060" }, "\(findings.map(\.message))")
    }

    @Test func verifyProbesBothSchemesAndSaysWhichOnTheWire() throws {
        var set = try TestSupport.yaml(Self.file).ruleSet
        let probes = VerifyRequests.generate(set, time: Self.now)
        let ofRule = probes.filter { $0.purpose.contains("to-https") }.map(\.request)
        #expect(ofRule.contains { $0.scheme == "http" && $0.host == "example.com" }, "the witness is a plain-http request")
        #expect(probes.contains { $0.purpose == "rule to-https over https, the scheme it does not take" && $0.request.scheme == "https" })
        let https = try #require(probes.first { $0.purpose.hasPrefix("rule secure over http") }).request
        // Over verify's plain connection the probe is http, and is simulated as such …
        #expect(ProbeScheme.onTheWire(https, site: set.site).scheme == "http")
        #expect(ProbeScheme.onTheWire(https, site: set.site).headers.isEmpty)
        // … unless the site trusts a proxy's header: the probe then names its scheme in it.
        set.site.schemeHeader = "X-Forwarded-Proto"
        let proxied = ProbeScheme.onTheWire(https, site: set.site)
        #expect(proxied.scheme == "http" && proxied.headers == [.init("X-Forwarded-Proto", "http")])
        let secure = ProbeScheme.onTheWire(Self.request("https://example.com/account"), site: set.site)
        #expect(secure.headers == [.init("X-Forwarded-Proto", "https")])
        #expect(Simulator(ruleSet: set, view: .detour).respond(to: secure).ruleID == "secure")
    }

    // MARK: - Validation

    @Test func httpToHTTPSAndBackIsALoopButHTTPToHTTPSAloneIsNot() throws {
        let loop = try TestSupport.yaml(
            """
            site:
              hosts: [example.com]
            rules:
              - id: up
                source: http://example.com/a
                target: https://example.com/a
                code: 301
              - id: down
                scheme: https
                source: /a
                target: http://example.com/a
                code: 301
            """
        ).ruleSet
        let f = Validator(checks: [LoopCheck()], now: Self.now).validate(loop)
        #expect(f.count == 1)
        #expect(f.first?.message == "loop: http://example.com/a → https://example.com/a → http://example.com/a", "\(f.map(\.message))")
        let alone = try TestSupport.yaml(Self.file).ruleSet
        let all = Validator(now: Self.now).validate(alone)
        #expect(!all.contains { ["DT010", "DT060", "DT041"].contains($0.check) }, "\(all.map(\.message))")
        // Without the scheme the same rule sends https back to itself.
        var noScheme = alone
        noScheme.rules[0].source = try Source.parse("/*")
        noScheme.rules[0].host = .exact("example.com")
        #expect(Validator(checks: [SelfRedirectCheck()], now: Self.now).validate(noScheme).count == 1)
    }

    @Test func aChainIsOnlyWhereTheSchemesMeet() throws {
        let set = try TestSupport.yaml(
            """
            site:
              hosts: [example.com]
            rules:
              - id: to-https
                source: http://example.com/*
                target: https://example.com/*
                code: 301
              - id: plain-only
                scheme: http
                source: /old
                target: /new
                code: 301
              - id: secure-only
                scheme: https
                source: /legacy
                target: /current
                code: 301
            """
        ).ruleSet
        let chains = Validator(checks: [ChainCheck()], now: Self.now).validate(set)
        #expect(chains.count == 1, "\(chains.map(\.message))")
        #expect(chains.first?.rules == ["to-https", "secure-only"])
        #expect(chains.first?.message.contains("http://example.com/legacy → https://example.com/legacy") == true, "\(chains.map(\.message))")
        let shadow = Validator(checks: [ShadowedRuleCheck()], now: Self.now).validate(set)
        #expect(shadow.map(\.rules) == [["plain-only", "to-https"]], "plain-only takes only http, all of which to-https takes first")
    }

    @Test func aRelativeTargetKeepsHTTPAndMeetsTheHTTPSRule() throws {
        let set = try TestSupport.yaml(
            """
            site:
              hosts: [example.com]
            rules:
              - id: docs
                source: /docs/v1/*
                target: /docs/v2/*
                code: 308
              - id: https-only
                scheme: http
                source: /*
                target: https://{host}/*
                code: 308
            """
        ).ruleSet
        let chains = Validator(checks: [ChainCheck()], now: Self.now).validate(set)
        #expect(chains.map(\.message) == ["chain: http://example.com/docs/v1/ → http://example.com/docs/v2/ → https://example.com/docs/v2/"])
        var absolute = set
        absolute.rules[0].target = try Target.parse("https://example.com/docs/v2/*", captureCount: 1, sourceIsPrefix: true)
        #expect(Validator(checks: [ChainCheck()], now: Self.now).validate(absolute).isEmpty, "an https target takes one hop")
    }

    @Test func thePermanentHeaderWorkaroundPointsAtTheSchemeField() throws {
        let f = try V.run(
            PinnedPermanentCheck(),
            """
              - id: w
                source: /*
                when: {header: {X-Forwarded-Proto: http}}
                target: https://example.com/*
                code: 301
            """)
        #expect(f.map(\.message) == ["permanent 301 with a condition on X-Forwarded-Proto: write `scheme: http` instead"])
    }
}
