/// Pairs the enabled rules of two files that behave identically (`RuleBehaviour`), in order, and
/// names the rest: rules only in the old file, only in the new one, and paired rules whose relative
/// order changed. Requests that none of these rules takes are answered alike by both files — the
/// same rules take them, in the same order — so only these rules' regions need searching.
struct RuleAlignment {
    /// old index → new index of the identical rule.
    private(set) var oldToNew: [Int: Int] = [:]
    private(set) var newToOld: [Int: Int] = [:]
    /// Rules whose regions the diff searches: (file, index), file 0 old, 1 new.
    private(set) var candidates: [(side: Int, index: Int)] = []

    init(old: RuleSet, new: RuleSet, everyRule: Bool) {
        var waiting: [RuleBehaviour: [Int]] = [:]
        for (i, r) in old.rules.enumerated() where r.enabled { waiting[RuleBehaviour(r), default: []].append(i) }
        var pairs: [(old: Int, new: Int)] = []
        var unmatchedNew: [Int] = []
        var taken: [RuleBehaviour: Int] = [:]
        for (j, r) in new.rules.enumerated() where r.enabled {
            let b = RuleBehaviour(r)
            let used = taken[b, default: 0]
            if let list = waiting[b], used < list.count {
                taken[b] = used + 1
                pairs.append((list[used], j))
            } else {
                unmatchedNew.append(j)
            }
        }
        var matchedOld = Set<Int>()
        for p in pairs {
            oldToNew[p.old] = p.new
            newToOld[p.new] = p.old
            matchedOld.insert(p.old)
        }
        if everyRule {
            candidates =
                old.rules.indices.filter { old.rules[$0].enabled }.map { (0, $0) }
                + new.rules.indices.filter { new.rules[$0].enabled }.map { (1, $0) }
            return
        }
        for (i, r) in old.rules.enumerated() where r.enabled && !matchedOld.contains(i) { candidates.append((0, i)) }
        candidates += unmatchedNew.map { (1, $0) }
        // Pairs outside a longest run that keeps its order moved past some other pair.
        let byOld = pairs.sorted { $0.old < $1.old }
        let kept = RuleAlignment.longestIncreasing(byOld.map(\.new))
        for (k, p) in byOld.enumerated() where !kept.contains(k) {
            candidates.append((0, p.old))
            candidates.append((1, p.new))
        }
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
