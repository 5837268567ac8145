/// DT051: a window that is empty.
public struct InvertedWindowCheck: Check {
    public init() {}
    public let id = "DT051"
    public let name = "inverted-window"
    public let severity = Severity.error
    public let summary = "starts is not before expires."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() {
            guard let s = rule.starts, let e = rule.expires, s >= e else { continue }
            out.append(
                finding(
                    context, rule: i, field: .starts,
                    message: "starts \(s.rfc3339) is not before expires \(e.rfc3339): the rule never applies",
                    why: "The window is empty, so the rule is dead; one of the two dates is probably mistyped."))
        }
        return out
    }
}
