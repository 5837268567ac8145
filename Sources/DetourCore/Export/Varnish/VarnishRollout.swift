import Crypto

/// Varnish (core, no extra vmod): `directors.shard().key(KEY) % 10000 < share`, where `key()` is the
/// SHA-256 digest's last four bytes read as a little-endian unsigned 32-bit number.
public struct VarnishShardKey: RolloutHash {
    public init() {}
    public var formula: String { "Varnish shard.key() (SHA-256) % 10000" }

    public func includes(key: [UInt8], basisPoints: Int) -> Bool {
        Self.shardKey(key) % 10000 < UInt32(basisPoints)
    }

    /// `xshard.key(STRING)`.
    public static func shardKey(_ key: [UInt8]) -> UInt32 {
        let d = Array(SHA256.hash(data: key))
        return UInt32(d[28]) | UInt32(d[29]) << 8 | UInt32(d[30]) << 16 | UInt32(d[31]) << 24
    }
}
