/// Gateway API picks among the matching rules of all HTTPRoutes by its own order (Exact before
/// PathPrefix, longer prefixes first, then a method match, more header matches, more query matches;
/// ties go to the older route, then `namespace/name` alphabetically, then the first rule of a route).
/// The export names its routes so the tie-break is rule order; this check finds the rules the
/// gateway would rank above an earlier rule that can match the same request, where Detour's
/// first-match order would then not hold, and refuses them. It also refuses a prefix rule
/// `/old/*` unless an exact rule without conditions decides `/old`, which PathPrefix `/old` matches too.
enum GatewayAPIPrecedence {
    /// What ranks a match after its path kind and length.
    private struct Secondary: Comparable {
        let method: Int
        let headers: Int
        let query: Int
        static func < (a: Secondary, b: Secondary) -> Bool { (a.method, a.headers, a.query) < (b.method, b.headers, b.query) }
    }

    private static func secondary(_ r: GatewayAPIRouteRule, method: String?) -> Secondary {
        Secondary(method: method == nil ? 0 : 1, headers: r.headers.count, query: r.queryParams.count)
    }

    /// Whether two matches can hold for one request, their paths aside.
    private static func canOverlap(_ a: GatewayAPIRouteRule, _ am: String?, _ b: GatewayAPIRouteRule, _ bm: String?) -> Bool {
        if let am, let bm, am != bm { return false }
        for h in a.headers {
            if let other = b.headers.first(where: { $0.name.lowercased() == h.name.lowercased() }), other.value != h.value { return false }
        }
        for q in a.queryParams {
            if let other = b.queryParams.first(where: { $0.name == q.name }), other.value != q.value { return false }
        }
        return true
    }

    /// The PathPrefix values that match `path` element by element: `/a/b` → `/a/b`, `/a`, `/`.
    static func prefixValues(covering path: String) -> [String] {
        var out: [String] = []
        var p = Substring(path)
        while p.count > 1 {
            if p.hasSuffix("/") {
                p = p.dropLast()
                continue
            }
            out.append(String(p))
            guard let slash = p.lastIndex(of: "/") else { break }
            p = p[..<slash]
        }
        out.append("/")
        return out
    }

    /// The refusal of each rule (by its position in the rule file) that the gateway's order would
    /// let win over an earlier one, or whose PathPrefix would also take its bare path.
    static func refusals(_ rules: [GatewayAPIRouteRule]) -> [Int: ExportError] {
        var refused: [Int: ExportError] = [:]
        var exactAt: [String: [GatewayAPIRouteRule]] = [:]
        var prefixAt: [String: [GatewayAPIRouteRule]] = [:]
        for r in rules {
            if let earlier = firstOutranked(by: r, exactAt: exactAt, prefixAt: prefixAt) {
                refused[r.index] = .unsupportedFeature(
                    rule: r.ruleID, line: r.line, feature: r.path.isExactMatch ? .exact : .prefix,
                    why: "Gateway API ranks its \(r.path.kindName) match \(r.path.value) above rule \(earlier.ruleID) (line \(earlier.line)), "
                        + "which comes first and can match the same requests (Exact before PathPrefix, longer prefixes first, "
                        + "then method, header and query matches); move this rule above it")
                continue
            }
            switch r.path {
            case .exact(let p): exactAt[p, default: []].append(r)
            case .prefix(let p): prefixAt[p, default: []].append(r)
            }
        }
        let decided = Set(
            rules.filter { refused[$0.index] == nil && $0.isUnconditional }.compactMap { r -> String? in
                if case .exact(let p) = r.path { return p }
                return nil
            })
        for r in rules where refused[r.index] == nil {
            guard let bare = r.barePath, !decided.contains(bare) else { continue }
            refused[r.index] = .unsupportedFeature(
                rule: r.ruleID, line: r.line, feature: .prefix,
                why: "Gateway API's PathPrefix \(bare) also matches \(bare) itself, which \(bare)/* does not; "
                    + "add an exact rule for \(bare) without conditions (its own redirect) so the gateway and Detour agree there")
        }
        return refused
    }

    /// The first earlier rule that `r` outranks on a request both can match, nil when none.
    private static func firstOutranked(
        by r: GatewayAPIRouteRule, exactAt: [String: [GatewayAPIRouteRule]], prefixAt: [String: [GatewayAPIRouteRule]]
    ) -> GatewayAPIRouteRule? {
        var candidates: [GatewayAPIRouteRule] = []
        switch r.path {
        case .exact(let p):
            // Exact outranks every prefix covering it; among exact rules on one path the secondary rank
            // decides. A prefix whose value is `p` itself (`p/*`) never matches `p` in Detour: that
            // bare path is the exact rule's, as `refusals` requires.
            for v in prefixValues(covering: p) where v != p { candidates += prefixAt[v] ?? [] }
            for e in exactAt[p] ?? [] where outranksOnSamePath(r, e) { candidates.append(e) }
        case .prefix(let p):
            for v in prefixValues(covering: p) where v != p { candidates += prefixAt[v] ?? [] }
            for e in prefixAt[p] ?? [] where outranksOnSamePath(r, e) { candidates.append(e) }
        }
        let overlapping = candidates.filter { e in
            r.methods.contains { rm in e.methods.contains { em in canOverlap(r, rm, e, em) } }
        }
        return overlapping.min { $0.index < $1.index }
    }

    /// Whether some match of `r` ranks above an overlapping match of `e` when both have the same path.
    private static func outranksOnSamePath(_ r: GatewayAPIRouteRule, _ e: GatewayAPIRouteRule) -> Bool {
        r.methods.contains { rm in
            e.methods.contains { em in canOverlap(r, rm, e, em) && secondary(e, method: em) < secondary(r, method: rm) }
        }
    }
}

extension GatewayAPIRouteRule.PathMatch {
    var isExactMatch: Bool {
        if case .exact = self { return true }
        return false
    }
    var kindName: String { isExactMatch ? "Exact" : "PathPrefix" }
}
