/// Which redirects land on another rule's source (DESIGN §5, DT010–DT013), found exactly: a fixed
/// target is looked up like a request; a target with placeholders is turned into the language of
/// every path it can produce and intersected with each candidate rule's source, minus what earlier
/// rules take first. Every edge is then confirmed by evaluating its witness hop by hop, so what is
/// reported is something a client really does, at one instant (both rules inside their time windows)
/// and with header, cookie and query values both rules' conditions accept.
final class RedirectGraph {
    /// Rule `from` sends `request` to `landing`, which rule `to` takes.
    struct Edge {
        let from: Int
        let to: Int
        let request: HTTPRequest
        let landing: HTTPRequest
    }

    /// One hop of a walk.
    struct Hop {
        let request: HTTPRequest
        let rule: Int
        let status: StatusCode
        let location: String
    }

    enum WalkEnd: Equatable {
        case origin, external
        case loop(Int)
        case limit
        /// The next URL is longer than `SimulationTrace.longestFollowedURL`: a URL that grows on
        /// every hop (a relative `$1` target doubles the path) never repeats, so clients follow it
        /// until their limit.
        case growing
    }

    private unowned let context: ValidationContext
    private(set) var edges: [Edge] = []
    private(set) var outgoing: [Int: [Int]] = [:]
    /// Candidate successors examined per rule with a templated target (keeps a pathological file bounded).
    static let candidateBudget = 64
    static let edgesPerRule = 8
    static let landingsPerCandidate = 4
    static let partialTakersAvoided = 4
    /// Further landings tried for one rule's candidates together, when the first is taken first.
    static let retriesPerRule = 8

    init(_ context: ValidationContext) {
        self.context = context
        let live = context.live
        let rules = context.rules
        // A fixed path target (most of a bulk map) that no source can take needs nothing else; that
        // lookup only reads the built index, so it runs on every core.
        let index = context.index
        let mayLand = Parallel.flags(count: rules.count, workers: context.workers) { a in
            guard live[a] else { return false }
            return RedirectGraph.withPlainPath(rules[a].target) { !index.candidates(path: $0).isEmpty } ?? true
        }
        for a in rules.indices where mayLand[a] {
            for e in successors(of: a) {
                outgoing[e.from, default: []].append(edges.count)
                edges.append(e)
            }
        }
    }

    private var site: SiteSettings { context.ruleSet.site }

    /// Calls `body` with the bytes of a target that is one fixed same-origin path ("/a/b", no
    /// query) and returns its answer; nil for any other target. Reads the stored text, so the
    /// visit of every rule makes no string.
    static func withPlainPath<R>(_ target: Target, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard target.isLiteral else { return nil }
        return target.storedText.withUTF8 { b -> R? in
            guard b.count >= 2, b[0] == 0x2f, b[1] != 0x2f, b[1] != 0x5c else { return nil }
            for c in b where c == 0x3f || c == 0x23 || c == 0x25 { return nil }
            return body(b)
        }
    }

    /// The host set a landing can be on, as a pattern (nil: any of the site's hosts).
    private func landingHost(_ a: Rule, _ shape: TargetShape) -> (pattern: HostPattern?, local: Bool) {
        switch shape.landing {
        case .sameHost: return (a.host, true)
        case .host(let h, _): return (.exact(h), site.hosts.isEmpty ? false : site.isSiteHost(h))
        case .dynamic: return (nil, false)
        }
    }

