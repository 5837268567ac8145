/// DT003: a target over plain http that leaves the origin, or takes an https request down to http.
public struct InsecureTargetCheck: Check {
    public init() {}
    public let id = "DT003"
    public let name = "insecure-target"
    public let severity = Severity.warning
    public let summary = "A cross-origin target over plain http, or an https source redirected to http."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        let rules = context.rules
        for i in rules.indices where context.live[i] {
            // Most targets are paths: their first byte settles it without making their text.
            guard rules[i].target.storedText.firstByte.map({ $0 | 0x20 == 0x68 }) ?? false,
                InsecureTargetCheck.startsWithHTTP(rules[i].target.text)
            else { continue }
            let rule = rules[i]
            let shape = TargetShape(rule.target)
            guard shape.scheme == "http" else { continue }
            let sameHost: Bool
            switch shape.landing {
            case .sameHost: sameHost = true
            case .host(let h, _): sameHost = rule.host == .exact(h) || (rule.host == nil && context.ruleSet.site.hosts == [.exact(h)])
            case .dynamic: sameHost = false
            }
            if sameHost && context.ruleSet.site.scheme == "http" { continue }
            let https = "https" + rule.target.text.dropFirst(4)
            let fix =
                (try? Target.parse(
                    https, captureCount: rule.source.captureCount,
                    sourceIsPrefix: {
                        if case .prefix = rule.source.kind { return true }
                        return false
                    }()))
                .map { Fix("use https in the target", [.setTarget(rule: rule.id, $0)]) }
            let message =
                sameHost
                ? "target \(rule.target.text) takes https requests down to plain http"
                : "target \(rule.target.text) leaves the site over plain http"
            out.append(
                finding(
                    context, rule: i, field: .target, message: message,
                    why: "Over http the redirect target can be read and changed on the way; cookies and the Referer leak.", fix: fix))
        }
        return out
    }

    static func startsWithHTTP(_ text: String) -> Bool {
        if let r = text.utf8.withContiguousStorageIfAvailable({ b in b.first.map { $0 | 0x20 == 0x68 } ?? false }), !r { return false }
        var it = text.utf8.makeIterator()
        for want in "http:".utf8 {
            guard let b = it.next(), FirstMatchEvaluator.lower(b) == want else { return false }
        }
        return true
    }
}
