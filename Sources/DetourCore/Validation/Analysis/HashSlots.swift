/// An open-addressing table from 64-bit hashes (already well mixed: FNV-1a of a path) to the first
/// rule with that hash, with any further rules in a side table. Built once per validation; it
/// spares Swift's per-lookup SipHash, which dominated checking 10⁶ rules.
struct HashSlots {
    private var first: FirstSlots
    private var more: [UInt64: [Int32]] = [:]
    private(set) var isEmpty = true

    init(capacity: Int) { first = FirstSlots(capacity: capacity) }

    mutating func insert(_ h: UInt64, _ rule: Int32) {
        isEmpty = false
        if first.insertOrFirst(h, rule) != nil { more[h, default: []].append(rule) }
    }

    /// Appends every rule stored under `h` to `out`, in insertion order.
    @inline(__always) func collect(_ h: UInt64, into out: inout [Int32]) {
        guard let v = first.first(h) else { return }
        out.append(v)
        if !more.isEmpty, let m = more[h] { out += m }
    }
}

/// The first value stored under each 64-bit hash (open addressing), for "have I seen this before?".
/// Hash and value share a slot, so a probe of a 10⁶-entry table costs one cache miss, not two.
struct FirstSlots {
    private struct Slot {
        var hash: UInt64 = 0
        var value: Int32 = -1
    }

    private var slots: [Slot]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    @inline(__always) private func start(_ h: UInt64) -> Int { Int(truncatingIfNeeded: (h ^ (h >> 29)) & UInt64(mask)) }

    /// The first value stored under `h`, if any.
    @inline(__always) func first(_ h: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { s in
            var i = start(h)
            while s[i].value >= 0 {
                if s[i].hash == h { return s[i].value }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    func contains(_ h: UInt64) -> Bool { first(h) != nil }

    /// Stores `value` under `h` when nothing is there yet and returns nil; else returns the first.
    mutating func insertOrFirst(_ h: UInt64, _ value: Int32) -> Int32? {
        let mask = self.mask
        var i = start(h)
        return slots.withUnsafeMutableBufferPointer { s in
            while s[i].value >= 0 {
                if s[i].hash == h { return s[i].value }
                i = (i + 1) & mask
            }
            s[i] = Slot(hash: h, value: value)
            return nil
        }
    }
}
