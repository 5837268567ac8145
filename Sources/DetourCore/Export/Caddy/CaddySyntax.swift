/// Caddyfile quoting (cookbook §5 i): tokens as backtick raw strings (nothing inside is processed
/// by the Caddyfile lexer); `{` and `}` would still be runtime placeholders and `{$VAR}` an
/// environment substitution, so literal braces are written `\{` `\}`. A backtick cannot be written.
enum CaddySyntax {
    static func raw(_ text: String) throws -> String {
        guard !text.containsByte(0x60) else { throw CaddySyntaxError(character: "'`'") }
        // U+0001/U+0002 mark placeholder braces an exporter placed itself (rule text has no controls).
        let escaped = text.replacingOccurrences(of: "{", with: "\\{").replacingOccurrences(of: "}", with: "\\}")
        return "`" + escaped.replacingOccurrences(of: "\u{1}", with: "{").replacingOccurrences(of: "\u{2}", with: "}") + "`"
    }

    /// A path in the export directory as a backtick token. Braces would be read as `{$VAR}` or a
    /// placeholder, and `import detour.caddy` globs the Caddyfile's directory, so glob characters
    /// and the backslash are refused too.
    static func path(_ path: String, directory: String) throws -> String {
        for c in ["`", "{", "}", "\\", "*", "?", "["] where path.contains(c) {
            throw ExportDirectory.refusal(
                directory, holds: "'\(c)'", server: "Caddy",
                why: "the Caddyfile reads braces as placeholders and `import` reads the directory as a glob")
        }
        return "`" + path + "`"
    }

    /// A backtick token for a regex or a CEL expression, left as is: quantifier braces (`{4}`) are
    /// not placeholders (those start with a letter) and the texts never contain `{$`.
    static func rawUnescaped(_ text: String) throws -> String {
        guard !text.containsByte(0x60) else { throw CaddySyntaxError(character: "'`'") }
        return "`" + text + "`"
    }

    /// A CEL raw string literal `r"…"`, for regexes inside `expression` (which never contain `"`).
    static func celRegex(_ pattern: String) -> String { "r\"" + pattern + "\"" }

    /// A CEL string literal for an exact value (escapes `\` and `"`).
    static func celString(_ text: String) -> String {
        var s = "\""
        for c in text.unicodeScalars {
            switch c {
            // Braces as hex escapes so Caddy never reads `{name}` or `{$VAR}` in a value.
            case "{": s += "\\x7B"
            case "}": s += "\\x7D"
            case "\\": s += "\\\\"
            case "\"": s += "\\\""
            case "`": s += "\\x60"
            default: s.unicodeScalars.append(c)
            }
        }
        return s + "\""
    }

    /// RFC 6265 cookie-octet: visible ASCII except `"` `,` `;` `\\`.
    static func isCookieOctet(_ c: Unicode.Scalar) -> Bool {
        c.value >= 0x21 && c.value <= 0x7e && c != "\"" && c != "," && c != ";" && c != "\\"
    }

    static func isName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f || $0 == 0x2d
            }
    }
}

struct CaddySyntaxError: Error {
    let character: String
}
