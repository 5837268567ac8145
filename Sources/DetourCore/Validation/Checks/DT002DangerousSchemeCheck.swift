/// DT002: a target that is (or can become) a `javascript:`, `data:`, `vbscript:`, `file:` or other
/// non-web URL.
public struct DangerousSchemeCheck: Check {
    public init() {}
    public let id = "DT002"
    public let name = "dangerous-scheme"
    public let severity = Severity.error
    public let summary = "A target uses, or a placeholder can produce, a dangerous scheme (javascript:, data:, vbscript:, file: …)."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, results) in context.openRedirects.sorted(by: { $0.key < $1.key }) {
            guard let result = results.first(where: { OpenRedirectAnalysis.ExploitClass.dangerousScheme.holds($0.verdict) }),
                case .dangerousScheme(let scheme) = result.verdict
            else { continue }
            let rule = context.rules[i]
            let direct = rule.target.parts.allSatisfy {
                if case .literal = $0 { return true }
                return false
            }
            var witness: [HTTPRequest] = []
            if direct || !result.values.isEmpty, let (path, query) = context.sourceRequest(i, values: result.values) {
                witness = [context.request(method: MethodSet(rule.methods).preferred, rule: i, path: path, query: query)]
            }
            let message =
                direct
                ? "dangerous scheme '\(scheme):' in target \(rule.target.text.debugEscaped)"
                : "target \(rule.target.text.debugEscaped) can produce the '\(scheme):' URL \(String(decoding: result.location, as: UTF8.self).debugEscaped)"
            out.append(
                finding(
                    context, rule: i, field: .target, message: message,
                    why:
                        "A redirect may only lead to http or https; other schemes run script, read local files or leave the web (curl follows ftp:).",
                    witness: witness))
        }
        return out
    }
}
