/// DT012: a chain longer than some clients follow.
public struct LongChainCheck: Check {
    public init() {}
    public let id = "DT012"
    public let name = "chain-too-long"
    public let severity = Severity.warning
    public let summary =
        "Chain longer than clients follow (Go 9 redirects, Googlebot 10, browsers 20, requests 30, curl 50), or one whose path grows on every hop and never ends (a relative `$1` target)."

    /// The most redirects each client follows (`reference/client-behavior.md` §2).
    static let limits: [(client: String, follows: Int)] = [("Go", 9), ("Googlebot", 10), ("browsers", 20), ("python-requests", 30), ("curl", 50)]

    public func findings(in context: ValidationContext) -> [Finding] {
        let graph = context.redirects
        // Longest run of edges from each rule, ignoring edges inside cycles (those are DT010's).
        let cycleOf: [Int: Int] = Dictionary(graph.cycles().enumerated().flatMap { k, c in c.map { ($0, k) } }, uniquingKeysWith: { a, _ in a })
        var depth: [Int: Int] = [:]
        var visiting = Set<Int>()
        func longest(_ v: Int) -> Int {
            if let d = depth[v] { return d }
            guard visiting.insert(v).inserted else { return 0 }
            var best = 1
            for e in graph.outgoing[v] ?? [] {
                let w = graph.edges[e].to
                if let c = cycleOf[v], cycleOf[w] == c { continue }
                best = max(best, 1 + longest(w))
            }
            visiting.remove(v)
            depth[v] = best
            return best
        }
        var hasIncoming = Set<Int>()
        for e in graph.edges where e.from != e.to { hasIncoming.insert(e.to) }
        var out: [Finding] = []
        for v in graph.outgoing.keys.sorted() {
            let d = longest(v)
            let unbounded = cycleOf[v] != nil
            guard d > LongChainCheck.limits[0].follows || unbounded, !hasIncoming.contains(v) || unbounded else { continue }
            var best: (hops: [RedirectGraph.Hop], end: RedirectGraph.WalkEnd)? = nil
            for e in graph.outgoing[v] ?? [] {
                let w = graph.walk(graph.edges[e].request, limit: 60)
                if best == nil || w.hops.count > best!.hops.count { best = w }
            }
            // A path that grows on every hop never repeats: every client runs into its limit.
            let growing = best?.end == .growing
            guard let walk = best, walk.hops.count > LongChainCheck.limits[0].follows || growing else { continue }
            if unbounded, case .loop = walk.end { continue }
            let failing = LongChainCheck.limits.filter { walk.hops.count > $0.follows || growing }.map(\.client)
            let count = walk.end == .limit ? "more than \(walk.hops.count)" : "\(walk.hops.count)"
            let grows = growing ? ": the path grows on every hop and never repeats (" + LongChainCheck.firstURLs(walk) + ")" : ""
            let ids = Array(Set(walk.hops.map(\.rule)).subtracting([v])).sorted()
            out.append(
                finding(
                    context, rule: v, field: .target,
                    message: (growing
                        ? "endless chain from \(walk.hops[0].request.url)\(grows)"
                        : "chain of \(count) redirects from \(walk.hops[0].request.url)") + "; \(failing.joined(separator: ", ")) give up",
                    why: "Go stops after 9 redirects, Googlebot after 10, browsers after 20; the request never arrives.",
                    witness: [walk.hops[0].request], also: Array(ids.prefix(20))))
        }
        return out
    }

    /// The first three paths of a growing chain, then `…`.
    static func firstURLs(_ walk: (hops: [RedirectGraph.Hop], end: RedirectGraph.WalkEnd)) -> String {
        walk.hops.prefix(3).map { $0.request.path }.joined(separator: " → ") + " → …"
    }
}
