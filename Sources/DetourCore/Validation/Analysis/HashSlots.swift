/// An open-addressing table from 64-bit hashes (already well mixed: FNV-1a of a path) to the first
/// rule with that hash, with any further rules in a side table. Built once per validation; it
/// spares Swift's per-lookup SipHash, which dominated checking 10⁶ rules.
struct HashSlots {
    private var keys: [UInt64]
    private var values: [Int32]
    private var more: [UInt64: [Int32]] = [:]
    private let mask: Int
    private(set) var isEmpty = true

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    private func slot(_ h: UInt64) -> Int { Int(truncatingIfNeeded: (h ^ (h >> 29)) & UInt64(mask)) }

    mutating func insert(_ h: UInt64, _ rule: Int32) {
        isEmpty = false
        var i = slot(h)
        while values[i] >= 0 {
            if keys[i] == h { more[h, default: []].append(rule); return }
            i = (i + 1) & mask
        }
        keys[i] = h
        values[i] = rule
    }

    /// Appends every rule stored under `h` to `out`, in insertion order.
    @inline(__always) func collect(_ h: UInt64, into out: inout [Int32]) {
        var i = slot(h)
        while values[i] >= 0 {
            if keys[i] == h {
                out.append(values[i])
                if let m = more[h] { out += m }
                return
            }
            i = (i + 1) & mask
        }
    }
}

/// The first value stored under each 64-bit hash (open addressing), for "have I seen this before?".
struct FirstSlots {
    private var keys: [UInt64]
    private var values: [Int32]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    func contains(_ h: UInt64) -> Bool {
        var i = Int(truncatingIfNeeded: (h ^ (h >> 29)) & UInt64(mask))
        while values[i] >= 0 {
            if keys[i] == h { return true }
            i = (i + 1) & mask
        }
        return false
    }

    /// Stores `value` under `h` when nothing is there yet and returns nil; else returns the first.
    mutating func insertOrFirst(_ h: UInt64, _ value: Int32) -> Int32? {
        var i = Int(truncatingIfNeeded: (h ^ (h >> 29)) & UInt64(mask))
        while values[i] >= 0 {
            if keys[i] == h { return values[i] }
            i = (i + 1) & mask
        }
        keys[i] = h
        values[i] = value
        return nil
    }
}
