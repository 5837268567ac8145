import Testing

@testable import DetourCore

/// `RuleMatcher.considerations`: the rules that nearly answered a request, with the client's
/// rollout bucket under each server's own hash.
struct RuleConsiderationTests {
    static func request(_ path: String, ip: String = "127.0.0.1", method: String = "GET") -> HTTPRequest {
        HTTPRequest(
            method: method, scheme: "https", host: "example.com", port: nil, path: path, query: nil, headers: [],
            clientAddress: ip, time: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
    }

    @Test("the bucket is where the server's hash starts including the client", arguments: ServerKind.allCases)
    func bucketMatchesTheHash(server: ServerKind) throws {
        let decider = server.target.rollout
        for k in 0..<60 {
            let rule = Rule(
                id: "r\(k)", source: try Source.parse("/p"), target: try Target.parse("/q", captureCount: 0, sourceIsPrefix: false),
                code: .found)
            var rolled = rule
            rolled.rollout = Rollout(basisPoints: 100)
            var set = RuleSet(site: SiteSettings(), rules: [rolled])
            set.lines = [1]
            let matcher = RuleMatcher(ruleSet: set, semantics: .detour(set.site), rollout: decider)
            let ip = "10.1.\(k / 200).\(k % 200 + 1)"
            let considered = matcher.considerations(Self.request("/p", ip: ip)).considered
            let input = RolloutDecider.hashInput(salt: "r\(k)", value: ip)
            switch considered.first?.reason {
            case .applies?:
                // Inside a 1 % rollout.
                #expect(decider.hash.includes(key: input, basisPoints: 100))
            case .rollout(_, _, let bucket?)?:
                // Every rollout of up to `bucket` % leaves the client out; every larger one takes it in.
                for p in 1...99 {
                    #expect(decider.hash.includes(key: input, basisPoints: p * 100) == (p > bucket), "\(server) r\(k) bucket \(bucket) at \(p) %")
                }
            case .rollout(_, _, nil)?:
                // No bucket is claimed only for a hash that is not a threshold.
                let inside = (1...99).map { decider.hash.includes(key: input, basisPoints: $0 * 100) }
                #expect(inside != inside.sorted { !$0 && $1 }, "\(server) r\(k): a threshold hash must name the bucket")
            default:
                Issue.record("unexpected \(String(describing: considered.first?.reason))")
            }
        }
    }

    @Test("rules whose source does not fit are counted, not listed; the first rule that applies ends the list")
    func countsAndOrder() throws {
        let doc = try RuleFileDocument(
            path: "r.yaml",
            bytes: Array(
                """
                site:
                  hosts: [example.com]
                rules:
                  - {id: other, source: /elsewhere, target: /x, code: 301}
                  - {id: post-only, source: /a, target: /b, code: 308, methods: [POST]}
                  - {id: a, source: /a, target: /c, code: 301}
                  - {id: later, source: /a*, target: /d, code: 301}
                """.utf8))
        let matcher = RuleMatcher(ruleSet: doc.ruleSet, semantics: .detour(doc.ruleSet.site))
        let result = matcher.considerations(Self.request("/a"))
        #expect(result.considered.map(\.ruleID) == ["post-only", "a"])
        #expect(result.considered[0].reason == .method(allowed: ["POST"], request: "GET"))
        #expect(result.considered[1].reason == .applies)
        #expect(result.pathMismatches == 1)
        #expect(result.notApplied.map(\.ruleID) == ["post-only"])
    }
}

/// The explanation never contradicts the matcher: the rule it says applies is `firstMatch`'s.
struct RuleConsiderationAgreementTests {
    @Test("considerations end at firstMatch's rule, or apply none when it finds none", arguments: ["operations.yaml", "api-migration.yaml"])
    func agreesWithFirstMatch(example: String) throws {
        let set = try RuleFileDocument.load(path: TestSupport.example(example)).ruleSet
        let matcher = RuleMatcher(ruleSet: set, semantics: .detour(set.site))
        var paths = ["/", "/nothing-here"]
        for rule in set.rules {
            switch rule.source.kind {
            case .exact(let path): paths += [path, path + "/"]
            case .prefix(let prefix): paths += [prefix, prefix + "deeper/page"]
            case .regex: paths += rule.examples.compactMap { HTTPRequest.parseURL($0.url, defaultScheme: "https", defaultHost: "example.com")?.path }
            }
        }
        for path in paths {
            for method in ["GET", "POST"] {
                for ip in ["127.0.0.1", "10.0.0.7", "192.0.2.44"] {
                    var request = RuleConsiderationTests.request(path, ip: ip, method: method)
                    request.headers = [.init("Cookie", "uid=u10"), .init("X-Country", "DE"), .init("X-User-Id", "u7")]
                    let applied = matcher.considerations(request).considered.last.flatMap { $0.reason == .applies ? $0.ruleIndex : nil }
                    #expect(applied == matcher.firstMatch(request)?.ruleIndex, "\(example) \(method) \(path) from \(ip)")
                }
            }
        }
    }
}
