/// HAProxy 2.6 sample converters: `<fetch>,<hash>[(1)],mod(M) lt N`. The exporter's default for rule
/// rollouts is `xxh32(0),mod(10000) lt <basis points>` (xxh32 spreads similar keys well; the cookbook
/// saw djb2 and sdbm bunch up). The other hashes are here for configs written by hand and for the
/// verified vectors.
public struct HAProxyHash: RolloutHash {
    /// A HAProxy hash converter.
    public enum Function: Sendable, Hashable {
        case crc32, crc32c, djb2, sdbm, wt6
        case xxh32(seed: UInt32)

        public var name: String {
            switch self {
            case .crc32: return "crc32"
            case .crc32c: return "crc32c"
            case .djb2: return "djb2"
            case .sdbm: return "sdbm"
            case .wt6: return "wt6"
            case .xxh32(let s): return "xxh32(\(s))"
            }
        }
    }

    public let function: Function
    /// The `(1)` argument of crc32/crc32c/djb2/sdbm/wt6: Bob Jenkins' avalanche, then `* 3221225473`.
    public let avalanche: Bool

    public init(function: Function = .xxh32(seed: 0), avalanche: Bool = false) {
        self.function = function
        self.avalanche = avalanche
    }

    public var formula: String { "HAProxy \(function.name)\(avalanche ? "(1)" : ""),mod(10000)" }

    public func includes(key: [UInt8], basisPoints: Int) -> Bool {
        hash(key) % 10000 < UInt32(basisPoints)
    }

    /// The converter's output for a key (an unsigned 32-bit value).
    public func hash(_ key: [UInt8]) -> UInt32 {
        var h: UInt32
        switch function {
        case .crc32: h = Self.crc32(key)
        case .crc32c: h = Self.crc32c(key)
        case .djb2: h = Self.djb2(key)
        case .sdbm: h = Self.sdbm(key)
        case .wt6: h = Self.wt6(key)
        case .xxh32(let seed): h = Self.xxh32(key, seed: seed)
        }
        if avalanche { h = Self.fullHash(h) }
        return h
    }

    /// What a bare `src` fetch hashes: the four address bytes of an IPv4 client, not its text.
    public static func sourceAddressBytes(_ address: String) -> [UInt8]? {
        let parts = address.split(separator: ".")
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    private static let crc32Table: [UInt32] = table(polynomial: 0xedb8_8320)
    private static let crc32cTable: [UInt32] = table(polynomial: 0x82f6_3b78)

    private static func table(polynomial: UInt32) -> [UInt32] {
        (0..<256).map { n -> UInt32 in
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ polynomial : c >> 1 }
            return c
        }
    }

    /// zlib CRC-32.
    public static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xffff_ffff
        for b in data { c = (c >> 8) ^ crc32Table[Int((c ^ UInt32(b)) & 0xff)] }
        return c ^ 0xffff_ffff
    }

    /// CRC-32C (Castagnoli).
    public static func crc32c(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xffff_ffff
        for b in data { c = (c >> 8) ^ crc32cTable[Int((c ^ UInt32(b)) & 0xff)] }
        return c ^ 0xffff_ffff
    }

    public static func djb2(_ data: [UInt8]) -> UInt32 {
        var h: UInt32 = 5381
        for b in data { h = (h << 5) &+ h &+ UInt32(b) }
        return h
    }

    public static func sdbm(_ data: [UInt8]) -> UInt32 {
        var h: UInt32 = 0
        for b in data { h = UInt32(b) &+ (h << 6) &+ (h << 16) &- h }
        return h
    }

    public static func wt6(_ data: [UInt8]) -> UInt32 {
        var h0: UInt32 = 0xa53c_965a
        var h1: UInt32 = 0x5ca6_953a
        var s0: UInt32 = 6
        var s1: UInt32 = 18
        for b in data {
            let t = UInt32(b)
            h0 = ~(h0 ^ t)
            h1 = ~(h1 &+ t)
            let t2 = h1.rotatedLeft(by: s0)
            h1 = h0.rotatedLeft(by: s1)
            h0 = t2
            let t3 = ((h0 >> 16) ^ h1) & 0xffff
            s0 = t3 & 0x1f
            s1 = t3 >> 11
        }
        return h0 ^ h1
    }

    /// Standard XXH32.
    public static func xxh32(_ data: [UInt8], seed: UInt32 = 0) -> UInt32 {
        let p1: UInt32 = 2_654_435_761
        let p2: UInt32 = 2_246_822_519
        let p3: UInt32 = 3_266_489_917
        let p4: UInt32 = 668_265_263
        let p5: UInt32 = 374_761_393
        func word(_ i: Int) -> UInt32 {
            UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
        }
        let n = data.count
        var i = 0
        var h: UInt32
        if n >= 16 {
            var v = [seed &+ p1 &+ p2, seed &+ p2, seed, seed &- p1]
            while i + 16 <= n {
                for j in 0..<4 { v[j] = (v[j] &+ word(i + 4 * j) &* p2).rotatedLeft(by: 13) &* p1 }
                i += 16
            }
            h = v[0].rotatedLeft(by: 1) &+ v[1].rotatedLeft(by: 7) &+ v[2].rotatedLeft(by: 12) &+ v[3].rotatedLeft(by: 18)
        } else {
            h = seed &+ p5
        }
        h = h &+ UInt32(truncatingIfNeeded: n)
        while i + 4 <= n {
            h = (h &+ word(i) &* p3).rotatedLeft(by: 17) &* p4
            i += 4
        }
        while i < n {
            h = (h &+ UInt32(data[i]) &* p5).rotatedLeft(by: 11) &* p1
            i += 1
        }
        h ^= h >> 15
        h = h &* p2
        h ^= h >> 13
        h = h &* p3
        h ^= h >> 16
        return h
    }

    /// HAProxy's `__full_hash` avalanche used by the `(1)` argument.
    public static func fullHash(_ x: UInt32) -> UInt32 {
        var a = x
        a = (a &+ 0x7ed5_5d16) &+ (a << 12)
        a = (a ^ 0xc761_c23c) ^ (a >> 19)
        a = (a &+ 0x1656_67b1) &+ (a << 5)
        a = (a &+ 0xd3a2_646c) ^ (a << 9)
        a = (a &+ 0xfd70_46c5) &+ (a << 3)
        a = (a ^ 0xb55a_4f09) ^ (a >> 16)
        return a &* 3_221_225_473
    }
}

extension UInt32 {
    func rotatedLeft(by r: UInt32) -> UInt32 {
        let s = r & 31
        return s == 0 ? self : (self << s) | (self >> (32 - s))
    }
}
