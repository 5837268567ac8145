/// A class in a regex on the path as requested (the part of `$request_uri` before `?`), widened
/// to `.` when it leaves out only bytes such a path never holds — controls, space, `#`, `?` and
/// DEL, which nginx refuses or takes as the end of the path. `[\x21-\x22\x24-\x3E\x40-\x7E\x80-\xFF]*`
/// is "the rest of the path" and reads back as `.*`.
enum NginxRawPathClass {
    static let neverInPath: ByteSet = ByteSet(range: 0x00...0x20) ∪ ByteSet([0x23, 0x3f, 0x7f])

    static func widen(_ regex: String) -> String {
        let bytes = Array(regex.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x5c, i + 1 < bytes.count {
                out += bytes[i...(i + 1)]
                i += 2
                continue
            }
            if bytes[i] == 0x5b, let (set, length) = byteClass(bytes, at: i), (set ∪ neverInPath) == .all {
                out.append(0x2e)
                i += length
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `[…]` of plain bytes, `\xHH` escapes and ranges at `start`, with its length.
    private static func byteClass(_ text: [UInt8], at start: Int) -> (ByteSet, Int)? {
        var k = start + 1
        var negated = false
        if k < text.count, text[k] == 0x5e {
            negated = true
            k += 1
        }
        var set = ByteSet()
        func member() -> UInt8? {
            guard k < text.count, text[k] != 0x5d else { return nil }
            if text[k] == 0x5c {
                guard k + 3 < text.count, text[k + 1] == 0x78, let h = UInt8(String(decoding: text[(k + 2)...(k + 3)], as: UTF8.self), radix: 16)
                else { return nil }
                k += 4
                return h
            }
            guard text[k] != 0x5b else { return nil }
            k += 1
            return text[k - 1]
        }
        while k < text.count, text[k] != 0x5d {
            guard let low = member() else { return nil }
            if k + 1 < text.count, text[k] == 0x2d, text[k + 1] != 0x5d {
                k += 1
                guard let high = member(), low <= high else { return nil }
                for b in low...high { set.insert(b) }
            } else {
                set.insert(low)
            }
        }
        guard k < text.count else { return nil }
        return (negated ? set.complement : set, k + 1 - start)
    }
}
