/// Percent-encoding helpers over raw bytes (RFC 3986), shared by path comparison and by the filling
/// of captures into a `Location`.
public enum PercentEncoding {
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    static let upperHex = Array("0123456789ABCDEF".utf8)

    /// RFC 3986 unreserved: ALPHA DIGIT - . _ ~
    public static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b == 0x2d || b == 0x2e || b == 0x5f || b == 0x7e
    }

    /// Bytes allowed raw in a path or query: unreserved, sub-delims, `:` `@` `/` `?` and `%`.
    public static func isAllowedRaw(_ b: UInt8) -> Bool {
        if isUnreserved(b) { return true }
        switch b {
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x3b, 0x3d, 0x3a, 0x40, 0x2f, 0x3f, 0x25: return true
        default: return false
        }
    }

    /// Allowed raw and not `%`: such a path is already in canonical form.
    @inline(__always) static func isAllowedRawNotPercent(_ b: UInt8) -> Bool { b != 0x25 && isAllowedRaw(b) }

    /// Detour's canonical form: unreserved escapes decoded, other escapes upper-case, bytes that may
    /// not appear raw (space, controls, non-ASCII, `"<>\^`{|}`) encoded, a stray `%` encoded as `%25`.
    public static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x25 {
                if i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                    let v = h << 4 | l
                    if isUnreserved(v) {
                        out.append(v)
                    } else {
                        out.append(0x25)
                        out.append(upperHex[Int(h)])
                        out.append(upperHex[Int(l)])
                    }
                    i += 3
                    continue
                }
                out.append(contentsOf: [0x25, 0x32, 0x35])
            } else if isAllowedRaw(b) {
                out.append(b)
            } else {
                out.append(0x25)
                out.append(upperHex[Int(b >> 4)])
                out.append(upperHex[Int(b & 15)])
            }
            i += 1
        }
        return out
    }

    /// Every escape decoded; `%2F` kept encoded (upper-case) when `keepingSlashes`.
    public static func decode(_ bytes: [UInt8], keepingSlashes: Bool) -> [UInt8] {
        guard bytes.contains(0x25) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                let v = h << 4 | l
                if v == 0x2f && keepingSlashes { out.append(contentsOf: [0x25, 0x32, 0x46]) } else { out.append(v) }
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// RFC 3986 reserved characters (gen-delims and sub-delims) and `%`: the escapes Traefik's
    /// routers keep encoded.
    public static func isReservedOrPercent(_ b: UInt8) -> Bool {
        switch b {
        case 0x3a, 0x2f, 0x3f, 0x23, 0x5b, 0x5d, 0x40, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x3b, 0x3d, 0x25: return true
        default: return false
        }
    }

    /// Whether every `%` starts an escape of two hex digits.
    public static func hasOnlyWellFormedEscapes(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25 {
                guard i + 2 < bytes.count, hexValue(bytes[i + 1]) != nil, hexValue(bytes[i + 2]) != nil else { return false }
                i += 3
            } else {
                i += 1
            }
        }
        return true
    }

    /// Every escape decoded except those of reserved characters and `%`, which stay encoded with
    /// upper-case hex (Traefik 3.7's router view of a path).
    public static func decodeKeepingReserved(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x25) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                let v = h << 4 | l
                if isReservedOrPercent(v) { out.append(contentsOf: [0x25, upperHex[Int(h)], upperHex[Int(l)]]) } else { out.append(v) }
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// Upper-cases the hex digits of every escape (lighttpd's raw view).
    public static func upperCaseHex(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var i = 0
        while i + 2 < out.count {
            if out[i] == 0x25, hexValue(out[i + 1]) != nil, hexValue(out[i + 2]) != nil {
                for k in 1...2 where out[i + k] >= 0x61 { out[i + k] -= 0x20 }
                i += 3
            } else {
                i += 1
            }
        }
        return out
    }

    public static func containsEncodedSlash(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == 0x25 && bytes[i + 1] == 0x32 && (bytes[i + 2] == 0x46 || bytes[i + 2] == 0x66) { return true }
            i += 1
        }
        return false
    }

    public static func mergeSlashes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes where !(b == 0x2f && out.last == 0x2f) { out.append(b) }
        return out
    }

    /// RFC 3986 §5.2.4 on a path starting with `/`.
    public static func removeDotSegments(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x2e) else { return bytes }
        var segments: [ArraySlice<UInt8>] = []
        let parts = bytes.split(separator: 0x2f, omittingEmptySubsequences: false).dropFirst()
        let endsWithDir = parts.last.map { $0 == [0x2e] || $0 == [0x2e, 0x2e] } ?? false
        for p in parts {
            if p.elementsEqual([0x2e]) { continue }
            if p.elementsEqual([0x2e, 0x2e]) {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(p)
        }
        var out: [UInt8] = []
        for s in segments {
            out.append(0x2f)
            out.append(contentsOf: s)
        }
        if endsWithDir || out.isEmpty { out.append(0x2f) }
        return out
    }

    /// Text filled into a `Location` from the request: bytes that may not appear raw are encoded
    /// (CR, LF, space, controls, non-ASCII …), so no request can inject a header (DESIGN §7.3).
    public static func encodeForLocation(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard !bytes.allSatisfy(isAllowedRaw) else { return text }
        var out: [UInt8] = []
        for b in bytes {
            if isAllowedRaw(b) {
                out.append(b)
            } else {
                out.append(0x25)
                out.append(upperHex[Int(b >> 4)])
                out.append(upperHex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII lower-casing (length preserving), used for case-insensitive comparison.
    public static func lowercased(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for i in out.indices where out[i] >= 0x41 && out[i] <= 0x5a { out[i] += 0x20 }
        return out
    }
}
