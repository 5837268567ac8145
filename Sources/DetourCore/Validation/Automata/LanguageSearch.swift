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
        let reps = representatives(all)
        let m = must.count
        if all.count <= 4 { return packed(all, m, reps) }
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
                while parent[i].0 >= 0 {
                    bytes.append(parent[i].1)
                    i = parent[i].0
                }
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

    /// One byte per combination of classes the automata tell apart, in readable order.
    static func representatives(_ all: [DFA]) -> [UInt8] {
        var reps: [UInt8] = []
        if all.count <= 8 {
            var seen = Set<UInt64>(minimumCapacity: 64)
            for b in ByteClasses.preference {
                var key: UInt64 = 0
                for d in all { key = key << 8 | UInt64(d.classOf[Int(b)]) }
                if seen.insert(key).inserted { reps.append(b) }
            }
            return reps
        }
        var seen = Set<[UInt8]>()
        for b in ByteClasses.preference where seen.insert(all.map { $0.classOf[Int(b)] }).inserted { reps.append(b) }
        return reps
    }

    /// The same search with each tuple of up to four states packed into one integer (16 bits
    /// each; the state limit keeps them below 2¹⁶), which spares an array per visited tuple.
    private static func packed(_ all: [DFA], _ m: Int, _ reps: [UInt8]) -> Result {
        let k = all.count
        func pack(_ t: (Int32, Int32, Int32, Int32)) -> UInt64 {
            UInt64(UInt16(bitPattern: Int16(t.0))) | UInt64(UInt16(bitPattern: Int16(t.1))) << 16
                | UInt64(UInt16(bitPattern: Int16(t.2))) << 32 | UInt64(UInt16(bitPattern: Int16(t.3))) << 48
        }
        func get(_ t: (Int32, Int32, Int32, Int32), _ i: Int) -> Int32 {
            switch i {
            case 0: return t.0
            case 1: return t.1
            case 2: return t.2
            default: return t.3
            }
        }
        func set(_ t: inout (Int32, Int32, Int32, Int32), _ i: Int, _ v: Int32) {
            switch i {
            case 0: t.0 = v
            case 1: t.1 = v
            case 2: t.2 = v
            default: t.3 = v
            }
        }
        func accepted(_ t: (Int32, Int32, Int32, Int32)) -> Bool {
            for i in 0..<m where !all[i].isAccepting(get(t, i)) { return false }
            for i in m..<k where all[i].isAccepting(get(t, i)) { return false }
            return true
        }
        let start: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        var index: [UInt64: Int32] = [pack(start): 0]
        var tuples = [start]
        var parent: [(Int32, UInt8)] = [(-1, 0)]
        var q = 0
        while q < tuples.count {
            let t = tuples[q]
            if accepted(t) {
                var bytes: [UInt8] = []
                var i = q
                while parent[i].0 >= 0 {
                    bytes.append(parent[i].1)
                    i = Int(parent[i].0)
                }
                return .witness(bytes.reversed())
            }
            next: for b in reps {
                var u = t
                for i in 0..<k {
                    let v = all[i].step(get(t, i), b)
                    if i < m, !all[i].isLive(v) { continue next }
                    set(&u, i, v)
                }
                let key = pack(u)
                if index[key] == nil {
                    guard tuples.count < budget else { return .inconclusive }
                    index[key] = Int32(tuples.count)
                    tuples.append(u)
                    parent.append((Int32(q), b))
                }
            }
            q += 1
        }
        return .empty
    }

    /// Whether every string of `a` is in one of `covers` (`.empty` means yes); a witness is a
    /// string of `a` outside all of them.
    public static func difference(_ a: DFA, minus covers: [DFA], alsoIn extra: [DFA] = []) -> Result {
        shortest(must: [a] + extra, mustNot: covers)
    }
}
