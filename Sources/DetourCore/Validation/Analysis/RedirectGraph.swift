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
    }

    private unowned let context: ValidationContext
    private(set) var edges: [Edge] = []
    private(set) var outgoing: [Int: [Int]] = [:]
    /// Candidate successors examined per rule with a templated target (keeps a pathological file bounded).
    static let candidateBudget = 64
    static let edgesPerRule = 8

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
        guard local else { return [] }
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
        var examined = 0
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
            if case .witness(let landing) = LanguageSearch.shortest(must: [targets, sourceB, PathLanguages.pathAlphabet], mustNot: earlierTakers),
                let parts = TargetShape.split(landing, pieces: pieces, rule: rule, site: site)
            {
                var values: [TargetShape.Capture: [UInt8]] = [:]
                for (p, v) in zip(pieces, parts) { if case .capture(let c) = p { values[c] = v } }
                if let e = confirm(a, b, values: values, methods: MethodSet(rule.methods)) { out.append(e) }
            }
            if RuleFacts.takesAll(other, methods: methodsAfter, host: host, scheme: scheme, window: (rule.starts, rule.expires), site: site) {
                earlierTakers.append(sourceB)
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
        let after = context.rules[b].methods.map { Set($0) }
        var candidatesMethods: [String] = []
        switch methods {
        case .all: candidatesMethods = ["GET", "POST"]
        case .only(let s): candidatesMethods = s.sorted { ($0 == "GET" ? 0 : 1, $0) < ($1 == "GET" ? 0 : 1, $1) }
        }
        guard let (path, query) = context.sourceRequest(a, values: values) else { return nil }
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
            let key = req.method + " " + req.url
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
