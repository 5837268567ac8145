/// DT023: a temporary redirect with no end date, or one more than a year away.
public struct OpenEndedTemporaryCheck: Check {
    public init() {}
    public let id = "DT023"
    public let name = "open-ended-temporary"
    public let severity = Severity.info
    public let summary = "Temporary code without expires, or with an expiry more than a year away."

    static let year: Int64 = 365 * 86400

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() where context.live[i] && !rule.code.isPermanent {
            if let e = rule.expires {
                guard e.secondsSinceEpoch - context.now.secondsSinceEpoch > OpenEndedTemporaryCheck.year else { continue }
                out.append(
                    finding(
                        context, rule: i, field: .expires,
                        message: "temporary \(rule.code.rawValue) expires more than a year from now (\(e.rfc3339))",
                        why: "A temporary move that lasts years is usually a permanent one; review it or shorten the window."))
            } else {
                out.append(
                    finding(
                        context, rule: i, field: .code,
                        message: "temporary \(rule.code.rawValue) has no expires",
                        why: "Temporary redirects tend to outlive their reason; an expiry makes the rule show up in review (DT050) when it is due."))
            }
        }
        return out
    }
}
