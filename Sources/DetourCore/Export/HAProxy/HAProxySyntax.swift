/// HAProxy 2.6 quoting (cookbook §4 i). Single quotes are strong (nothing is processed), so
/// regexes — which never contain `'` — go there; other text goes in double quotes with `\`, `"`
/// and `$` escaped (environment variables expand in double quotes). In log-format strings (the
/// redirect location), `%` becomes `%%`. An unquoted `#` would silently cut the line, so nothing is
/// ever left unquoted.
enum HAProxySyntax {
    static func singleQuoted(_ text: String) -> String { "'" + text + "'" }

    static func doubleQuoted(_ text: String) -> String {
        var s = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\\": s += "\\\\"
            case "\"": s += "\\\""
            case "$": s += "\\$"
            default: s.unicodeScalars.append(c)
            }
        }
        return s + "\""
    }

    /// A path in the export directory, double-quoted. Map paths are also converter arguments inside
    /// a single-quoted `set-var` expression, where nothing escapes and `,` `(` `)` end the argument,
    /// so those and quotes, `$` and `\` are refused.
    static func path(_ path: String, directory: String) throws -> String {
        for c in ["'", "\"", "$", "\\", ",", "(", ")"] where path.contains(c) {
            throw ExportDirectory.refusal(
                directory, holds: "'\(c)'", server: "HAProxy", why: "map paths are converter arguments inside a single-quoted expression")
        }
        return doubleQuoted(path)
    }

    /// A literal for a pattern or value: single quotes when possible, else escaped double quotes.
    static func literal(_ text: String) -> String { text.containsByte(0x27) ? doubleQuoted(text) : singleQuoted(text) }

    /// Text inside a log-format string (already inside double quotes): `%` doubled.
    static func logFormatText(_ text: String) -> String {
        let escaped = String(doubleQuoted(text).dropFirst().dropLast())
        return escaped.replacingOccurrences(of: "%", with: "%%")
    }

    /// A header or cookie name HAProxy fetch arguments can carry unquoted.
    static func isName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f || $0 == 0x2d || $0 == 0x2e
            }
    }
}
