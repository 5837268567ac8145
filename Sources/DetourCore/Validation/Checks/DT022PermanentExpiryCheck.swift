/// DT022: a permanent code with an end date.
public struct PermanentExpiryCheck: Check {
    public init() {}
    public let id = "DT022"
    public let name = "permanent-with-expiry"
    public let severity = Severity.warning
    public let summary = "Permanent code with expires: a permanent redirect cannot be taken back."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() where rule.enabled && rule.code.isPermanent && rule.expires != nil {
            let temp: StatusCode = rule.code == .permanentRedirect ? .temporaryRedirect : .found
            out.append(
                finding(
                    context, rule: i, field: .expires,
                    message: "permanent \(rule.code.rawValue) expires \(rule.expires!.rfc3339), but clients keep it after that",
                    why: "Caches and browsers reuse a 301/308 without asking again; after the rule expires they still redirect.",
                    fix: Fix("use \(temp.rawValue) instead of \(rule.code.rawValue)", [.setCode(rule: rule.id, temp)])))
        }
        return out
    }
}
