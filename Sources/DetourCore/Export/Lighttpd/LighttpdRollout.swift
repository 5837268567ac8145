import Crypto

/// lighttpd has no hash in its config language; the exporter's mod_magnet Lua script computes
/// `tonumber(lighty.c.md("md5", key):sub(1, 8), 16) % modulus < threshold`, i.e. the first 32 bits
/// of MD5 modulo 10 000 against the share in basis points.
public struct LighttpdMagnetMD5: RolloutHash {
    public init() {}
    public var formula: String { "lighttpd mod_magnet md5 prefix % 10000" }

    public func includes(key: [UInt8], basisPoints: Int) -> Bool {
        Self.bucket(key, modulus: 10000) < UInt32(basisPoints)
    }

    /// The first four MD5 bytes as a big-endian number (what the 8 hex digits parse to), mod `modulus`.
    public static func bucket(_ key: [UInt8], modulus: UInt32) -> UInt32 {
        let d = Array(Insecure.MD5.hash(data: key))
        let prefix = UInt32(d[0]) << 24 | UInt32(d[1]) << 16 | UInt32(d[2]) << 8 | UInt32(d[3])
        return prefix % modulus
    }
}
