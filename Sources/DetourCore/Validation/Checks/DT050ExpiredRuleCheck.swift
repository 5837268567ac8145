/// DT050: a rule whose window has ended.
public struct ExpiredRuleCheck: Check {
    public init() {}
    public let id = "DT050"
    public let name = "expired-rule"
    public let severity = Severity.warning
    public let summary = "Expired rule still in the file."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() where rule.enabled {
            guard let e = rule.expires, e <= context.now else { continue }
            out.append(
                finding(
                    context, rule: i, field: .expires,
                    message: "rule expired at \(e.rfc3339)",
                    why: "It no longer redirects anything, but exports still carry it and readers still believe it.",
                    fix: Fix("remove rule \(rule.id)", [.remove(rule: rule.id)])))
        }
        return out
    }
}
