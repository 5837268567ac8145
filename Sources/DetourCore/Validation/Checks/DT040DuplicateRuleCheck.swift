/// DT040: a rule that repeats an earlier one.
public struct DuplicateRuleCheck: Check {
    public init() {}
    public let id = "DT040"
    public let name = "duplicate-rule"
    public let severity = Severity.error
    public let summary = "Duplicate rules: same host, source, methods, conditions, rollout and window."

    public func findings(in context: ValidationContext) -> [Finding] {
        context.shadows.duplicates.map { d in
            let rule = context.rules[d.rule]
            let first = context.rules[d.first]
            let differs = rule.target != first.target || rule.code != first.code
            return finding(
                context, rule: d.rule, field: .source,
                message: "duplicate of rule \(first.id) (line \(context.ruleSet.lines[d.first]))"
                    + (differs ? " with a different target or code" : ""),
                why: differs
                    ? "Only the first ever applies, so this rule's target and code are never used; one of them is a mistake."
                    : "Only the first ever applies; the copy is dead weight that drifts when one of them is edited.",
                fix: Fix("remove rule \(rule.id)", [.remove(rule: rule.id)]), also: [d.first])
        }
    }
}
