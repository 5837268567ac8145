/// DT013: a chain keeps the method on one hop and then turns it into GET on a later one.
public struct MethodDowngradeChainCheck: Check {
    public init() {}
    public let id = "DT013"
    public let name = "chain-drops-method"
    public let severity = Severity.warning
    public let summary = "A chain turns a preserved method into GET part-way (307 then 302 …)."

    public func findings(in context: ValidationContext) -> [Finding] {
        let graph = context.redirects
        var out: [Finding] = []
        for edge in graph.edges where edge.from != edge.to {
            let a = context.rules[edge.from]
            let b = context.rules[edge.to]
            guard a.code.preservesMethod, !b.code.preservesMethod else { continue }
            let methods = MethodSet(a.methods).intersection(MethodSet(b.methods))
            guard methods.hasBodyMethod else { continue }
            let method: String
            switch methods {
            case .all: method = "POST"
            case .only(let s): method = s.contains("POST") ? "POST" : s.sorted().first { $0 != "GET" && $0 != "HEAD" } ?? "POST"
            }
            var request = edge.request
            request.method = method
            var landing = edge.landing
            landing.method = method
            let better: StatusCode = b.code.isPermanent ? .permanentRedirect : .temporaryRedirect
            out.append(
                finding(
                    context, rule: edge.from, field: .code,
                    message: "chain keeps \(method) at \(a.id) (\(a.code.rawValue)) and turns it into GET at \(b.id) (\(b.code.rawValue))",
                    why: "The first hop promises the method and body survive; the second drops the body, so the request arrives as a GET.",
                    witness: [request, landing],
                    fix: Fix("use \(better.rawValue) in \(b.id)", [.setCode(rule: b.id, better)]), also: [edge.to]))
        }
        return out
    }
}
