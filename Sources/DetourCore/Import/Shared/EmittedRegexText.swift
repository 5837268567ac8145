/// A regex Detour's exporters wrote (`Export/RegexEmitter.swift`: every byte outside letters,
/// digits, `/`, `-`, `_` as `\xHH`, classes as byte ranges) turned back into the portable syntax a
/// rule file holds, so that an exported configuration imports (issue 16 item 5). The structure
/// (`(`, `(?:`, `|`, quantifiers, anchors) is kept as written; escapes become the characters they
/// stand for; a class becomes `.`, a negated class or a class of printable characters. Returns nil
/// for text it cannot say in the portable syntax (a class of non-ASCII bytes that is not a
/// complement, a byte sequence that is not UTF-8).
enum EmittedRegexText {
    static func portable(_ emitted: String) -> String? {
        var out = ""
        var pending: [UInt8] = []
        var rest = Array(emitted.utf8)[...]
        func flush() -> Bool {
            guard !pending.isEmpty else { return true }
            defer { pending = [] }
            guard let text = String(validating: pending, as: UTF8.self) else { return false }
            for scalar in text.unicodeScalars {
                guard scalar.isASCII else {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                guard let l = literal(UInt8(scalar.value)) else { return false }
                out += l
            }
            return true
        }
        while let b = rest.first {
            if b == UInt8(ascii: "\\"), let value = hexByte(rest) {
                pending.append(value)
                rest = rest.dropFirst(4)
                continue
            }
            guard flush() else { return nil }
            if b == UInt8(ascii: "[") {
                guard let (set, length) = byteClass(rest), let text = classText(set) else { return nil }
                out += text
                rest = rest.dropFirst(length)
                continue
            }
            if b == UInt8(ascii: "\\") {
                // Another escape (the exporter writes none, a user may): kept as written.
                out += String(decoding: rest.prefix(2), as: UTF8.self)
                rest = rest.dropFirst(2)
                continue
            }
            out.unicodeScalars.append(UnicodeScalar(b))
            rest = rest.dropFirst()
        }
        guard flush() else { return nil }
        return out
    }

    /// `\xHH` at the start of `text`.
    private static func hexByte(_ text: ArraySlice<UInt8>) -> UInt8? {
        let e = Array(text.prefix(4))
        guard e.count == 4, e[0] == UInt8(ascii: "\\"), e[1] == UInt8(ascii: "x") else { return nil }
        return UInt8(String(decoding: e[2...], as: UTF8.self), radix: 16)
    }

    /// One byte as portable text: itself when plain, escaped when a regex metacharacter.
    private static func literal(_ b: UInt8) -> String? {
        switch b {
        case 0x0a: return "\\n"
        case 0x09: return "\\t"
        case 0x0d: return "\\r"
        case 0x0c: return "\\f"
        case 0x0b: return "\\v"
        default:
            let c = String(UnicodeScalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x2f || b == 0x2d || b == 0x5f { return c }
            if b == 0x20 { return " " }
            return b > 0x20 && b < 0x7f ? "\\" + c : nil
        }
    }

    /// A class as the exporter writes it (`[…]` of plain bytes, `\xHH` and ranges), with its length.
    private static func byteClass(_ text: ArraySlice<UInt8>) -> (ByteSet, Int)? {
        var k = text.startIndex + 1
        var negated = false
        if k < text.endIndex, text[k] == UInt8(ascii: "^") {
            negated = true
            k += 1
        }
        var set = ByteSet()
        func member() -> UInt8? {
            guard k < text.endIndex, text[k] != UInt8(ascii: "]") else { return nil }
            if let h = hexByte(text[k...]) {
                k += 4
                return h
            }
            guard text[k] != UInt8(ascii: "\\"), text[k] != UInt8(ascii: "[") else { return nil }
            k += 1
            return text[k - 1]
        }
        while k < text.endIndex, text[k] != UInt8(ascii: "]") {
            guard let low = member() else { return nil }
            if k + 1 < text.endIndex, text[k] == UInt8(ascii: "-"), text[k + 1] != UInt8(ascii: "]") {
                k += 1
                guard let high = member(), low <= high else { return nil }
                for b in low...high { set.insert(b) }
            } else {
                set.insert(low)
            }
        }
        guard k < text.endIndex else { return nil }
        return (negated ? set.complement : set, k + 1 - text.startIndex)
    }

    /// A byte set in portable syntax: `.`, `[^…]` of what it leaves out, or `[…]` of its members,
    /// whichever can be written with printable characters.
    private static func classText(_ set: ByteSet) -> String? {
        if set == .dot { return "." }
        let left = set.complement
        if left.isEmpty { return "[\\s\\S]" }
        if let text = members(left) { return "[^" + text + "]" }
        if let text = members(set) { return "[" + text + "]" }
        return nil
    }

    /// Printable members as class text, runs as ranges; nil when one is not printable ASCII.
    private static func members(_ set: ByteSet) -> String? {
        var out = ""
        var runs: [(UInt8, UInt8)] = []
        for m in set.members {
            if let last = runs.last, Int(last.1) + 1 == Int(m) { runs[runs.count - 1].1 = m } else { runs.append((m, m)) }
        }
        for (a, b) in runs {
            guard let first = classMember(a), let last = classMember(b) else { return nil }
            out += a == b ? first : (b == a + 1 ? first + last : first + "-" + last)
        }
        return out
    }

    private static func classMember(_ b: UInt8) -> String? {
        if b >= 0x09 && b <= 0x0d { return literal(b) }
        guard b > 0x20 && b < 0x7f || b == 0x20 else { return nil }
        if b == 0x20 { return " " }
        let c = String(UnicodeScalar(b))
        return "]\\^-[".contains(c) ? "\\" + c : c
    }
}
