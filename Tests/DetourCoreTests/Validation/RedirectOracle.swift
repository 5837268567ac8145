@testable import DetourCore

/// Small random rule sets and a brute-force oracle for them: every request of a generated URL space
/// (paths around the rules' sources, attack payloads, both site hosts, GET and POST, each stretch of
/// the rules' time windows, each condition value) is followed hop by hop with the validator's
/// evaluator, windows honoured. What it sees is what DT001, DT010 and DT011 must report.
enum RedirectOracle {
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

    static let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!
    static let instants = ["2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"].map { Timestamp(rfc3339: $0)! }

    static let exactSources = ["/a", "/b", "/c", "/a/b", "/new/legacy-1"]
    static let prefixSources = ["/a/*", "/b/*", "/old/*", "/new/*"]
    static let regexSources = ["~^/a/([a-z]+)$", "~^/new/legacy-(\\d+)$", "~^/b/(.*)$", "~^/r/(.*)$", "~^/(a|b)$", "~^/old/([a-z0-9-]+)$"]
    static let exactTargets = ["/a", "/b", "/c", "/a/b", "/old/legacy-1", "https://www.example.com/a", "https://evil.test/", "/new/legacy-1"]
    static let prefixTargets = ["/a/*", "/b/*", "/new/*", "/old/*", "/c", "https://www.example.com/b/*", "/a/b/*"]
    static let regexTargets = ["/a/$1", "/b/$1", "/old/$1", "/new/legacy-$1", "$1", "/$1", "https://example.com$1", "/c", "/old/legacy-$1"]
    static let codes: [StatusCode] = [.movedPermanently, .found, .seeOther, .temporaryRedirect, .permanentRedirect]

    static func pick<T>(_ a: [T], _ g: inout SplitMix) -> T { a[Int(g.next() % UInt64(a.count))] }
    static func chance(_ p: Int, _ g: inout SplitMix) -> Bool { Int(g.next() % 100) < p }

    /// A random set of 1 to 6 rules: exact, prefix and regex sources with captures, hosts, methods,
    /// windows and header conditions.
    static func ruleSet(_ g: inout SplitMix) -> RuleSet {
        var set = RuleSet()
        set.site.hosts = [.exact("example.com"), .exact("www.example.com")]
        let count = 1 + Int(g.next() % 6)
        for i in 0..<count {
            let kind = g.next() % 3
            let sourceText = kind == 0 ? pick(exactSources, &g) : kind == 1 ? pick(prefixSources, &g) : pick(regexSources, &g)
            let source = try! Source.parse(sourceText)
            let targetText = kind == 0 ? pick(exactTargets, &g) : kind == 1 ? pick(prefixTargets, &g) : pick(regexTargets, &g)
            let target = try! Target.parse(targetText, captureCount: source.captureCount, sourceIsPrefix: kind == 1)
            var rule = Rule(id: "r\(i)", source: source, target: target, code: pick(codes, &g))
            if chance(15, &g) { rule.host = .exact(pick(["example.com", "www.example.com"], &g)) }
            if chance(25, &g) { rule.methods = [pick(["GET", "POST"], &g)] }
            if chance(25, &g) { rule.starts = pick(instants, &g) }
            if chance(25, &g) {
                let e = pick(instants, &g)
                if rule.starts.map({ $0 < e }) ?? true { rule.expires = e }
            }
            if chance(15, &g) { rule.conditions = [Condition(kind: .header, name: "X-Beta", value: .exact(pick(["1", "2"], &g)))] }
            set.rules.append(rule)
        }
        set.lines = Array(1...count)
        return set
    }

    static let paths: [String] = {
        var out = ["/", "/a", "/b", "/c", "/a/b", "/a/a", "/b/a", "/old/x", "/new/x", "/old/legacy-1", "/new/legacy-1", "/new/legacy-2"]
        out += ["/a/legacy-1", "/r/x", "/b/x", "/old/a", "/new/a", "/new/b", "/old/b", "/a/b/x", "/b/b/x"]
        for p in ["/r/", "/b/", "/a/", "/old/", "/new/"] {
            for payload in ["//evil.example", "@evil.example", "/\\evil.example", "javascript:alert(1)", ".evil.example", "x"] {
                out.append(p + payload)
            }
        }
        return out
    }()

