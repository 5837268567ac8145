/// DT011: a redirect lands on another rule's source.
public struct ChainCheck: Check {
    public init() {}
    public let id = "DT011"
    public let name = "redirect-chain"
    public let severity = Severity.warning
    public let summary =
        "Chain: a redirect lands on another rule's source (exact, prefix or regex, both rules active at once); the fix points the first rule at the final target."

    public func findings(in context: ValidationContext) -> [Finding] {
        let graph = context.redirects
        var out: [Finding] = []
        for edge in graph.edges where edge.from != edge.to {
            let walk = graph.walk(edge.request, limit: 30)
            // A hop inside a cycle the request really runs is DT010's; rules that point at each
            // other without any URL repeating (/old/* ⇄ ~^/new/legacy-(\d+)$) make a chain.
            if case .loop(let first) = walk.end, Set(walk.hops[first...].map(\.rule)).isSuperset(of: [edge.from, edge.to]) { continue }
            var chain = walk.hops.map { $0.request.url }
            switch walk.end {
            case .origin, .external: chain += walk.hops.last.map { [$0.location] } ?? []
            case .loop: chain += ["(loop)"]
            case .limit, .growing: chain += ["…"]
            }
            out.append(
                finding(
                    context, rule: edge.from, field: .target,
                    message: "chain: " + chain.joined(separator: " → ") + graph.rolloutProviso(walk.hops.map(\.rule)),
                    why: "Every extra hop costs a round trip, and crawlers and clients give up after a few; redirect straight to the final target.",
                    witness: [edge.request, edge.landing], fix: flatten(edge, walk, context), also: [edge.to]))
        }
        return out
    }

    /// The first rule pointed at where the chain ends, when that is the same for every request the
    /// first rule takes.
    func flatten(_ edge: RedirectGraph.Edge, _ walk: (hops: [RedirectGraph.Hop], end: RedirectGraph.WalkEnd), _ context: ValidationContext) -> Fix? {
        let a = context.rules[edge.from]
        let b = context.rules[edge.to]
        let site = context.ruleSet.site
        let shapeA = TargetShape(a.target)
        let methods = MethodSet(a.methods).after(a.code)
        let landingScheme = shapeA.scheme ?? a.scheme
        guard
            RuleFacts.takesAll(b, methods: methods, host: nil, scheme: landingScheme, window: (a.starts, a.expires), site: site)
                || b.allConditions.isEmpty && b.isFullRollout && b.methods == nil && (b.scheme == nil || b.scheme == landingScheme)
        else { return nil }
        if shapeA.literalPath != nil,
            !a.target.parts.contains(where: {
                if case .literal = $0 { return false }
                return true
            }), walk.end == .origin || walk.end == .external
        {
            // A fixed target: the chain from it is the same for every request.
            for hop in walk.hops.dropFirst() {
                let r = context.rules[hop.rule]
                guard r.isFullRollout, r.allConditions.isEmpty else { return nil }
            }
            guard var final = walk.hops.last?.location else { return nil }
            if a.query == .keep, let q = edge.request.query, final.hasSuffix("?" + q) { final.removeLast(q.count + 1) }
            if !a.target.isAbsolute, let r = LocationResolver.resolve(final, scheme: edge.landing.scheme, host: edge.landing.host),
                r.host == edge.landing.host, r.scheme == edge.landing.scheme
            {
                final = r.path + (r.query.map { "?" + $0 } ?? "")
            }
            guard let t = try? Target.parse(final, captureCount: a.source.captureCount, sourceIsPrefix: a.source.isPrefix) else { return nil }
            return Fix("point \(a.id) at \(final)", [.setTarget(rule: a.id, t)])
        }
        // `/a/*` → `/b/*` then `/b/*` → `/c/*` composes to `/a/*` → `/c/*`.
        guard a.target.parts.count == 2, case .literal(let head) = a.target.parts[0], a.target.parts[1] == .splat,
            case .prefix(let p) = b.source.kind, !head.hasPrefix("http"), head.hasPrefix(p),
            b.target.parts.filter({ $0 == .splat }).count == 1,
            !b.target.parts.contains(where: {
                if case .literal = $0 { return false }
                return $0 != .splat
            })
        else { return nil }
        let rest = String(head.dropFirst(p.count))
        var text = ""
        for part in b.target.parts {
            if case .literal(let s) = part { text += s } else { text += rest + "*" }
        }
        guard let t = try? Target.parse(text, captureCount: 1, sourceIsPrefix: true) else { return nil }
        return Fix("point \(a.id) at \(text)", [.setTarget(rule: a.id, t)])
    }
}
