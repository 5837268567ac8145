/// Percent-encoding rules shared by every exporter (cookbook §10.1): targets and sources are turned
/// into RFC 3986 ASCII before any server-specific escaping is applied, and control characters are
/// refused outright.
enum URLText {
    /// Bytes that may stand unencoded in a URL: unreserved, gen-delims and sub-delims (RFC 3986 §2).
    static let allowedInURL: ByteSet = {
        var s = ByteSet(range: 0x30...0x39) ∪ ByteSet(range: 0x41...0x5a) ∪ ByteSet(range: 0x61...0x7a)
        for c in "-._~:/?#[]@!$&'()*+,;=".utf8 { s.insert(c) }
        return s
    }()

    /// Bytes a raw request path never contains on the wire (its end markers, space, controls);
    /// removing them from a path pattern's byte sets changes nothing a real request can show.
    static let neverInRawPath: ByteSet = ByteSet(range: 0x00...0x20) ∪ ByteSet([0x3f, 0x23, 0x7f])

    /// The first C0 control, DEL or other Unicode control character, described for an error message.
    static func firstControl(in text: String) -> String? {
        // Fast path: printable ASCII has no control character (most rule text).
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return nil }
        for scalar in text.unicodeScalars where scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029 {
            switch scalar.value {
            case 0x0a: return "a line feed (LF)"
            case 0x0d: return "a carriage return (CR)"
            case 0x00: return "a NUL byte"
            case 0x09: return "a tab"
            default: return "the control character U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(4)
            }
        }
        return nil
    }

    /// The simulator's canonical form of a source path (`PercentEncoding.normalize`), with a fast
    /// path for text that is already plain (no `%`, only bytes allowed raw).
    static func normalizedPath(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 != 0x25 && PercentEncoding.isAllowedRaw($0) }) { return text }
        return String(decoding: PercentEncoding.normalize(Array(text.utf8)), as: UTF8.self)
    }

    /// Percent-encodes every byte outside `allowed`; an existing `%XX` is kept with upper-case hex,
    /// a `%` not followed by two hex digits becomes `%25`.
    static func canonical(_ text: String, allowed: ByteSet = allowedInURL) -> String {
        if text.utf8.allSatisfy({ $0 != 0x25 && allowed.contains($0) }) { return text }
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x25 {
                if i + 2 < b.count, isHex(b[i + 1]), isHex(b[i + 2]) {
                    out.append(0x25)
                    out.append(upperHex(b[i + 1]))
                    out.append(upperHex(b[i + 2]))
                    i += 3
                    continue
                }
                out.append(contentsOf: Array("%25".utf8))
            } else if allowed.contains(c) {
                out.append(c)
            } else {
                out.append(contentsOf: percent(c))
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func percent(_ c: UInt8) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        return [0x25, hex[Int(c >> 4)], hex[Int(c & 15)]]
    }

    static func isHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
    static func upperHex(_ c: UInt8) -> UInt8 { c >= 0x61 && c <= 0x66 ? c - 0x20 : c }

    /// `\xHH` for a byte, the escape every regex dialect Detour targets understands.
    static func hexEscape(_ c: UInt8) -> String {
        let hex = Array("0123456789ABCDEF")
        return "\\x" + String(hex[Int(c >> 4)]) + String(hex[Int(c & 15)])
    }
}
