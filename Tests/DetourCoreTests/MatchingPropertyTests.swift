import PropertyBased
import Testing

@testable import DetourCore

/// The indexed matcher and the naive reference matcher agree on random rule sets (exact, prefix and
/// regex sources mixed, hosts, methods, conditions, windows, rollouts, disabled rules) and random
/// requests, under random path semantics (Detour's, decoded, raw; folding; case).
@Suite struct MatchingPropertyTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    static let segments = ["a", "b", "ab", "A", "c1", "%61", "x-y", "%2F", "..", ""]
    static let regexes = [
        "^/a/(\\w+)$", "^/(a|b)/(.*)", "b", "^/a/([a-c]+)/?$", "^/[ab]{1,2}/(c1)?", "^/ab(/x-y)+$",
        "^/(?:a|A)/(b|ab)$", "1$", "^/c1/(\\d)", "^/a(b)?/", "^/(x-y|a)b*", "^/A/.*$"
    ]

    static func pick<T>(_ a: [T], _ g: inout SplitMix) -> T { a[Int(g.next() % UInt64(a.count))] }
    static func chance(_ p: Int, _ g: inout SplitMix) -> Bool { Int(g.next() % 100) < p }

    static func randomPath(_ g: inout SplitMix) -> String {
        let n = 1 + Int(g.next() % 3)
        var p = ""
        for _ in 0..<n { p += "/" + pick(segments, &g) }
        if chance(20, &g) { p += "/" }
        return p
    }

    static func randomRuleSet(_ g: inout SplitMix) -> RuleSet {
        var set = RuleSet()
        set.site.hosts = [.exact("example.com"), .suffix("example.com")]
        let count = 1 + Int(g.next() % 25)
        for i in 0..<count {
            let sourceText: String
            switch g.next() % 3 {
            case 0: sourceText = randomPath(&g)
            case 1:
                var p = randomPath(&g)
                if chance(50, &g) && !p.hasSuffix("/") { p += "/" }
                sourceText = p + "*"
            default: sourceText = "~" + pick(regexes, &g)
            }
            let source = try! Source.parse(sourceText)
            let isPrefix = { if case .prefix = source.kind { return true } else { return false } }()
            let targetText = isPrefix ? "/t/*" : (source.captureCount > 0 ? "/t/$1" : "/t\(i)")
            var rule = Rule(
                id: "r\(i)", source: source, target: try! Target.parse(targetText, captureCount: source.captureCount, sourceIsPrefix: isPrefix),
                code: pick(StatusCode.allCases, &g))
            rule.enabled = !chance(10, &g)
            if chance(20, &g) { rule.host = pick([.exact("www.example.com"), .suffix("example.com"), .exact("example.com")], &g) }
            if chance(25, &g) { rule.methods = chance(50, &g) ? ["POST"] : ["GET", "HEAD"] }
            if chance(20, &g) {
                rule.conditions = [
                    pick(
                        [
                            Condition(kind: .header, name: "X-T", value: .exact("1")),
                            Condition(kind: .header, name: "x-t", value: .present),
                            Condition(kind: .header, name: "X-T", value: .regex(try! PortableRegex("^[0-9]+$"))),
                            Condition(kind: .cookie, name: "uid", value: .present),
                            Condition(kind: .query, name: "q", value: .exact("1"))
                        ], &g)
                ]
            }
            if chance(15, &g) { rule.starts = Timestamp(secondsSinceEpoch: 1000 + Int64(g.next() % 100)) }
            if chance(15, &g) { rule.expires = Timestamp(secondsSinceEpoch: 1050 + Int64(g.next() % 100)) }
            if chance(25, &g) {
                rule.rollout = Rollout(basisPoints: pick([0, 1, 2500, 5000, 9999, 10000], &g), key: pick([.ip, .cookie("uid"), .header("X-T")], &g))
            }
            set.rules.append(rule)
        }
        set.lines = Array(1...count)
        return set
    }

    static func randomRequest(_ g: inout SplitMix) -> HTTPRequest {
        var headers: [HTTPRequest.HeaderField] = []
        if chance(40, &g) { headers.append(.init(pick(["X-T", "x-t"], &g), pick(["1", "22", "z"], &g))) }
        if chance(40, &g) { headers.append(.init("Cookie", "uid=" + pick(["u1", "u2", "u3", ""], &g))) }
        var path = randomPath(&g)
        if chance(10, &g) { path = "/" + path }
        return HTTPRequest(
            method: pick(["GET", "POST", "HEAD"], &g), host: pick(["example.com", "www.example.com", "other.test", "EXAMPLE.com."], &g),
            path: path, query: chance(30, &g) ? pick(["q=1", "q=2", "x", ""], &g) : nil, headers: headers,
            clientAddress: "10.0.0.\(g.next() % 8)", time: Timestamp(secondsSinceEpoch: 990 + Int64(g.next() % 200)))
    }

    static func randomSemantics(_ g: inout SplitMix) -> PathSemantics {
        var s: PathSemantics
        switch g.next() % 3 {
        case 0: s = PathSemantics(decoding: .unreservedOnly)
        case 1: s = ServerView.of(pick([.nginx, .apache, .caddy, .lighttpd], &g)).path
        default: s = ServerView.of(.haproxy).path
        }
        if chance(30, &g) { s.foldsTrailingSlash = true }
        if chance(20, &g) { s.caseInsensitiveLiterals = true }
        if chance(20, &g) { s.caseInsensitiveRegex = true }
        return s
    }

    @Test func indexedAndReferenceMatchersAgree() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var g = SplitMix(state: UInt64(seed))
            let set = Self.randomRuleSet(&g)
            let semantics = Self.randomSemantics(&g)
            let rollout = RolloutDecider.forServer(Self.pick(ServerKind.allCases, &g))
            let indexed = RuleMatcher(ruleSet: set, semantics: semantics, rollout: rollout)
            let reference = ReferenceMatcher(ruleSet: set, semantics: semantics, rollout: rollout)
            for _ in 0..<60 {
                let request = Self.randomRequest(&g)
                let a = indexed.firstMatch(request)
                let b = reference.firstMatch(request)
                #expect(a == b, "seed \(seed): \(request.method) \(request.host)\(request.path) semantics \(semantics)")
                if a != b { return }
            }
        }
    }

    @Test func compiledRegexAgreesWithBacktracking() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max)) { seed in
            var g = SplitMix(state: UInt64(seed))
            let regex = try! PortableRegex(Self.pick(Self.regexes, &g))
            let ci = Self.chance(30, &g)
            let compiled = CompiledRegex(regex, caseInsensitive: ci)
            for _ in 0..<30 {
                let input = Array(Self.randomPath(&g).utf8)
                #expect(
                    compiled.firstMatch(input) == BacktrackingRegex.search(regex, input, caseInsensitive: ci),
                    "\(regex.pattern) on \(String(decoding: input, as: UTF8.self))")
            }
        }
    }
}
