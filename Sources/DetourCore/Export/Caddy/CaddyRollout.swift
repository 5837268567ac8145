/// Caddy 2.6 has no hash in its configuration language; the export decides a rollout with
/// `reverse_proxy … { lb_policy header Detour-Rollout-Key }` over helper upstreams (cookbook §5 g).
/// Caddy 2.6's `hostByHashing` is highest-random-weight: the upstream with the largest
/// `fnv32a(key + dial)` wins (strictly greater, so the first wins ties and a zero hash never wins),
/// where `key` is the header's value (the export sets it to Detour's `salt:value`) and `dial` the
/// upstream's address as written (`unix/detour-rollout-1-0.sock`).
///
/// One such choice gives shares k/M only, and each helper upstream is a listener, so a share of
/// b / 10 000 is decided in levels of at most ten upstreams (`CaddyRolloutPlan`): below the level's
/// boundary bucket the client is inside, at the boundary the next level decides, above it the
/// client is outside. The expected share is exactly b / 10 000 and at most four levels are needed.
public struct CaddyHighestRandomWeight: RolloutHash {
    public init() {}
    public var formula: String { "Caddy lb_policy header: highest-random-weight fnv32a(salt:value + socket), in levels of up to 10 sockets" }

    public func includes(key: [UInt8], basisPoints: Int) -> Bool {
        for level in CaddyRolloutPlan(basisPoints: basisPoints).levels {
            guard let pick = Self.pick(key: key, upstreams: level.dials) else { return false }
            if pick < level.inside { return true }
            if pick > level.inside || !level.hasNext { return false }
        }
        return false
    }

    /// The index of the upstream Caddy selects for a key, nil when every hash is zero (Caddy then
    /// has no upstream and answers 502).
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

    /// 32-bit FNV-1a, Go's `hash/fnv.New32a`.
    public static func fnv32a(_ data: [UInt8]) -> UInt32 {
        var h: UInt32 = 0x811c_9dc5
        for b in data { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }
}

/// How a share of basis points is split into highest-random-weight choices. Each level chooses
/// one of `count` helper sockets; buckets below `inside` are inside the rollout, bucket `inside`
/// passes the decision to the next level (when there is one), the rest are outside.
public struct CaddyRolloutPlan: Sendable, Hashable {
    /// One `reverse_proxy` choice.
    public struct Level: Sendable, Hashable {
        /// 1-based level number; it names the level's sockets.
        public let number: Int
        /// Helper sockets chosen between (2…10).
        public let count: Int
        /// Buckets below this are inside; this bucket defers to the next level when `hasNext`.
        public let inside: Int
        public let hasNext: Bool

        /// The upstream dial addresses as the Caddyfile writes them (and Caddy hashes them).
        public var dials: [String] { (0..<count).map { CaddyRolloutPlan.dial(level: number, bucket: $0) } }
    }

    public let levels: [Level]

    /// The plan for 1…9999 basis points: a share whose reduced denominator is at most 10 is one
    /// level of k out of M; any other share takes its next decimal digit per level.
    public init(basisPoints: Int) {
        var numerator = basisPoints
        var denominator = 10000
        var levels: [Level] = []
        while numerator > 0 {
            let g = Self.gcd(numerator, denominator)
            numerator /= g
            denominator /= g
            if denominator <= 10 {
                levels.append(Level(number: levels.count + 1, count: denominator, inside: numerator, hasNext: false))
                break
            }
            // Ten buckets: the digit's worth is inside, the digit's own bucket carries the rest.
            let digit = numerator * 10 / denominator
            levels.append(Level(number: levels.count + 1, count: 10, inside: digit, hasNext: true))
            numerator = numerator * 10 - digit * denominator
        }
        self.levels = levels
    }

    /// The socket of one bucket, relative to Caddy's working directory. Its text is hashed, so
    /// it never changes with the export directory, and `.sock` after the number spreads FNV better
    /// than a port number would (fnv32a mixes the last bytes weakly).
    public static func dial(level: Int, bucket: Int) -> String { "unix/detour-rollout-\(level)-\(bucket).sock" }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
