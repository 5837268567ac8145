/// How Envoy's YAML bootstrap carries Detour's text: every string as a YAML double-quoted scalar
/// (the JSON escapes, so no `#`, `:` or `{` is read as syntax), header names as HTTP tokens, and
/// regexes in RE2 syntax made to match the whole subject, which is how Envoy applies `safe_regex`.
enum EnvoySyntax {
    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String { YAMLScalar.quoted(text) }

    /// A header name Envoy accepts in a matcher (an RFC 9110 token).
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { b in PercentEncoding.isUnreserved(b) || "!#$%&'*+^`|".utf8.contains(b) }
    }

    /// A search-semantics regex (Detour's) as one Envoy matches against the whole value.
    static func wholeValue(_ regex: String) -> String { "(?s).*?(?:" + regex + ").*" }

    /// RE2's `Rewrite` substitution text of a literal (only `\` is special).
    static func substitutionLiteral(_ text: String) -> String { text.replacingOccurrences(of: "\\", with: "\\\\") }

    /// Envoy's `response_code` enum name of a redirect code.
    static func responseCode(_ code: Int) -> String {
        switch code {
        case 302: return "FOUND"
        case 303: return "SEE_OTHER"
        case 307: return "TEMPORARY_REDIRECT"
        case 308: return "PERMANENT_REDIRECT"
        default: return "MOVED_PERMANENTLY"
        }
    }
}
