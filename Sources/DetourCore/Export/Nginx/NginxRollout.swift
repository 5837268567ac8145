/// nginx `split_clients` (1.22): MurmurHash2 with seed = key length, percentages in hundredths,
/// cumulative thresholds `last += hundredths * 0xffffffff / 10000`; a request takes the first part
/// whose threshold is above its hash. The exporter puts the redirect part first, then `*`.
public struct NginxSplitClients: RolloutHash {
    public init() {}
    public var formula: String { "nginx split_clients (MurmurHash2)" }

    public func includes(key: [UInt8], basisPoints: Int) -> Bool {
        Self.part(of: key, basisPoints: [basisPoints]) == 0
    }

    /// The index of the part a key falls in for parts of the given shares (in config order), or
    /// `shares.count` for the `*` remainder.
    public static func part(of key: [UInt8], basisPoints shares: [Int]) -> Int {
        let h = murmurHash2(key)
        var last: UInt32 = 0
        for (i, share) in shares.enumerated() {
            last = last &+ UInt32(truncatingIfNeeded: UInt64(share) * 0xffff_ffff / 10000)
            if h < last { return i }
        }
        return shares.count
    }

    /// `ngx_murmur_hash2`: MurmurHash2, seed = length, little-endian 4-byte blocks.
    public static func murmurHash2(_ data: [UInt8]) -> UInt32 {
        let m: UInt32 = 0x5bd1_e995
        var h = UInt32(truncatingIfNeeded: data.count)
        var i = 0
        while data.count - i >= 4 {
            var k = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            k = k &* m
            k ^= k >> 24
            k = k &* m
            h = h &* m
            h ^= k
            i += 4
        }
        let rest = data.count - i
        if rest == 3 { h ^= UInt32(data[i + 2]) << 16 }
        if rest >= 2 { h ^= UInt32(data[i + 1]) << 8 }
        if rest >= 1 {
            h ^= UInt32(data[i])
            h = h &* m
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return h
    }
}
