/// Rule text every exporter writes the same way, checked once for all of them: the id goes into a
/// comment above the rule (`# rule ID (line N)`), where a line break would start a directive, and
/// an exact query value with a raw `#` can never be sent (clients end the URL there; HAProxy
/// answers 400 to a request target holding one), an exact query value with `&` can never be one
/// value, and a rollout header or cookie name that is not an HTTP token can never be sent (lighttpd
/// answers 400 to such a header): the server and `simulate` would disagree.
enum ExportTextCheck {
    static func refusal(of rule: Rule, line: Int) -> ExportError? {
        if let control = URLText.firstControl(in: rule.id) {
            return .unsafeCharacter(
                rule: rule.id, line: line, field: "id", character: control, reason: "the id is written into a comment of the configuration")
        }
        for c in rule.allConditions where c.kind == .query {
            guard case .exact(let v) = c.value else { continue }
            if v.containsByte(0x23) {
                return .unsafeCharacter(
                    rule: rule.id, line: line, field: "when query \(c.name)", character: "'#'",
                    reason: "no client sends a raw '#' in a query (the URL ends there); write it as %23")
            }
            if v.containsByte(0x26) {
                return .unsafeCharacter(
                    rule: rule.id, line: line, field: "when query \(c.name)", character: "'&'",
                    reason: "'&' separates query parameters, so no value holds it; write it as %26")
            }
        }
        if let key = rule.rollout?.key {
            switch key {
            case .header(let name), .cookie(let name):
                if let bad = name.unicodeScalars.first(where: { !isTokenCharacter($0) }) {
                    return .unsafeCharacter(
                        rule: rule.id, line: line, field: "rollout key", character: "'\(bad)'",
                        reason: "header and cookie names are HTTP tokens; no client sends this one")
                }
            case .ip: break
            }
        }
        return nil
    }

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(c))
    }
}