    func successors(of a: Int) -> [Edge] {
        let rule = context.rules[a]
        let shape = TargetShape(rule.target)
        let (host, local) = landingHost(rule, shape)
        guard local else { return startsWithPlaceholder(rule.target) ? sampledSuccessors(of: a) : [] }
        // The scheme the client lands with: the target's own, else the one it was requested with.
        let scheme = shape.scheme ?? rule.scheme
        let methodsAfter = MethodSet(rule.methods).after(rule.code)
        guard !methodsAfter.isEmpty else { return [] }
        var out: [Edge] = []
        if let t = shape.literalPath {
            for b in context.index.candidates(path: t) {
                let other = context.rules[b]
                guard RuleFacts.hostsOverlap(host, other.host, site: site), RuleFacts.schemesOverlap(scheme, other.scheme),
                    RuleFacts.commonWindow([rule, other], now: context.now) != nil
                else { continue }
                let methods = methodsAfter.intersection(MethodSet(other.methods))
                guard !methods.isEmpty else { continue }
                guard context.evaluator.matchPath(other.source, FirstMatchEvaluator.normalizedPath(String(decoding: t, as: UTF8.self))) != nil else {
                    continue
                }
                if let e = confirm(a, b, values: [:], methods: MethodSet(rule.methods)) { out.append(e) }
                if RuleFacts.takesAll(other, methods: methodsAfter, host: host, scheme: scheme, window: (rule.starts, rule.expires), site: site) {
                    break
                }
                if out.count >= RedirectGraph.edgesPerRule { break }
            }
            return out
        }
        let pieces = shape.pathPieces
        let candidates = context.index.candidates(head: shape.literalHead)
        if candidates.isEmpty { return [] }
        let node: RegexNode = .concat(pieces.map { TargetShape.node($0, rule: rule, site: site) })
        guard let targets = try? DFA(wholeMatch: node, foldCase: context.languages.foldCase) else { return [] }
        var earlierTakers: [DFA] = []
        var earlierPartial: [DFA] = []
        var retries = RedirectGraph.retriesPerRule
        var examined = 0
        var missed: Set<Int> = []
        for b in candidates {
            examined += 1
            if examined > RedirectGraph.candidateBudget || out.count >= RedirectGraph.edgesPerRule { break }
            let other = context.rules[b]
            guard RuleFacts.hostsOverlap(host, other.host, site: site), RuleFacts.schemesOverlap(scheme, other.scheme),
                RuleFacts.commonWindow([rule, other], now: context.now) != nil
            else { continue }
            let methods = methodsAfter.intersection(MethodSet(other.methods))
            guard !methods.isEmpty, let sourceB = context.languages.source(b) else { continue }
            // A source that shares no string with the possible landings is neither a successor
            // nor worth subtracting; most neighbours behind a shared prefix fall out here.
            if targets.firstBytesDisjoint(sourceB) { continue }
            // The shortest landing first (it may need a request an earlier rule takes first: `/a`
            // for ~^/(a|b)$ when another rule owns /a); when an earlier rule that takes only some requests
            // answers it, landings outside those rules and a few others (within a per-rule budget).
            var tried: [DFA] = []
            var avoidPartial = false
            let edgesBefore = out.count
            defer { if out.count == edgesBefore && !tried.isEmpty { missed.insert(b) } }
            while tried.count <= RedirectGraph.landingsPerCandidate {
                let mustNot = earlierTakers + tried + (avoidPartial ? earlierPartial : [])
                guard case .witness(let landing) = LanguageSearch.shortest(must: [targets, sourceB, PathLanguages.pathAlphabet], mustNot: mustNot)
                else {
                    if avoidPartial {
                        avoidPartial = false
                        continue
                    }
                    break
                }
                tried.append(DFA(literal: landing, foldCase: context.languages.foldCase))
                if let parts = TargetShape.split(landing, pieces: pieces, rule: rule, site: site) {
                    var values: [TargetShape.Capture: [UInt8]] = [:]
                    for (p, v) in zip(pieces, parts) { if case .capture(let c) = p { values[c] = v } }
                    if let e = confirm(a, b, values: values, methods: MethodSet(rule.methods)) {
                        out.append(e)
                        break
                    }
                }
                guard retries > 0 else { break }
                retries -= 1
                if tried.count == 1 && !earlierPartial.isEmpty { avoidPartial = true }
            }
            if RuleFacts.takesAll(other, methods: methodsAfter, host: host, scheme: scheme, window: (rule.starts, rule.expires), site: site) {
                earlierTakers.append(sourceB)
            } else if earlierPartial.count < RedirectGraph.partialTakersAvoided {
                earlierPartial.append(sourceB)
            }
        }
        if !missed.isEmpty, out.count < RedirectGraph.edgesPerRule { out += takenRequestSuccessors(of: a, toward: missed) }
        return out
    }

