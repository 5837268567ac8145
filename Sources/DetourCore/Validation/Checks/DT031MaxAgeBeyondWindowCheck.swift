/// DT031: a max-age that outlives the rule.
public struct MaxAgeBeyondWindowCheck: Check {
    public init() {}
    public let id = "DT031"
    public let name = "max-age-beyond-window"
    public let severity = Severity.warning
    public let summary = "Cacheable max-age on a rule whose window ends sooner than the max-age."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() where context.live[i] {
            guard let age = rule.cache.maxAgeSeconds, let e = rule.expires else { continue }
            let from = max(context.now, rule.starts ?? context.now)
            let left = e.secondsSinceEpoch - from.secondsSinceEpoch
            guard left < Int64(age) else { continue }
            out.append(
                finding(
                    context, rule: i, field: .cache,
                    message: "cache max-age=\(age) outlives the rule, which expires \(e.rfc3339) (\(left) s of window left)",
                    why: "A client that caches the redirect shortly before the expiry keeps following it after the rule is gone.",
                    fix: Fix("set cache: no-store", [.setCache(rule: rule.id, .noStore)])))
        }
        return out
    }
}
