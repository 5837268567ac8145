/// DT001: a target can send the client to a host that is neither the site's nor allowed.
public struct OpenRedirectCheck: Check {
    public init() {}
    public let id = "DT001"
    public let name = "open-redirect"
    public let severity = Severity.error
    public let summary =
        "A target can send the client to a host that is neither the site's nor allowed: directly, or through a placeholder that can produce //host, /\\host, https:host, userinfo, encoded or whitespace-smuggled forms."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, results) in context.openRedirects.sorted(by: { $0.key < $1.key }) {
            guard let result = results.first(where: { $0.verdict == .offSite }) else { continue }
            let rule = context.rules[i]
            let location = String(decoding: result.location, as: UTF8.self).debugEscaped
            let direct = rule.target.parts.allSatisfy {
                if case .literal = $0 { return true }
                return false
            }
            var witness: [HTTPRequest] = []
            if !direct, !result.values.isEmpty, let (path, query) = context.sourceRequest(i, values: result.values) {
                witness = [context.request(method: MethodSet(rule.methods).preferred, rule: i, path: path, query: query)]
            } else if direct {
                if let (path, query) = context.sourceRequest(i, values: [:]) {
                    witness = [context.request(method: MethodSet(rule.methods).preferred, rule: i, path: path, query: query)]
                }
            }
            let message =
                direct
                ? "open redirect: target \(rule.target.text.debugEscaped) sends clients to a host that is neither the site's nor allowed"
                : "open redirect: target \(rule.target.text.debugEscaped) can produce \(location), which leaves the site"
            let why =
                direct
                ? "Browsers read \(location) as another host; add the host to site.allow if it is trusted."
                : "A placeholder can start with '/', '\\\\', a scheme or 'user@', so the Location becomes a link to any host an attacker picks; restrict the capture (for example [a-z0-9-]+) or put a fixed host or path before it."
            out.append(finding(context, rule: i, field: .target, message: message, why: why, witness: witness))
        }
        return out
    }
}

extension String {
    /// Control characters and spaces shown as escapes, so a witness is readable on one line.
    var debugEscaped: String {
        var out = ""
        for u in unicodeScalars {
            switch u.value {
            case 0x09: out += "\\t"
            case 0x0a: out += "\\n"
            case 0x0d: out += "\\r"
            case 0..<0x20, 0x7f: out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
