/// The exact search over paths inside one context: a breadth-first walk of the product of the
/// region's automaton and the automata of every rule (of either file) the context admits. Each
/// product state knows which rule each file answers with, so every pair of first rules that occurs
/// anywhere in the region is met, each with its shortest path.
struct PathRegionSearch {
    /// The rule automata of one file, in precedence order, with what decides their responses.
    struct Side {
        let rules: [Int]
        let automata: [DFA]
        let behaviours: [RuleBehaviour]
    }

    static let budget = 200_000
    /// Witnesses tried per pair of first rules before the pair is taken to answer alike.
    static let attemptsPerPair = 8

    enum Outcome { case finished, overBudget }

    /// Calls `check(path, oldRule, newRule)` with a path of the region for each pair of first rules
    /// that may answer differently; `check` returns true once it has recorded that pair.
    /// Paths `excluded` accepts are skipped: the caller compares them itself.
    static func search(
        region: DFA, old: Side, new: Side, excluded: ExactPathTrie, sitesDiffer: Bool, check: ([UInt8], Int?, Int?) -> Bool
    ) -> Outcome {
        let all = [region, PathLanguages.pathAlphabet] + old.automata + new.automata
        let oldStart = 2
        let newStart = 2 + old.automata.count
        let trieSlot = all.count
        let reps = representatives(all, excluded)
        // The last slot of a tuple is the trie's node.
        let start = [Int32](repeating: 0, count: all.count + 1)
        var index: [[Int32]: Int32] = [start: 0]
        var tuples: [[Int32]] = [start]
        var parent: [(Int32, UInt8)] = [(-1, 0)]
        var attempts: [Int: Int] = [:]
        var settled: Set<Int> = []
        var k = 0
        while k < tuples.count {
            let t = tuples[k]
            if all[0].isAccepting(t[0]), all[1].isAccepting(t[1]), !excluded.accepts(t[trieSlot]) {
                let o = (0..<old.automata.count).first { all[oldStart + $0].isAccepting(t[oldStart + $0]) }
                let n = (0..<new.automata.count).first { all[newStart + $0].isAccepting(t[newStart + $0]) }
                let pair = (o ?? -1) * 1_000_003 + (n ?? -1)
                if mayDiffer(o.map { old.behaviours[$0] }, n.map { new.behaviours[$0] }, sitesDiffer), !settled.contains(pair),
                    attempts[pair, default: 0] < attemptsPerPair
                {
                    attempts[pair, default: 0] += 1
                    var bytes: [UInt8] = []
                    var i = k
                    while parent[i].0 >= 0 {
                        bytes.append(parent[i].1)
                        i = Int(parent[i].0)
                    }
                    if check(bytes.reversed(), o.map { old.rules[$0] }, n.map { new.rules[$0] }) { settled.insert(pair) }
                }
            }
            for b in reps {
                var u = t
                for i in 0..<all.count { u[i] = all[i].step(t[i], b) }
                u[trieSlot] = excluded.step(t[trieSlot], b)
                guard all[0].isLive(u[0]), all[1].isLive(u[1]) else { continue }
                if index[u] == nil {
                    guard tuples.count < budget else { return .overBudget }
                    index[u] = Int32(tuples.count)
                    tuples.append(u)
                    parent.append((Int32(k), b))
                }
            }
            k += 1
        }
        return .finished
    }

    /// One byte per combination of classes the automata tell apart, and every byte the trie
    /// reads (with one more byte of its class that the trie does not read).
    static func representatives(_ all: [DFA], _ trie: ExactPathTrie) -> [UInt8] {
        var seen = Set<[Int]>()
        var reps: [UInt8] = []
        for b in ByteClasses.preference {
            let own = trie.bytes.contains(b) ? Int(b) : -1
            if seen.insert(all.map { Int($0.classOf[Int(b)]) } + [own]).inserted { reps.append(b) }
        }
        return reps
    }

    /// Whether two first rules can send different responses to one request.
    static func mayDiffer(_ a: RuleBehaviour?, _ b: RuleBehaviour?, _ sitesDiffer: Bool) -> Bool {
        switch (a, b) {
        case (nil, nil): return false
        case (let a?, let b?): return sitesDiffer || !a.respondsLike(b)
        default: return true
        }
    }
}