    /// Successors among `wanted` (candidates whose landings were all refused) reached from the
    /// requests rule `a` really takes. The landings above use the shortest capture values, and an
    /// earlier rule may take every request those values make (`~^/a/([a-z]+)$` before `/a/*` takes
    /// `/a/a`…`/a/z`): the shortest requests of `a`'s source outside the rules found taking them
    /// first are followed instead, each edge confirmed by the walk.
    private func takenRequestSuccessors(of a: Int, toward wanted: Set<Int>) -> [Edge] {
        let rule = context.rules[a]
        guard let source = context.languages.source(a), let window = RuleFacts.commonWindow([rule], now: context.now) else { return [] }
        var avoid: [DFA] = []
        var out: [Edge] = []
        var found: Set<Int> = []
        let method = rule.methods.map { $0.contains("GET") ? "GET" : $0.sorted().first ?? "GET" } ?? "GET"
        for _ in 0..<RedirectGraph.landingsPerCandidate {
            guard case .witness(let bytes) = LanguageSearch.shortest(must: [source, PathLanguages.pathAlphabet], mustNot: avoid) else { break }
            avoid.append(DFA(literal: bytes, foldCase: context.languages.foldCase))
            for time in context.instants(from: window.from, to: window.to) {
                var req = context.request(method: method, rule: a, path: String(decoding: bytes, as: UTF8.self))
                req.time = time
                let hops = walk(req, limit: 2)
                guard let first = hops.hops.first else { continue }
                if first.rule != a {
                    // An earlier rule takes this request: none of its requests reach `a`.
                    if first.rule < a, let taker = context.languages.source(first.rule) { avoid.append(taker) }
                    continue
                }
                guard hops.hops.count >= 2, wanted.contains(hops.hops[1].rule), found.insert(hops.hops[1].rule).inserted else { continue }
                out.append(Edge(from: a, to: hops.hops[1].rule, request: req, landing: hops.hops[1].request))
            }
        }
        return out
    }

    /// Whether the target begins with a placeholder, so a value can make it a relative reference
    /// ("x", "", "../x") resolved against the request's own path.
    private func startsWithPlaceholder(_ target: Target) -> Bool {
        guard let first = target.parts.first else { return false }
        if case .literal = first { return false }
        return true
    }

    /// Successors of a target whose landing depends on a value (`$1` can be an absolute URL, a
    /// host-relative path or a path relative to the request): found by following the requests the
    /// rule takes with its shortest capture values and with a plain segment, hop by hop.
    private func sampledSuccessors(of a: Int) -> [Edge] {
        let rule = context.rules[a]
        var samples: [[TargetShape.Capture: [UInt8]]] = [[:]]
        for part in rule.target.parts {
            let capture: TargetShape.Capture
            switch part {
            case .splat: capture = .splat
            case .group(let n): capture = .group(n)
            default: continue
            }
            guard let values = try? DFA(wholeMatch: TargetShape.captureNode(capture, rule: rule, site: site)) else { continue }
            for v in RedirectGraph.shortestStrings(values, count: 4) { samples.append([capture: v]) }
            // `a/b` resolves against the request's directory and lands deeper: the path that can
            // grow on every hop (DT012), which the shortest values (a self-loop at most) never show.
            if let v = RedirectGraph.shortestNestedRelative(values) { samples.append([capture: v]) }
        }
        var out: [Edge] = []
        // A rule may reach itself twice: once repeating a URL (a loop) and once on a growing path.
        var seen = Set<[Int]>()
        for values in samples {
            guard let (path, query) = context.sourceRequest(a, values: values) else { continue }
            let window = RuleFacts.commonWindow([rule], now: context.now)
            for time in window.map({ context.instants(from: $0.from, to: $0.to) }) ?? [] {
                for method in ["GET", "POST"] where rule.methods.map({ $0.contains(method) }) ?? true {
                    var req = context.request(method: method, rule: a, path: path, query: query)
                    req.time = time
                    let hops = walk(req, limit: 2)
                    guard hops.hops.first?.rule == a else { continue }
                    let to = hops.hops.count >= 2 ? hops.hops[1].rule : (hops.end == .loop(0) ? a : nil)
                    let loops: Int
                    if case .loop = hops.end { loops = 1 } else { loops = 0 }
                    if let to, seen.insert([to, loops]).inserted {
                        out.append(Edge(from: a, to: to, request: req, landing: hops.hops.count >= 2 ? hops.hops[1].request : req))
                    }
                    // Where the request lands, a rule with `when` conditions takes it only from a
                    // request carrying values both rules accept: tried for each such rule.
                    for e in conditionalSuccessors(of: a, request: req, firstHop: hops.hops[0], seen: &seen) { out.append(e) }
                }
            }
        }
        return out
    }

