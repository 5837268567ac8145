/// Pairs the enabled rules of two files that behave identically (`RuleBehaviour`), in order, and
/// names the rest: rules only in the old file, only in the new one, and paired rules whose relative
/// order changed. Requests that none of these rules takes are answered alike by both files — the
/// same rules take them, in the same order — so only these rules' regions need searching.
struct RuleAlignment {
    /// old index → new index of the identical rule, -1 for none.
    private(set) var oldToNew: [Int32]
    private(set) var newToOld: [Int32]
    /// Rules whose regions the diff searches: (file, index), file 0 old, 1 new.
    private(set) var candidates: [(side: Int, index: Int)] = []

    init(old: RuleSet, new: RuleSet, everyRule: Bool) {
        oldToNew = [Int32](repeating: -1, count: old.rules.count)
        newToOld = [Int32](repeating: -1, count: new.rules.count)
        // Rules are bucketed by a fingerprint of their bytes and compared in full only within a
        // bucket, which keeps two 10⁶-rule files cheap to pair.
        var slots = HashSlots(capacity: old.rules.count)
        for (i, r) in old.rules.enumerated() where r.enabled { slots.insert(RuleAlignment.fingerprint(r), Int32(i)) }
        var pairs: [(old: Int, new: Int)] = []
        pairs.reserveCapacity(min(old.rules.count, new.rules.count))
        var unmatchedNew: [Int] = []
        var bucket: [Int32] = []
        for (j, r) in new.rules.enumerated() where r.enabled {
            bucket.removeAll(keepingCapacity: true)
            slots.collect(RuleAlignment.fingerprint(r), into: &bucket)
            if let i = bucket.lazy.map(Int.init).sorted().first(where: { oldToNew[$0] < 0 && RuleAlignment.behaveAlike(old.rules[$0], r) }) {
                oldToNew[i] = Int32(j)
                newToOld[j] = Int32(i)
                pairs.append((i, j))
            } else {
                unmatchedNew.append(j)
            }
        }
        if everyRule {
            candidates =
                old.rules.indices.filter { old.rules[$0].enabled }.map { (0, $0) }
                + new.rules.indices.filter { new.rules[$0].enabled }.map { (1, $0) }
            return
        }
        for (i, r) in old.rules.enumerated() where r.enabled && oldToNew[i] < 0 { candidates.append((0, i)) }
        candidates += unmatchedNew.map { (1, $0) }
        // Pairs outside a longest run that keeps its order moved past some other pair.
        let byOld = pairs.sorted { $0.old < $1.old }
        let kept = RuleAlignment.longestIncreasing(byOld.map(\.new))
        for (k, p) in byOld.enumerated() where !kept.contains(k) {
            candidates.append((0, p.old))
            candidates.append((1, p.new))
        }
    }

    func counterpart(ofOld i: Int) -> Int? { oldToNew[i] >= 0 ? Int(oldToNew[i]) : nil }
    func counterpart(ofNew j: Int) -> Int? { newToOld[j] >= 0 ? Int(newToOld[j]) : nil }

    /// The bytes of source and target and the code; rules with optional fields add the hash of
    /// their whole behaviour. Equal behaviour usually means equal fingerprints, and a rule whose
    /// fingerprint differs from its twin's is only searched, never misreported.
    static func fingerprint(_ r: Rule) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        r.source.storedText.withUTF8 { for b in $0 { mix(b) } }
        mix(0)
        r.target.storedText.withUTF8 { for b in $0 { mix(b) } }
        mix(UInt8(truncatingIfNeeded: r.code.rawValue))
        mix(UInt8(truncatingIfNeeded: r.code.rawValue >> 8))
        if !r.hasOnlyRequiredFields { h ^= UInt64(bitPattern: Int64(RuleBehaviour(r).hashValue)) }
        return h
    }

    /// Whether two rules answer the same requests the same way (`RuleBehaviour` equality, with the
    /// common plain rule compared without building it).
    static func behaveAlike(_ a: Rule, _ b: Rule) -> Bool {
        if a.hasOnlyRequiredFields && b.hasOnlyRequiredFields {
            return a.code == b.code && a.source.storedText == b.source.storedText && a.target == b.target
                && (a.source.isExactText == b.source.isExactText || a.source.kind == b.source.kind)
        }
        return RuleBehaviour(a) == RuleBehaviour(b)
    }

    /// Positions of one longest strictly increasing subsequence (patience sorting, n log n).
    static func longestIncreasing(_ values: [Int]) -> Set<Int> {
        var tails: [Int] = []
        var tailIndex: [Int] = []
        var previous = [Int](repeating: -1, count: values.count)
        for (i, v) in values.enumerated() {
            var lo = 0
            var hi = tails.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if tails[mid] < v { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0 { previous[i] = tailIndex[lo - 1] }
            if lo == tails.count {
                tails.append(v)
                tailIndex.append(i)
            } else {
                tails[lo] = v
                tailIndex[lo] = i
            }
        }
        var out = Set<Int>()
        var k = tailIndex.last ?? -1
        while k >= 0 {
            out.insert(k)
            k = previous[k]
        }
        return out
    }
}
