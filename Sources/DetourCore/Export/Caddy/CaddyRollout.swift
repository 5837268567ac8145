/// Caddy 2.6 has no hash in its config language; the workaround is `reverse_proxy` with
/// `lb_policy header` (or `ip_hash`) over M local upstreams of which the first k redirect:
/// highest-random-weight selection `argmax_u fnv32a(key + u.dial)` (strictly greater wins, so the
/// first upstream wins ties, and a zero hash never wins). A share of b basis points uses
/// M = 10000 / gcd(b, 10000) upstreams and k = b / gcd(b, 10000).
public struct CaddyHighestRandomWeight: RolloutHash {
    /// The upstream dial address of index i (`127.0.0.1:18301` for i = 0 by default).
    public let dial: @Sendable (Int) -> String

    public init(dial: @escaping @Sendable (Int) -> String = { "127.0.0.1:\(18301 + $0)" }) { self.dial = dial }
    public var formula: String { "Caddy lb_policy highest-random-weight fnv32a" }

    public func includes(key: [UInt8], basisPoints: Int) -> Bool {
        let (k, m) = Self.upstreams(basisPoints: basisPoints)
        guard let pick = Self.pick(key: key, upstreams: (0..<m).map(dial)) else { return false }
        return pick < k
    }

    /// (redirecting upstreams k, all upstreams M) for a share.
    public static func upstreams(basisPoints: Int) -> (Int, Int) {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let g = gcd(basisPoints, 10000)
        return (basisPoints / g, 10000 / g)
    }

    /// The index of the upstream Caddy selects for a key, nil when every hash is zero.
    public static func pick(key: [UInt8], upstreams: [String]) -> Int? {
        var best: UInt32 = 0
        var pick: Int? = nil
        for (i, u) in upstreams.enumerated() {
            let h = fnv32a(key + Array(u.utf8))
            if h > best {
                best = h
                pick = i
            }
        }
        return pick
    }

    public static func fnv32a(_ data: [UInt8]) -> UInt32 {
        var h: UInt32 = 0x811c_9dc5
        for b in data { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }
}
