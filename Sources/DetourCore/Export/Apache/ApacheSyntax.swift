/// Apache httpd 2.4 quoting for mod_rewrite (cookbook §3 i): substitutions are double-quoted with
/// `%` → `\%`, `$` → `\$`, `\` → `\\` and written with `NE`, so a percent-encoded target reaches
/// the client unchanged. `"` and whitespace cannot be written at all; canonical targets never
/// contain them.
enum ApacheSyntax {
    static func substitution(_ text: String) -> String {
        var s = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\": s += "\\\\"
            case "%": s += "\\%"
            case "$": s += "\\$"
            default: s.unicodeScalars.append(c)
            }
        }
        return s
    }

    /// Whether text can sit inside a double-quoted directive argument.
    static func isQuotable(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }

    /// A path in the export directory as a double-quoted directive argument: `"` is written `\"`
    /// (httpd's `ap_getword_conf`); a backslash (it would escape the closing quote) and `${` (a
    /// `Define` variable) cannot be written.
    static func quotedPath(_ path: String, directory: String) throws -> String {
        if path.containsByte(0x5c) {
            throw ExportDirectory.refusal(directory, holds: "a backslash", server: "Apache", why: "it would escape the closing quote")
        }
        if path.containsBytes("${") {
            throw ExportDirectory.refusal(directory, holds: "'${'", server: "Apache", why: "httpd reads ${NAME} as a Define variable")
        }
        return "\"" + path.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func isName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f || $0 == 0x2d
            }
    }

    /// A salt that can sit inside an ap_expr single-quoted string untouched.
    static func isSaltSafe(_ s: String) -> Bool {
        s.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f || $0 == 0x2d || $0 == 0x2e
                || $0 == 0x3a
        }
    }

    /// `%{TIME}`'s form, `YYYYMMDDhhmmss` (the server must run with TZ=UTC).
    static func timeDigits(_ t: Timestamp) -> String {
        let r = t.rfc3339
        return r.filter { $0.isNumber }
    }
}
