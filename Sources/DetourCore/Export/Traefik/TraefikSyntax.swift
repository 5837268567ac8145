/// How Traefik 3.7's configuration carries Detour's text: rule matcher arguments as backtick
/// strings (nothing inside is processed; a backtick cannot be written), the router view of a path
/// (escapes of non-reserved characters decoded, cookbook-traefik-envoy §1.2), and Go regexes whose
/// byte classes reach every rune, since Go matches decoded paths rune by rune.
enum TraefikSyntax {
    struct Unwritable: Error {
        let character: String
    }

    /// A backtick string of a rule matcher.
    static func backticked(_ text: String) throws -> String {
        guard !text.containsByte(0x60) else { throw Unwritable(character: "'`'") }
        return "`" + text + "`"
    }

    /// The path a router matcher compares for a canonical (percent-encoded) path.
    static func routerPath(_ canonical: String) throws -> String {
        let bytes = PercentEncoding.decodeKeepingReserved(Array(canonical.utf8))
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Unwritable(character: "an escape that is not UTF-8") }
        if let bad = URLText.firstControl(in: text) { throw Unwritable(character: bad) }
        return text
    }

    /// A regex for Go's `regexp`: a class ending at `\xFF` extends to the last rune, so a decoded
    /// non-ASCII character is matched by the classes that matched its escape bytes.
    static func goRegex(_ regex: String) -> String {
        regex.replacingOccurrences(of: "-\\xFF]", with: "-\\x{10FFFF}]")
    }

    /// The file provider runs a dynamic file through Go's text/template before reading the YAML, so
    /// a `{{` in rule text would start a template action: it is written as the action `{{"{{"}}`.
    static func templateSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "{{", with: "{{\"{{\"}}")
    }

    /// Router and middleware names: `detour-r<index>` plus a suffix (Traefik names are plain words).
    static func name(_ r: PreparedRule, _ suffix: String = "") -> String { "detour-r\(r.index)" + suffix }
}
