/// DT041: a rule that never applies because earlier rules take everything it matches.
public struct ShadowedRuleCheck: Check {
    public init() {}
    public let id = "DT041"
    public let name = "shadowed-rule"
    public let severity = Severity.warning
    public let summary = "Shadowed rule: every request it could match is taken first by earlier rules (a rollout below 100 % shadows nothing)."

    public func findings(in context: ValidationContext) -> [Finding] {
        context.shadows.shadowed.map { s in
            let rule = context.rules[s.rule]
            let names = s.by.map { "\(context.rules[$0].id) (line \(context.ruleSet.lines[$0]))" }
            var witness: [HTTPRequest] = []
            if let w = s.witness { witness = [context.request(method: MethodSet(rule.methods).preferred, rule: s.rule, path: w)] }
            return finding(
                context, rule: s.rule, field: .source,
                message: "shadowed: every request \(rule.source.text) matches is taken first by " + names.joined(separator: ", "),
                why: "Rules apply first-match-wins, so this one never fires; move it above the rules that take its requests or remove it.",
                witness: witness, also: s.by)
        }
    }
}
