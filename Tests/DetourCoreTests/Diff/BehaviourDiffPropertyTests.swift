import PropertyBased
import Testing

@testable import DetourCore

/// The behavioural diff against brute force on small generated pairs: a rule file and a mutation of
/// it (retarget, recode, delete, insert, swap, window, methods, rollout). Every request of a finite
/// universe that the two files answer differently must fall in a region the diff reports for the
/// same pair of rules, every region's witness must really differ, and a diff without regions
/// means the universe shows no difference.
@Suite struct BehaviourDiffPropertyTests {
    typealias G = MatchingPropertyTests.SplitMix
    static let segments = ["a", "b", "ab", "c1"]
    static let regexes = ["^/a/(\\w+)$", "^/(a|b)/(.*)", "b$", "^/a/([a-c]+)/?$", "^/ab", "^/c1/(\\d)", "^/a(b)?/"]
    static let now = Timestamp(secondsSinceEpoch: 1000)

    static func pick<T>(_ a: [T], _ g: inout G) -> T { a[Int(g.next() % UInt64(a.count))] }
    static func chance(_ p: Int, _ g: inout G) -> Bool { Int(g.next() % 100) < p }

    static func randomPath(_ g: inout G) -> String {
        var p = ""
        for _ in 0..<(1 + Int(g.next() % 2)) { p += "/" + pick(segments, &g) }
        return chance(20, &g) ? p + "/" : p
    }

    static func randomRule(_ i: Int, _ g: inout G) -> Rule {
        let text: String
        switch g.next() % 3 {
        case 0: text = randomPath(&g)
        case 1: text = (chance(50, &g) ? randomPath(&g) + "/" : randomPath(&g)) + "*"
        default: text = "~" + pick(regexes, &g)
        }
        let source = try! Source.parse(text.replacingOccurrences(of: "//", with: "/"))
        let isPrefix = source.isPrefix
        let target = isPrefix ? "/t\(i % 3)/*" : (source.captureCount > 0 ? "/t\(i % 3)/$1" : "/t\(i % 3)")
        var rule = Rule(
            id: "r\(i)", source: source, target: try! Target.parse(target, captureCount: source.captureCount, sourceIsPrefix: isPrefix),
            code: pick([.movedPermanently, .found, .temporaryRedirect], &g))
        if chance(15, &g) { rule.methods = ["POST"] }
        if chance(15, &g) { rule.host = .exact("www.example.com") }
        if chance(15, &g) { rule.conditions = [Condition(kind: .header, name: "X-T", value: .exact("1"))] }
        if chance(15, &g) { rule.expires = Timestamp(secondsSinceEpoch: pick([1010, 1020], &g)) }
        if chance(10, &g) { rule.starts = Timestamp(secondsSinceEpoch: 1010) }
        if chance(15, &g) { rule.rollout = Rollout(basisPoints: pick([2500, 5000], &g)) }
        return rule
    }

    static func mutate(_ set: RuleSet, _ g: inout G) -> RuleSet {
        var out = set
        for _ in 0..<(1 + Int(g.next() % 2)) {
            let n = out.rules.count
            let k = Int(g.next() % UInt64(max(n, 1)))
            switch g.next() % 8 {
            case 0 where n > 0: out.rules[k].target = try! Target.parse("/moved", captureCount: 0, sourceIsPrefix: false)
            case 1 where n > 0: out.rules[k].code = out.rules[k].code == .found ? .movedPermanently : .found
            case 2 where n > 1: out.rules.remove(at: k)
            case 3 where n > 1: out.rules.swapAt(k, (k + 1) % n)
            case 4 where n > 0: out.rules[k].expires = out.rules[k].expires == nil ? Timestamp(secondsSinceEpoch: 1020) : nil
            case 5 where n > 0: out.rules[k].methods = out.rules[k].methods == nil ? ["POST"] : nil
            case 6 where n > 0: out.rules[k].rollout = out.rules[k].rollout == nil ? Rollout(basisPoints: 5000) : nil
            default: out.rules.insert(randomRule(100 + k, &g), at: min(k, n))
            }
        }
        out.lines = Array(1...max(out.rules.count, 1)).prefix(out.rules.count).map { $0 }
        return out
    }

    /// Every path of up to two segments (with and without a trailing slash), both methods, both
    /// hosts, with and without the header, four clients and the times around every boundary.
    static var universe: [HTTPRequest] {
        var paths: [String] = []
        for a in segments {
            paths += ["/" + a, "/" + a + "/"]
            for b in segments { paths += ["/" + a + "/" + b, "/" + a + "/" + b + "/"] }
        }
        var out: [HTTPRequest] = []
        for path in paths {
            for method in ["GET", "POST"] {
                for host in ["example.com", "www.example.com"] {
                    for headers in [[], [HTTPRequest.HeaderField("X-T", "1")]] {
                        for client in 0..<4 {
                            for t in [1000, 1015, 1025] as [Int64] {
                                out.append(
                                    HTTPRequest(
                                        method: method, host: host, path: path, headers: headers, clientAddress: "10.0.0.\(client)",
                                        time: Timestamp(secondsSinceEpoch: t)))
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    @Test func diffAgreesWithBruteForce() async {
        let universe = Self.universe
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max)) { seed in
            var g = G(state: UInt64(seed))
            var old = RuleSet()
            old.site.hosts = [.exact("example.com"), .exact("www.example.com")]
            for i in 0..<(1 + Int(g.next() % 7)) { old.rules.append(Self.randomRule(i, &g)) }
            old.lines = Array(1...old.rules.count)
            let new = Self.mutate(old, &g)
            let report = BehaviourDiff(old: old, new: new, view: .detour, now: Self.now).run()
            let a = Simulator(ruleSet: old, view: .detour)
            let b = Simulator(ruleSet: new, view: .detour)
            func differ(_ q: HTTPRequest) -> (Int, Int)? {
                let x = a.respond(to: q)
                let y = b.respond(to: q)
                guard x.status != y.status || x.locationHeader != y.locationHeader || x.cacheControl != y.cacheControl else { return nil }
                return (x.ruleIndex ?? -1, y.ruleIndex ?? -1)
            }
            #expect(report.undecided.isEmpty, "seed \(seed): \(report.undecided)")
            var reported = Set<[Int]>()
            for r in report.regions {
                #expect(differ(r.request) != nil, "seed \(seed): witness \(r.request.url) does not differ")
                reported.insert([r.oldResponse.ruleIndex ?? -1, r.newResponse.ruleIndex ?? -1])
            }
            for q in universe {
                guard let pair = differ(q) else { continue }
                #expect(
                    reported.contains([pair.0, pair.1]),
                    "seed \(seed): \(q.method) \(q.url) \(q.headers) \(q.clientAddress) t=\(q.time.secondsSinceEpoch) differs (rules \(pair)) but the diff has no region for it"
                )
                if !reported.contains([pair.0, pair.1]) { return }
            }
        }
    }
}