    /// What the brute force saw.
    struct Observed {
        /// Rule a answered a request and rule b the one it led to (a ≠ b).
        var edges = Set<[String]>()
        /// Rules of every cycle a request ran into.
        var loops: [Set<String>] = []
        /// Rules whose Location sent some client off the site.
        var offSite = Set<String>()
        var dangerous = Set<String>()
    }

    struct Hop {
        let request: HTTPRequest
        let rule: Int
    }

    /// Follows redirects from `start` with windows honoured at the request's time (10 hops: a relative
    /// `$1` target can double the path on every hop).
    static func walk(_ set: RuleSet, _ start: HTTPRequest, limit: Int = 10) -> (hops: [Hop], loopFrom: Int?, locations: [String]) {
        let e = FirstMatchEvaluator(set)
        var seen: [String: Int] = [:]
        var req = start
        var hops: [Hop] = []
        var locations: [String] = []
        while hops.count < limit {
            let key = req.method + " " + req.url
            if let first = seen[key] { return (hops, first, locations) }
            seen[key] = hops.count
            guard let out = e.evaluate(req) else { break }
            hops.append(Hop(request: req, rule: out.ruleIndex))
            locations.append(out.location)
            guard let next = LocationResolver.resolve(out.location, scheme: req.scheme, host: req.host, port: req.port, path: req.path),
                set.site.isSiteHost(next.host)
            else { break }
            let m = MethodSet.only([req.method]).after(out.status).preferred
            req = HTTPRequest(
                method: m, scheme: next.scheme, host: next.host, port: next.port, path: next.path, query: next.query, headers: req.headers,
                time: req.time)
        }
        return (hops, nil, locations)
    }

    static func observe(_ set: RuleSet, extraPaths: [String] = []) -> Observed {
        var o = Observed()
        let trusted = TrustedHosts(site: set.site)
        var times = [now]
        for r in set.rules {
            for t in [r.starts, r.expires].compactMap({ $0 }) where !times.contains(t) { times.append(t) }
        }
        for path in paths + extraPaths {
            for host in ["example.com", "www.example.com"] {
                for method in ["GET", "POST"] {
                    for time in times {
                        for beta in [nil, "1", "2"] {
                            let headers = beta.map { [HTTPRequest.HeaderField("X-Beta", $0)] } ?? []
                            let req = HTTPRequest(method: method, host: host, path: path, headers: headers, time: time)
                            let w = walk(set, req)
                            for (k, hop) in w.hops.enumerated() {
                                let id = set.rules[hop.rule].id
                                switch LocationScanner.judge(Array(w.locations[k].utf8), trusted: trusted) {
                                case .offSite: o.offSite.insert(id)
                                case .dangerousScheme: o.dangerous.insert(id)
                                default: break
                                }
                                if k + 1 < w.hops.count, hop.rule != w.hops[k + 1].rule { o.edges.insert([id, set.rules[w.hops[k + 1].rule].id]) }
                            }
                            if let first = w.loopFrom {
                                let cycle = Set(w.hops[first...].map { set.rules[$0.rule].id })
                                if !o.loops.contains(cycle) { o.loops.append(cycle) }
                            }
                        }
                    }
                }
            }
        }
        return o
    }

    /// Readable rules for a failure message.
    static func describe(_ set: RuleSet) -> String {
        set.rules.map { r in
            var s = "\(r.id): \(r.source.text) → \(r.target.text) \(r.code.rawValue)"
            if let h = r.host { s += " host=\(h)" }
            if let m = r.methods { s += " methods=\(m)" }
            if let st = r.starts { s += " starts=\(st)" }
            if let e = r.expires { s += " expires=\(e)" }
            if !r.conditions.isEmpty { s += " when=\(r.conditions.map { "\($0.name):\($0.value)" })" }
            return s
        }.joined(separator: "\n")
    }
}
