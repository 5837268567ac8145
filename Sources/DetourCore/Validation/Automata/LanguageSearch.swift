/// Questions about combinations of regular languages, answered by a breadth-first walk of the
/// product automaton so the answer comes with the shortest string that proves it.
public enum LanguageSearch {
    /// The outcome of a search.
    public enum Result: Equatable {
        /// The shortest string in every `must` language and in no `mustNot` language.
        case witness([UInt8])
        /// No such string exists.
        case empty
        /// The product grew past the exploration budget; nothing is claimed.
        case inconclusive
    }

    static let budget = 400_000

    /// The shortest string in the intersection of `must` and outside every `mustNot`.
    public static func shortest(must: [DFA], mustNot: [DFA] = []) -> Result {
        let all = must + mustNot
        guard !must.isEmpty else { return .inconclusive }
        if must.contains(where: { $0.isEmpty }) { return .empty }
        // Bytes that every automaton treats alike are explored once.
        var reps: [UInt8] = []
        var seenKeys = Set<[UInt8]>()
        for b in ByteClasses.preference {
            let key = all.map { $0.classOf[Int(b)] }
            if seenKeys.insert(key).inserted { reps.append(b) }
        }
        let m = must.count
        func accepted(_ t: [Int32]) -> Bool {
            for i in 0..<m where !all[i].isAccepting(t[i]) { return false }
            for i in m..<all.count where all[i].isAccepting(t[i]) { return false }
            return true
        }
        let start = [Int32](repeating: 0, count: all.count)
        var index: [[Int32]: Int] = [start: 0]
        var tuples: [[Int32]] = [start]
        var parent: [(Int, UInt8)] = [(-1, 0)]
        var k = 0
        while k < tuples.count {
            let t = tuples[k]
            if accepted(t) {
                var bytes: [UInt8] = []
                var i = k
                while parent[i].0 >= 0 { bytes.append(parent[i].1); i = parent[i].0 }
                return .witness(bytes.reversed())
            }
            next: for b in reps {
                var u = t
                for i in 0..<all.count {
                    u[i] = all[i].step(t[i], b)
                    if i < m, !all[i].isLive(u[i]) { continue next }
                }
                if index[u] == nil {
                    guard tuples.count < budget else { return .inconclusive }
                    index[u] = tuples.count
                    tuples.append(u)
                    parent.append((k, b))
                }
            }
            k += 1
        }
        return .empty
    }

    /// Whether every string of `a` is in one of `covers` (`.empty` means yes); a witness is a
    /// string of `a` outside all of them.
    public static func difference(_ a: DFA, minus covers: [DFA], alsoIn extra: [DFA] = []) -> Result {
        shortest(must: [a] + extra, mustNot: covers)
    }
}