    /// The shortest string of a language that is a relative path of two segments (`a/b`: no `/`
    /// first, a `/`, then more), breadth first; nil when there is none.
    static func shortestNestedRelative(_ dfa: DFA) -> [UInt8]? {
        // Phase 0: nothing read; 1: in the first segment; 2: just after its `/`; 3: past it.
        var queue: [(Int32, Int, [UInt8])] = [(0, 0, [])]
        var visited = Set<[Int32]>()
        var k = 0
        while k < queue.count, queue.count < 4096 {
            let (q, phase, s) = queue[k]
            k += 1
            if phase == 3 && dfa.isAccepting(q) { return s }
            for b in ByteClasses.preference where "/-._~".utf8.contains(b) || LocationScanner.isAlpha(b) || (b >= 0x30 && b <= 0x39) {
                let next: Int
                switch phase {
                case 0: next = b == 0x2f ? -1 : 1
                case 1: next = b == 0x2f ? 2 : 1
                case 2: next = b == 0x2f ? -1 : 3
                default: next = 3
                }
                let t = dfa.step(q, b)
                guard next >= 0, dfa.isLive(t), visited.insert([t, Int32(next)]).inserted else { continue }
                queue.append((t, next, s + [b]))
            }
        }
        return nil
    }

    /// The rules with `when` conditions that take the request `firstHop` sends to, reached by the
    /// same request with values that meet rule `a`'s conditions and theirs (`seen`: rules already
    /// found as successors, by `[rule, loops]`).
    private func conditionalSuccessors(of a: Int, request: HTTPRequest, firstHop: Hop, seen: inout Set<[Int]>) -> [Edge] {
        let ra = context.rules[a]
        guard
            let next = LocationResolver.resolve(firstHop.location, scheme: request.scheme, host: request.host, port: request.port, path: request.path)
        else { return [] }
        var out: [Edge] = []
        for b in context.index.candidates(path: FirstMatchEvaluator.normalizedPath(next.path))
        where !context.rules[b].allConditions.isEmpty && !seen.contains([b, 0]) && !seen.contains([b, 1]) {
            guard let values = ConditionWitness.satisfying(ra.allConditions + context.rules[b].allConditions) else { continue }
            var req = request
            values.apply(to: &req)
            let hops = walk(req, limit: 2)
            guard hops.hops.count >= 2, hops.hops[0].rule == a, hops.hops[1].rule == b else { continue }
            seen.insert([b, 0])
            out.append(Edge(from: a, to: b, request: req, landing: hops.hops[1].request))
        }
        return out
    }

    /// Up to `count` of the shortest strings of a language, breadth first.
    static func shortestStrings(_ dfa: DFA, count: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var queue: [(Int32, [UInt8])] = [(0, [])]
        var k = 0
        while k < queue.count, out.count < count, queue.count < 4096 {
            let (q, s) = queue[k]
            k += 1
            if dfa.isAccepting(q) { out.append(s) }
            for b in ByteClasses.preference where "/-._~".utf8.contains(b) || LocationScanner.isAlpha(b) || (b >= 0x30 && b <= 0x39) {
                let t = dfa.step(q, b)
                if dfa.isLive(t) { queue.append((t, s + [b])) }
            }
        }
        return out
    }

