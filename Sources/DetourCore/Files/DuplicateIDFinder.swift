import Dispatch

/// Finds rules whose id repeats an earlier rule's, given each rule's id hash: an open-addressing
/// table of rule positions, split by hash between the cores. A 10⁶-rule file needs this once per
/// load, and a `[String: Int]` of the ids cost more than the rest of the parse.
enum DuplicateIDFinder {
    /// A repeated id: the rule at `later` has the id first used by the rule at `first`.
    struct Duplicate: Sendable {
        let later: Int
        let first: Int
    }

    /// Every repeat, ordered by `later`; `sameID(a, b)` confirms that two rules with equal hashes
    /// really share their id.
    static func find(hashes: [UInt64], parts: Int, sameID: @Sendable (Int, Int) -> Bool) -> [Duplicate] {
        let n = hashes.count
        guard n > 1 else { return [] }
        let parts = max(1, min(parts, 8))
        var capacity = 16
        // Room for every id in one part, should the hashes fall unevenly: an insert always finds a slot.
        while capacity < max(2 * (n / parts + 1), n + 1) { capacity <<= 1 }
        let slotCount = capacity
        let results = WorkerSlots<[Duplicate]>(count: parts, empty: [])
        hashes.withUnsafeBufferPointer { hb in
            nonisolated(unsafe) let h = hb
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                // Slot value: position + 1 (0 is empty). Each part owns one range of the hashes' top bits.
                var table = [UInt32](repeating: 0, count: slotCount)
                var found: [Duplicate] = []
                let mask = UInt64(slotCount - 1)
                table.withUnsafeMutableBufferPointer { t in
                    for k in 0..<n {
                        let hk = h[k]
                        if parts > 1, Int(((hk >> 32) &* UInt64(parts)) >> 32) != part { continue }
                        var slot = Int(hk & mask)
                        while true {
                            let v = t[slot]
                            if v == 0 {
                                t[slot] = UInt32(k + 1)
                                break
                            }
                            let other = Int(v) - 1
                            if h[other] == hk, sameID(other, k) {
                                found.append(Duplicate(later: k, first: other))
                                break
                            }
                            slot = (slot + 1) & Int(mask)
                        }
                    }
                }
                results.store(part, found)
            }
        }
        return results.all.flatMap { $0 }.sorted { $0.later < $1.later }
    }
}
