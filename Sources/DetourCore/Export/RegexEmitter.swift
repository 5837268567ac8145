/// Writes a portable regex (DESIGN §2.3) in the syntax every exported server shares (PCRE for
/// nginx, Apache, HAProxy, Varnish; RE2 for Caddy; Detour's Lua matcher for lighttpd). Every byte
/// that is not a letter, digit, `/`, `-` or `_` is written as `\xHH`, so no quote, `$`, `%`, `{`,
/// `#` or `;` ever reaches the server's config parser and no dialect difference in escapes matters.
enum RegexEmitter {
    /// The regex text for `node`; byte sets are narrowed by `excluding` (bytes the matched string
    /// can never contain, so the narrowing is invisible to real requests).
    static func emit(_ node: RegexNode, excluding: ByteSet = ByteSet(), endAnchor: String = "$") -> String {
        switch node {
        case .empty: return ""
        case .bytes(let set): return byteSet(set ∩ excluding.complement)
        case .concat(let parts): return parts.map { emitAtom($0, excluding: excluding, endAnchor: endAnchor, inConcat: true) }.joined()
        case .alternation(let alts): return alts.map { emit($0, excluding: excluding, endAnchor: endAnchor) }.joined(separator: "|")
        case .group(let inner, let capture): return (capture == nil ? "(?:" : "(") + emit(inner, excluding: excluding, endAnchor: endAnchor) + ")"
        case .repetition(let inner, let min, let max):
            let body = emitAtom(inner, excluding: excluding, endAnchor: endAnchor, inConcat: false)
            switch (min, max) {
            case (0, nil): return body + "*"
            case (1, nil): return body + "+"
            case (0, 1?): return body + "?"
            case (let m, nil): return body + "{\(m),}"
            case (let m, let n?) where m == n: return body + "{\(m)}"
            case (let m, let n?): return body + "{\(m),\(n)}"
            }
        case .startAnchor: return "^"
        case .endAnchor: return endAnchor
        }
    }

    /// An operand that must bind as one unit (alternations inside a concatenation, anything
    /// repeated that is more than one byte set).
    private static func emitAtom(_ node: RegexNode, excluding: ByteSet, endAnchor: String, inConcat: Bool) -> String {
        switch node {
        case .bytes, .group, .startAnchor, .endAnchor, .empty: return emit(node, excluding: excluding, endAnchor: endAnchor)
        case .alternation where inConcat: return "(?:" + emit(node, excluding: excluding, endAnchor: endAnchor) + ")"
        case .repetition where inConcat: return emit(node, excluding: excluding, endAnchor: endAnchor)
        default: return "(?:" + emit(node, excluding: excluding, endAnchor: endAnchor) + ")"
        }
    }

    /// One byte as a literal or a class.
    static func byteSet(_ set: ByteSet) -> String {
        if set.isEmpty { return "[^\\x00-\\xFF]" }
        if let b = set.single { return literal(b) }
        if set == ByteSet.all { return "[\\x00-\\xFF]" }
        var s = "["
        var ranges: [(UInt8, UInt8)] = []
        for m in set.members {
            if let last = ranges.last, Int(last.1) + 1 == Int(m) { ranges[ranges.count - 1].1 = m } else { ranges.append((m, m)) }
        }
        for (a, b) in ranges {
            s += a == b ? classByte(a) : classByte(a) + "-" + classByte(b)
        }
        return s + "]"
    }

    static func literal(_ b: UInt8) -> String {
        if isPlain(b) { return String(UnicodeScalar(b)) }
        return URLText.hexEscape(b)
    }

    private static func classByte(_ b: UInt8) -> String {
        if isPlain(b) && b != 0x2d { return String(UnicodeScalar(b)) }
        return URLText.hexEscape(b)
    }

    static func isPlain(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x2f || b == 0x2d || b == 0x5f
    }

    /// A literal string as a regex matching exactly it.
    static func literalString(_ s: String) -> String { s.utf8.map(literal).joined() }
}
