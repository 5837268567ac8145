/// DT030: a temporary redirect that depends on the client or request but may be cached.
public struct DynamicWithoutNoStoreCheck: Check {
    public init() {}
    public let id = "DT030"
    public let name = "dynamic-without-no-store"
    public let severity = Severity.warning
    public let summary = "Dynamic temporary redirect (rollout, conditions, failover) without no-store."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() where context.live[i] && !rule.code.isPermanent && rule.cache != .noStore {
            var reasons: [String] = []
            if let r = rule.rollout, !r.isFull { reasons.append("a \(r.percentText) % rollout") }
            if !rule.allConditions.isEmpty { reasons.append("conditions") }
            guard !reasons.isEmpty else { continue }
            out.append(
                finding(
                    context, rule: i, field: .cache,
                    message: "redirect with \(reasons.joined(separator: " and ")) is sent with cache \(rule.cache.text)",
                    why:
                        "A shared cache configured to store redirects would hand one client's answer to every client; Cache-Control: no-store keeps each answer private to its request.",
                    fix: Fix("set cache: no-store", [.setCache(rule: rule.id, .noStore)])))
        }
        return out
    }
}
