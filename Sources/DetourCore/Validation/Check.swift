/// One validator check (DESIGN §5): a stable id, what it looks for, and the findings it produces for
/// a rule set. Adding a check is adding a type that conforms and listing it in `Validator.allChecks`.
public protocol Check: Sendable {
    /// `DT001` …
    var id: String { get }
    /// A short kebab-case name (`open-redirect`), used as the SARIF rule name.
    var name: String { get }
    /// The severity of its findings unless a finding says otherwise.
    var severity: Severity { get }
    /// One sentence on what the check finds.
    var summary: String { get }
    func findings(in context: ValidationContext) -> [Finding]
}

extension Check {
    /// A finding of this check about one rule.
    func finding(
        _ context: ValidationContext, rule index: Int, field: RuleFieldName? = nil, severity: Severity? = nil,
        message: String, why: String, witness: [HTTPRequest] = [], fix: Fix? = nil, also: [Int] = []
    ) -> Finding {
        let all = [index] + also
        return Finding(
            check: id, severity: severity ?? self.severity, rules: all.map { context.rules[$0].id },
            lines: all.map { context.ruleSet.lines.indices.contains($0) ? context.ruleSet.lines[$0] : 0 },
            field: field, message: message, why: why, witness: witness, fix: fix)
    }
}