    /// Builds the request to rule `a` with the given capture values and checks, by evaluating both
    /// hops, that `a` takes it and that `b` takes where it lands: at an instant both rules are in
    /// their windows, with header, cookie and query values that meet both rules' conditions.
    private func confirm(_ a: Int, _ b: Int, values: [TargetShape.Capture: [UInt8]], methods: MethodSet) -> Edge? {
        let ra = context.rules[a]
        let rb = context.rules[b]
        guard let window = RuleFacts.commonWindow([ra, rb], now: context.now) else { return nil }
        // b's query conditions hold for the landing's query, which the request's may not reach.
        var satisfiers: [ConditionWitness] = []
        if ra.allConditions.isEmpty && rb.allConditions.isEmpty {
            satisfiers = [ConditionWitness()]
        } else {
            if let w = ConditionWitness.satisfying(ra.allConditions + rb.allConditions) { satisfiers.append(w) }
            if rb.allConditions.contains(where: { $0.kind == .query }),
                let w = ConditionWitness.satisfying(ra.allConditions + rb.allConditions.filter { $0.kind != .query })
            {
                satisfiers.append(w)
            }
        }
        for time in context.instants(from: window.from, to: window.to) {
            for conditions in satisfiers {
                if let e = confirm(a, b, values: values, methods: methods, time: time, conditions: conditions) { return e }
            }
        }
        return nil
    }

    private func confirm(
        _ a: Int, _ b: Int, values: [TargetShape.Capture: [UInt8]], methods: MethodSet, time: Timestamp, conditions: ConditionWitness
    ) -> Edge? {
        // The shortest request may be one an earlier rule takes only at some times, on some hosts
        // or with some values: a few other paths and each site host are tried too.
        var requests: [(String, String?)] = []
        var tried: [DFA] = []
        while requests.count < RedirectGraph.landingsPerCandidate, let r = context.sourceRequest(a, values: values, avoiding: tried) {
            if requests.contains(where: { $0 == r }) { break }
            requests.append(r)
            if case .exact = context.rules[a].source.kind { break }
            tried.append(DFA(literal: Array(r.0.utf8), foldCase: context.languages.foldCase))
        }
        var hosts: [String?] = [nil]
        if context.rules[a].host == nil, context.rules[b].host == nil {
            for case .exact(let h) in site.hosts.dropFirst() { hosts.append(TrustedHosts.stripPort(h)) }
        }
        for (path, query) in requests {
            for host in hosts {
                if let e = confirm(a, b, path: path, query: query, host: host, methods: methods, time: time, conditions: conditions) { return e }
            }
        }
        return nil
    }

    private func confirm(
        _ a: Int, _ b: Int, path: String, query: String?, host: String?, methods: MethodSet, time: Timestamp, conditions: ConditionWitness
    ) -> Edge? {
        let after = context.rules[b].methods.map { Set($0) }
        var candidatesMethods: [String] = []
        switch methods {
        case .all: candidatesMethods = ["GET", "POST"]
        case .only(let s): candidatesMethods = s.sorted { ($0 == "GET" ? 0 : 1, $0) < ($1 == "GET" ? 0 : 1, $1) }
        }
        // A rule of either scheme whose target keeps the request's scheme reaches a rule of one
        // scheme only from a request of that scheme.
        let landingScheme: String? =
            context.rules[a].scheme == nil && TargetShape(context.rules[a].target).scheme == nil ? context.rules[b].scheme : nil
        for m in candidatesMethods {
            let followUp = MethodSet.only([m]).after(context.rules[a].code).preferred
            if let after, !after.contains(followUp) { continue }
            var req = context.request(method: m, rule: a, path: path, query: query, meetConditions: false)
            req.time = time
            conditions.apply(to: &req)
            if let landingScheme { req.scheme = landingScheme }
            if let host { req.host = host }
            // A rule on any site host reaches a rule on one host only from a request to that host.
            if context.rules[a].host == nil, TargetShape(context.rules[a].target).landing == .sameHost, context.rules[b].host != nil {
                req.host = RuleFacts.witnessHost(context.rules[b], site: context.ruleSet.site)
            }
            let hops = walk(req, limit: 2)
            if hops.hops.count >= 2, hops.hops[0].rule == a, hops.hops[1].rule == b {
                return Edge(from: a, to: b, request: req, landing: hops.hops[1].request)
            }
            if hops.hops.count == 1, hops.hops[0].rule == a, a == b, case .loop = hops.end {
                return Edge(from: a, to: b, request: req, landing: req)
            }
        }
        return nil
    }

