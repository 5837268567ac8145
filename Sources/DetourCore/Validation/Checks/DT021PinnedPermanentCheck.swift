/// DT021: a permanent code on a rule that only applies to some clients or requests.
public struct PinnedPermanentCheck: Check {
    public init() {}
    public let id = "DT021"
    public let name = "pinned-permanent"
    public let severity = Severity.error
    public let summary = "Permanent code (301/308) with a rollout below 100 % or with conditions: browsers cache it and pin clients."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() where rule.enabled && rule.code.isPermanent {
            var reasons: [String] = []
            if let r = rule.rollout, !r.isFull { reasons.append("a \(r.percentText) % rollout") }
            if !rule.allConditions.isEmpty { reasons.append("conditions") }
            guard !reasons.isEmpty else { continue }
            let temp: StatusCode = rule.code == .permanentRedirect ? .temporaryRedirect : .found
            // A temporary redirect that depends on the client must not be cached either (DT030).
            let fix =
                rule.cache == .noStore
                ? Fix("use \(temp.rawValue) instead of \(rule.code.rawValue)", [.setCode(rule: rule.id, temp)])
                : Fix(
                    "use \(temp.rawValue) instead of \(rule.code.rawValue) and set cache: no-store",
                    [.setCode(rule: rule.id, temp), .setCache(rule: rule.id, .noStore)])
            // The http→https workaround: a proxy's scheme header is what the `scheme` field says.
            let proxy = context.ruleSet.site.proxyHeaders
            if let c = rule.conditions.first(where: {
                $0.kind == .header && proxy.contains($0.name.lowercased()) && $0.name.lowercased().hasSuffix("proto")
            }),
                case .exact(let v) = c.value, ["http", "https"].contains(v.lowercased())
            {
                out.append(
                    finding(
                        context, rule: i, field: .code,
                        message: "permanent \(rule.code.rawValue) with a condition on \(c.name): write `scheme: \(v.lowercased())` instead",
                        why:
                            "`scheme:` matches the scheme the request arrived with (read from site.scheme_header behind a TLS-terminating proxy), so the rule has no condition and its permanent code is safe; exports, simulate and verify all know what it means.",
                        fix: fix))
                continue
            }
            out.append(
                finding(
                    context, rule: i, field: .code,
                    message: "permanent \(rule.code.rawValue) with \(reasons.joined(separator: " and ")): clients that get it once keep it",
                    why:
                        "301/308 are heuristically cacheable without limit (RFC 9110 §15.4.2/§15.4.9): a client cached while inside the rollout or while the condition held is redirected for good.",
                    fix: fix))
        }
        return out
    }
}
