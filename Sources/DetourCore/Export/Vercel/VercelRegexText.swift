/// A portable regex node written so that both JavaScript (Vercel's router) and Detour's portable
/// parser read it the same way: literal punctuation escaped with `\`, byte sets as classes of
/// printable ASCII (bytes that never occur in a raw request path are left out or folded into a
/// negated class), no `\x` escapes (outside the portable subset).
enum VercelRegexText {
    struct Unwritable: Error {
        let why: String
    }

    static func emit(_ node: RegexNode) throws -> String {
        switch node {
        case .empty: return ""
        case .bytes(let set): return try byteSet(set)
        case .concat(let parts): return try parts.map { try atom($0, inConcat: true) }.joined()
        case .alternation(let alts): return try alts.map(emit).joined(separator: "|")
        case .group(let inner, let capture): return (capture == nil ? "(?:" : "(") + (try emit(inner)) + ")"
        case .repetition(let inner, let min, let max):
            let body = try atom(inner, inConcat: false)
            switch (min, max) {
            case (0, nil): return body + "*"
            case (1, nil): return body + "+"
            case (0, 1?): return body + "?"
            case (let m, nil): return body + "{\(m),}"
            case (let m, let n?) where m == n: return body + "{\(m)}"
            case (let m, let n?): return body + "{\(m),\(n)}"
            }
        case .startAnchor, .endAnchor: throw Unwritable(why: "an anchor inside the pattern cannot be part of a path-to-regexp source")
        }
    }

    private static func atom(_ node: RegexNode, inConcat: Bool) throws -> String {
        switch node {
        case .bytes, .group, .empty: return try emit(node)
        case .repetition where inConcat: return try emit(node)
        default: return "(?:" + (try emit(node)) + ")"
        }
    }

    /// Whether a node holds a capturing group (path-to-regexp forbids them inside a parameter).
    static func hasCapture(_ node: RegexNode) -> Bool {
        switch node {
        case .group(let inner, let capture): return capture != nil || hasCapture(inner)
        case .concat(let parts), .alternation(let parts): return parts.contains(where: hasCapture)
        case .repetition(let inner, _, _): return hasCapture(inner)
        default: return false
        }
    }

    private static let printable = ByteSet(range: 0x21...0x7e)

    static func byteSet(_ set: ByteSet) throws -> String {
        // Bytes a raw path never holds can be added or removed without changing any match.
        let widened = set ∪ URLText.neverInRawPath
        let missing = widened.complement
        // Every byte a path can hold: JavaScript's `.` (which leaves out only line terminators).
        if missing.isEmpty { return "." }
        let narrowed = set ∩ URLText.neverInRawPath.complement
        if let b = narrowed.single, printable.contains(b) { return literal(b) }
        if (missing ∩ printable.complement).isEmpty, missing.count < narrowed.count {
            return "[^" + missing.members.map(classMember).joined() + "]"
        }
        guard (narrowed ∩ printable.complement).isEmpty else {
            throw Unwritable(why: "a character class with bytes outside printable ASCII cannot be written for Vercel's router")
        }
        if narrowed.isEmpty { throw Unwritable(why: "an empty character class") }
        return "[" + narrowed.members.map(classMember).joined() + "]"
    }

    static func literal(_ b: UInt8) -> String {
        let c = String(UnicodeScalar(b))
        return "\\^$.|?*+()[]{}/".utf8.contains(b) ? "\\" + c : c
    }

    private static func classMember(_ b: UInt8) -> String {
        let c = String(UnicodeScalar(b))
        return "\\]-[^".utf8.contains(b) ? "\\" + c : c
    }
}
