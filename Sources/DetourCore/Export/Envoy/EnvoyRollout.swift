/// Envoy 1.40's `runtime_fraction` input matcher (cookbook-traefik-envoy §2.6, 200/200 live): a
/// request is inside when `xxHash64(value, seed) % 10000 < basisPoints`, where `value` is the exact
/// header bytes (the client address for `by: ip`, through `x-forwarded-for` as Envoy rewrites it)
/// and `seed` carries the rule's salt, since the matcher cannot prepend it to the value.
public struct EnvoyRuntimeFraction: RolloutHash {
    public init() {}
    public var formula: String { "Envoy runtime_fraction xxHash64(value, seed = xxHash64(salt)) % 10000" }

    /// The seed the export writes for a salt.
    public static func seed(salt: String) -> UInt64 { XXHash64.hash(Array(salt.utf8)) }

    /// Whether the value is inside a share of `basisPoints` / 10 000 for the given seed.
    public static func includes(value: [UInt8], seed: UInt64, basisPoints: Int) -> Bool {
        XXHash64.hash(value, seed: seed) % 10000 < UInt64(basisPoints)
    }

    public func includes(salt: String, value: String, basisPoints: Int) -> Bool {
        Self.includes(value: Array(value.utf8), seed: Self.seed(salt: salt), basisPoints: basisPoints)
    }

    /// `salt:value` split at its first ':' (salts written by Detour users rarely hold one; the
    /// simulator decides through `includes(salt:value:basisPoints:)` and never needs this split).
    public func includes(key: [UInt8], basisPoints: Int) -> Bool {
        guard let colon = key.firstIndex(of: 0x3a) else { return false }
        return Self.includes(
            value: Array(key[(colon + 1)...]), seed: Self.seed(salt: String(decoding: key[..<colon], as: UTF8.self)), basisPoints: basisPoints)
    }
}
