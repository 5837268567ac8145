/// Every request made for one rule, and the verdict: agree (every answer as simulated), differs
/// (at least one answer not), unreachable (no answer at all for any of them).
public struct ProbeRuleResult: Sendable {
    /// The rule's verdict in the report.
    public enum Verdict: String, Sendable { case agree, differs, unreachable }

    /// Nil for the site-wide requests (paths no rule names).
    public let ruleID: String?
    /// The rule's line in the rule file (0 when unknown or site-wide).
    public let line: Int
    public let answers: [ProbeAnswer]

    public var differing: [ProbeAnswer] { answers.filter { $0.disagreement != nil } }
    public var unanswered: [ProbeAnswer] { answers.filter { $0.observed.status == nil } }

    public var verdict: Verdict {
        if !differing.isEmpty { return .differs }
        if !answers.isEmpty, unanswered.count == answers.count { return .unreachable }
        return .agree
    }
}
