import Crypto

/// Apache httpd ap_expr `md5(KEY) < 'T'` (or `sha1`): a string comparison of the lower-case hex
/// digest with an 8-digit hex threshold `T = round(share · 2³²)`, which is the same as comparing the
/// digest's first 32 bits with T as numbers.
public struct ApacheExprHash: RolloutHash {
    public enum Algorithm: String, Sendable { case md5, sha1 }
    public let algorithm: Algorithm

    public init(algorithm: Algorithm = .md5) { self.algorithm = algorithm }
    public var formula: String { "Apache ap_expr \(algorithm.rawValue)() < threshold" }

    public func includes(key: [UInt8], basisPoints: Int) -> Bool {
        isBelow(key: key, thresholdHex: Self.thresholdHex(basisPoints: basisPoints))
    }

    /// The exact ap_expr comparison: `digest(key) < thresholdHex` as strings.
    public func isBelow(key: [UInt8], thresholdHex: String) -> Bool {
        digestHex(key) < thresholdHex.lowercased()
    }

    /// Lower-case hex digest, as ap_expr's `md5()` / `sha1()` return it.
    public func digestHex(_ key: [UInt8]) -> String {
        switch algorithm {
        case .md5: return hex(Insecure.MD5.hash(data: key))
        case .sha1: return hex(Insecure.SHA1.hash(data: key))
        }
    }

    /// `%08x` of round(basisPoints / 10000 · 2³²) (1 % → `028f5c29`, 10 % → `1999999a`). The product
    /// is never exactly half-way, so rounding half up equals Python's rounding used by the cookbook.
    public static func thresholdHex(basisPoints: Int) -> String {
        let t = (UInt64(basisPoints) << 32 + 5000) / 10000
        let s = String(t, radix: 16)
        return s.count >= 8 ? s : String(repeating: "0", count: 8 - s.count) + s
    }
}

func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for b in digest {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
