/// Rules language string literals and the bytes a normalised Cloudflare path never holds.
enum CloudflareSyntax {
    /// A quoted string literal: `\` and `"` escaped with `\`.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The text of a literal written by `quoted`, nil for anything else.
    static func unquoted(_ s: String) -> String? {
        guard s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") else { return nil }
        var out = ""
        var escaped = false
        for c in s.dropFirst().dropLast() {
            if escaped {
                out.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                return nil
            } else {
                out.append(c)
            }
        }
        return escaped ? nil : out
    }

    /// After RFC 3986 normalisation a path holds printable ASCII only (other bytes are
    /// percent-encoded), never `?` or `#`: classes are narrowed to it, which also keeps `\xHH`
    /// escapes inside ASCII, where the Rust regex crate's Unicode mode reads them as the byte.
    static let neverInNormalisedPath: ByteSet = URLText.neverInRawPath ∪ ByteSet(range: 0x80...0xff)
}
