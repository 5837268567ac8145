/// nginx quoting (cookbook §2 i): every token double-quoted, `\` and `"` escaped, and `$` — which
/// has no escape in nginx — written as the `${detour_dollar}` variable that a `geo` block defines.
enum NginxSyntax {
    /// A double-quoted string whose text reaches nginx unchanged, `$` included.
    static func quoted(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x5c || $0 == 0x22 || $0 == 0x24 }) { return "\"" + text + "\"" }
        var s = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\\": s += "\\\\"
            case "\"": s += "\\\""
            case "$": s += "${detour_dollar}"
            default: s.unicodeScalars.append(c)
            }
        }
        return s + "\""
    }

    /// A double-quoted map key: keys are plain strings (no variables), so `$` stays literal.
    static func quotedKey(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x5c || $0 == 0x22 }) { return "\"" + text + "\"" }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A double-quoted regex. Regexes from `RegexEmitter` carry no quote, backslash-quote or `$`
    /// other than the end anchor, which nginx leaves alone in regex position.
    static func regex(_ pattern: String) -> String { "\"" + pattern + "\"" }

    /// The nginx variable part of a name (`X-User-Id` → `x_user_id`), nil when the name has
    /// characters an nginx variable cannot carry.
    static func variableSuffix(_ name: String) -> String? {
        guard !name.isEmpty,
            name.utf8.allSatisfy({
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f || $0 == 0x2d
            })
        else { return nil }
        return name.lowercased().replacingOccurrences(of: "-", with: "_")
    }
}