    /// Follows redirects from `start` as a browser would until the origin, another host, a
    /// repeated request or `limit` hops.
    func walk(_ start: HTTPRequest, limit: Int) -> (hops: [Hop], end: WalkEnd) {
        var hops: [Hop] = []
        var seen: [String: Int] = [:]
        var req = start
        while true {
            // The headers are part of the request: a hop that drops a proxy's header is a new
            // request even at the same URL.
            let key = req.method + " " + req.url + req.headers.map { "\n" + $0.name.lowercased() + ": " + $0.value }.joined()
            if let first = seen[key] { return (hops, .loop(first)) }
            seen[key] = hops.count
            if hops.count >= limit { return (hops, .limit) }
            let path = FirstMatchEvaluator.normalizedPath(req.path)
            let candidates = context.index.candidates(path: path)
            guard let out = context.timedEvaluator.evaluate(req, candidates: candidates) else { return (hops, .origin) }
            hops.append(Hop(request: req, rule: out.ruleIndex, status: out.status, location: out.location))
            guard let next = LocationResolver.resolve(out.location, scheme: req.scheme, host: req.host, port: req.port, path: req.path) else {
                return (hops, .external)
            }
            guard context.ruleSet.site.hosts.isEmpty ? next.host == req.host : context.ruleSet.site.isSiteHost(next.host) else {
                return (hops, .external)
            }
            if next.path.utf8.count + (next.query?.utf8.count ?? 0) > SimulationTrace.longestFollowedURL { return (hops, .growing) }
            let method = MethodSet.only([req.method]).after(out.status).preferred
            // A proxy's headers (X-Forwarded-Proto …) are the proxy's, not the client's: not carried.
            var headers = req.headers
            if !headers.isEmpty {
                let proxy = context.ruleSet.site.proxyHeaders
                headers.removeAll { proxy.contains($0.name.lowercased()) }
            }
            req = HTTPRequest(
                method: method, scheme: next.scheme, host: next.host, port: next.port, path: next.path, query: next.query,
                headers: headers, clientAddress: req.clientAddress, time: req.time)
        }
    }

    /// What a loop or chain through partial rollouts depends on: the analysis takes every rollout
    /// as picking the client (conservative), and the finding says so. Empty when all are full.
    func rolloutProviso(_ rules: [Int]) -> String {
        var partial: [String] = []
        for i in rules where !context.rules[i].isFullRollout && !partial.contains(context.rules[i].id) { partial.append(context.rules[i].id) }
        switch partial.count {
        case 0: return ""
        case 1: return " (if the rollout of \(partial[0]) picks the client)"
        case 2: return " (if both rollouts pick the client)"
        default: return " (if all \(partial.count) rollouts pick the client)"
        }
    }

    /// Strongly connected groups of rules with more than one member or a self-edge (Tarjan).
    func cycles() -> [[Int]] {
        var indexOf: [Int: Int] = [:]
        var low: [Int: Int] = [:]
        var onStack = Set<Int>()
        var stack: [Int] = []
        var counter = 0
        var out: [[Int]] = []
        func connect(_ v: Int) {
            indexOf[v] = counter
            low[v] = counter
            counter += 1
            stack.append(v)
            onStack.insert(v)
            for e in outgoing[v] ?? [] {
                let w = edges[e].to
                if indexOf[w] == nil {
                    connect(w)
                    low[v] = min(low[v]!, low[w]!)
                } else if onStack.contains(w) {
                    low[v] = min(low[v]!, indexOf[w]!)
                }
            }
            if low[v] == indexOf[v] {
                var comp: [Int] = []
                while let w = stack.popLast() {
                    onStack.remove(w)
                    comp.append(w)
                    if w == v { break }
                }
                let selfEdge = (outgoing[v] ?? []).contains { edges[$0].to == v }
                if comp.count > 1 || selfEdge { out.append(comp.sorted()) }
            }
        }
        for v in outgoing.keys.sorted() where indexOf[v] == nil { connect(v) }
        return out
    }
}
