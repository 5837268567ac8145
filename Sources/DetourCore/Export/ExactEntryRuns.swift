/// The runs of neighbouring map entries in a plan, ready to write as exact-path maps. Inside a
/// run the paths are disjoint, so regrouping cannot change which rule answers; a path repeated
/// later in the same run is dropped because the first rule of a path wins. Groups (what the
/// Location needs besides the target) keep their order of first appearance, and hold indices
/// into the plan's items, not copies: a run can hold 10^6 entries.
struct ExactEntryRuns<Key: Hashable> {
    struct Group {
        let key: Key
        var members: [Int32]
        /// The sum of `lineLength` over the members.
        var byteCount: Int
    }

    struct Run {
        /// The index of the run's first item and the index just past it.
        let start: Int
        let end: Int
        var groups: [Group]
    }

    /// Every run, in plan order.
    private(set) var runs: [Run] = []
    /// Entries kept (not dropped as repeated paths) over all runs.
    private(set) var keptCount = 0
    /// The longest kept path, in bytes.
    private(set) var longestPath = 0
    /// The bytes of every kept path, and of every kept target (for sizing the output).
    private(set) var keptPathBytes = 0
    private(set) var keptTargetBytes = 0
    /// Groups over all runs.
    var groupCount: Int { runs.reduce(0) { $0 + $1.groups.count } }

    /// `key` groups the entries; `lineLength` is the size of an entry's line in the output.
    init(_ items: [PlanItem], key: (ExactEntry) -> Key, lineLength: (ExactEntry) -> Int) {
        var i = 0
        while i < items.count {
            guard case .entry = items[i] else {
                i += 1
                continue
            }
            var end = i
            while end < items.count, case .entry = items[end] { end += 1 }
            runs.append(collect(items, from: i, to: end, key: key, lineLength: lineLength))
            i = end
        }
    }

    private mutating func collect(_ items: [PlanItem], from start: Int, to end: Int, key: (ExactEntry) -> Key, lineLength: (ExactEntry) -> Int) -> Run
    {
        var slotOfKey: [Key: Int] = [:]
        var groups: [Group] = []
        var lastKey: Key? = nil
        var lastSlot = 0
        var seen = ExactPathTable(capacity: end - start)
        // The slots of a block of paths are read ahead of its inserts, so the table's cache misses overlap.
        let block = 16
        var hashes = [UInt64](repeating: 0, count: block)
        var blockStart = start
        while blockStart < end {
            let blockEnd = min(blockStart + block, end)
            for j in blockStart..<blockEnd {
                if case .entry(let e) = items[j] { hashes[j - blockStart] = e.pathHash }
            }
            seen.warm(hashes[0..<(blockEnd - blockStart)])
            for j in blockStart..<blockEnd {
                guard case .entry(let e) = items[j] else { continue }
                // Canonical paths are ASCII (every other byte is percent-encoded), so equal bytes
                // and equal Strings are the same thing.
                let first = seen.insert(j, hash: e.pathHash) { other in
                    if case .entry(let o) = items[other] { return o.path == e.path }
                    return false
                }
                guard first else { continue }
                keptCount += 1
                longestPath = max(longestPath, e.path.utf8Count)
                keptPathBytes += e.path.utf8Count
                keptTargetBytes += e.target.utf8Count
                let k = key(e)
                // Neighbours usually share their key: append without hashing it again.
                if k != lastKey {
                    if let s = slotOfKey[k] {
                        lastSlot = s
                    } else {
                        lastSlot = groups.count
                        slotOfKey[k] = lastSlot
                        groups.append(Group(key: k, members: [], byteCount: 0))
                    }
                    lastKey = k
                }
                groups[lastSlot].members.append(Int32(j))
                groups[lastSlot].byteCount += lineLength(e)
            }
            blockStart = blockEnd
        }
        return Run(start: start, end: end, groups: groups)
    }
}
