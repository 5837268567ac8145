/// VCL literals (cookbook §7 i): every string as a long string `{"…"}`, which has no escapes; the
/// only sequence it cannot hold is `"}`, and canonical targets never contain `"`.
enum VarnishSyntax {
    static func string(_ text: String) throws -> String {
        if text.containsBytes("\"}") || text.containsByte(0x0a) || text.containsByte(0x0d) {
            throw VarnishSyntaxError(character: text.containsBytes("\"}") ? "'\"}'" : "a line break")
        }
        return "{\"" + text + "\"}"
    }

    /// A header name usable as `req.http.NAME`.
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f || $0 == 0x2d
            }
    }

    /// A regsub replacement: `\` doubled (a literal `\N` would be a back-reference).
    static func replacement(_ text: String) -> String { text.replacingOccurrences(of: "\\", with: "\\\\") }
}

struct VarnishSyntaxError: Error {
    let character: String
}
