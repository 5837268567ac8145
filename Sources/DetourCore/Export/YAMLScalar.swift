/// YAML double-quoted scalars for the YAML configurations Detour writes (Traefik, Envoy): the JSON
/// escapes, so no `#`, `:`, `{` or quote in rule text is ever read as YAML syntax.
enum YAMLScalar {
    static func quoted(_ text: String) -> String {
        var s = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\\": s += "\\\\"
            case "\"": s += "\\\""
            default:
                if c.value < 0x20 || c.value == 0x7f {
                    s += "\\u" + String(c.value, radix: 16, uppercase: true).leftPadded(4)
                } else {
                    s.unicodeScalars.append(c)
                }
            }
        }
        return s + "\""
    }
}
