/// Tells whether a path was already seen in a run of map entries: an open-addressing table of
/// entry indices keyed by a hash of the path's bytes. Each of 10^6 paths costs one hash and about
/// one probe; paths are compared byte for byte only when 32 bits of their hashes agree, and no
/// String is hashed, copied or stored.
struct ExactPathTable {
    /// 0: empty; otherwise the upper 32 hash bits, then the entry index + 1.
    private var slots: [UInt64]
    private let mask: Int

    /// A table for up to `capacity` entries (kept at most half full so probes stay short).
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// Records `index`, whose path hashes to `hash`, unless an index recorded earlier has the same
    /// path (`samePath(other)` compares, byte for byte). True when `index` is the first of its path.
    mutating func insert(_ index: Int, hash h: UInt64, samePath: (Int) -> Bool) -> Bool {
        let tag = h & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s == 0 {
                slots[slot] = tag | UInt64(index + 1)
                return true
            }
            if s & 0xFFFF_FFFF_0000_0000 == tag, samePath(Int(s & 0xFFFF_FFFF) - 1) { return false }
            slot = (slot + 1) & mask
        }
    }

    /// Reads the first slot of each hash, so that their cache misses (the table is 16 MB at 10^6
    /// paths) overlap instead of each insert waiting for its own.
    func warm(_ hashes: ArraySlice<UInt64>) {
        var any: UInt64 = 0
        for h in hashes { any |= slots[Int(truncatingIfNeeded: h) & mask] }
        Self.keep(any)
    }

    /// Takes the value out of the optimiser's sight, so `warm`'s loads are not removed as unused.
    @inline(never) @_optimize(none)
    private static func keep(_ value: UInt64) {}

    /// The table's hash of a path: `ByteScan.hash` of its UTF-8 bytes.
    static func hash(_ text: String) -> UInt64 { ByteScan.hash(text) }

    /// The same hash of a stored rule text's bytes.
    static func hash(_ text: RuleText) -> UInt64 {
        text.withUTF8 { b in b.baseAddress.map { ByteScan.hash($0, from: 0, to: b.count) } ?? 0 }
    }
}
