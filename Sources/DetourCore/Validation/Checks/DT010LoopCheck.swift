/// DT010: some request is sent back to a URL it already visited.
public struct LoopCheck: Check {
    public init() {}
    public let id = "DT010"
    public let name = "redirect-loop"
    public let severity = Severity.error
    public let summary =
        "Loop: some request is sent back to a URL it already visited, at an instant every rule of the cycle is inside its time window and with values all their conditions accept; the witness is the cycle."

    public func findings(in context: ValidationContext) -> [Finding] {
        let graph = context.redirects
        var out: [Finding] = []
        var reported = Set<[Int]>()
        for component in graph.cycles() {
            let members = Set(component)
            if component.count == 1, SelfRedirectCheck.isSelfRedirect(context.rules[component[0]], site: context.ruleSet.site) { continue }
            for e in component.flatMap({ graph.outgoing[$0] ?? [] }) where members.contains(graph.edges[e].to) {
                let walk = graph.walk(graph.edges[e].request, limit: 60)
                guard case .loop(let first) = walk.end else { continue }
                let cycle = Array(walk.hops[first...])
                let ids = cycle.map(\.rule)
                // One finding per distinct cycle: a group of rules can hold several (a ⇄ b and b ⇄ c).
                guard reported.insert(Set(ids).sorted()).inserted else { continue }
                let oneHost = Set(cycle.map { $0.request.scheme + "://" + $0.request.host }).count == 1
                let show: (HTTPRequest) -> String = { oneHost ? $0.path + ($0.query.map { "?" + $0 } ?? "") : $0.url }
                let urls = cycle.map { show($0.request) } + [show(cycle[0].request)]
                let primary = ids.min()!
                let others = Array(Set(ids).subtracting([primary])).sorted()
                out.append(
                    finding(
                        context, rule: primary, field: .target,
                        message: "loop: " + urls.joined(separator: " → ") + graph.rolloutProviso(ids),
                        why: "Clients follow the cycle until their hop limit and then show an error; nothing reaches the origin.",
                        witness: cycle.map(\.request),
                        fix: Fix(
                            "disable rule \(context.rules[primary].id) (breaks the loop)", [.setEnabled(rule: context.rules[primary].id, false)]),
                        also: others))
                continue
            }
        }
        return out
    }
}
