/// The position (Glushkov) automaton of a `RegexTree`, with the number of ways (1, or 2 for
/// "two or more") each step can be taken: `(a+)+` reaches `a` from `a` through the inner loop and
/// through the outer one. A backtracking engine tries every way, so a cycle that can be gone
/// round along two different paths reading the same text makes it exponential.
struct PositionAutomaton {
    let sets: [ByteSet]
    let loops: [[Int]]
    /// `follow[p][q]`: the ways to read position `q` right after position `p`.
    private(set) var follow: [[Int: Int]]
    private(set) var first: [Int: Int] = [:]
    private(set) var accepting: Set<Int> = []

    init(_ tree: RegexTree) {
        sets = tree.sets
        loops = tree.loops
        follow = Array(repeating: [:], count: tree.positionCount)
        let root = facts(tree.root)
        first = root.first
        accepting = Set(root.last.keys)
    }

    private struct Facts {
        var nullable: Int
        var first: [Int: Int]
        var last: [Int: Int]
    }

    private static func capped(_ n: Int) -> Int { Swift.min(n, 2) }

    private static func plus(_ a: [Int: Int], _ b: [Int: Int], times: Int = 1) -> [Int: Int] {
        guard times > 0 else { return a }
        var out = a
        for (k, v) in b { out[k] = capped((out[k] ?? 0) + v * times) }
        return out
    }

    private mutating func link(_ last: [Int: Int], _ first: [Int: Int]) {
        for (p, m) in last {
            for (q, n) in first { follow[p][q] = Self.capped((follow[p][q] ?? 0) + m * n) }
        }
    }

    private mutating func facts(_ node: RegexTree.Node) -> Facts {
        switch node {
        case .empty, .anchor: return Facts(nullable: 1, first: [:], last: [:])
        case .position(let p): return Facts(nullable: 0, first: [p: 1], last: [p: 1])
        case .concat(let parts):
            var acc = Facts(nullable: 1, first: [:], last: [:])
            for part in parts {
                let f = facts(part)
                link(acc.last, f.first)
                acc = Facts(
                    nullable: Self.capped(acc.nullable * f.nullable), first: Self.plus(acc.first, f.first, times: acc.nullable),
                    last: Self.plus(f.last, acc.last, times: f.nullable))
            }
            return acc
        case .alternation(let alts):
            var acc = Facts(nullable: 0, first: [:], last: [:])
            for alt in alts {
                let f = facts(alt)
                acc = Facts(nullable: Self.capped(acc.nullable + f.nullable), first: Self.plus(acc.first, f.first), last: Self.plus(acc.last, f.last))
            }
            return acc
        case .optional(let inner):
            let f = facts(inner)
            return Facts(nullable: Self.capped(f.nullable + 1), first: f.first, last: f.last)
        case .star(let inner, _):
            let f = facts(inner)
            link(f.last, f.first)
            // An empty iteration ends the loop (PCRE, Detour): the loop adds one empty way only.
            return Facts(nullable: 1, first: f.first, last: f.last)
        }
    }

    // MARK: The automaton paired with itself

    private var n: Int { sets.count }

    /// The product steps from the pair `node` (p * n + q): the next pair and whether the two paths
    /// differ on this step (different positions, or the same step taken two ways).
    private func steps(_ node: Int) -> [(next: Int, diverges: Bool)] {
        let p = node / n
        let q = node % n
        var out: [(Int, Bool)] = []
        for (p2, m) in follow[p] {
            for (q2, _) in follow[q] where !(sets[p2] ∩ sets[q2]).isEmpty {
                out.append((p2 * n + q2, p2 != q2 || (p == q && m >= 2)))
            }
        }
        return out
    }

    /// A position on a cycle that can be gone round two different ways reading the same text, and
    /// that text; nil when the automaton has no such cycle.
    func ambiguousCycle() -> (state: Int, pump: [UInt8])? {
        let component = stronglyConnectedComponents()
        for p in 0..<n {
            let start = p * n + p
            guard let c = component[start] else { continue }
            if let pump = divergingCycle(from: start, within: c, component: component) { return (p, pump) }
        }
        return nil
    }

    /// Breadth-first over (pair, diverged yet) inside one component, from (start, no) to (start, yes).
    private func divergingCycle(from start: Int, within c: Int, component: [Int: Int]) -> [UInt8]? {
        struct Key: Hashable {
            let node: Int
            let diverged: Bool
        }
        var parent: [Key: (Key, UInt8)] = [:]
        var queue = [Key(node: start, diverged: false)]
        var head = 0
        let goal = Key(node: start, diverged: true)
        while head < queue.count, parent.count < 200_000 {
            let k = queue[head]
            head += 1
            for (next, diverges) in steps(k.node) where component[next] == c {
                let key = Key(node: next, diverged: k.diverged || diverges)
                guard parent[key] == nil, key != queue[0] else { continue }
                parent[key] = (k, Self.byte(sets[next / n] ∩ sets[next % n]))
                if key == goal {
                    var word: [UInt8] = []
                    var at = goal
                    while let (from, b) = parent[at] {
                        word.append(b)
                        at = from
                        if at == queue[0] { break }
                    }
                    return word.reversed()
                }
                queue.append(key)
            }
        }
        return nil
    }

    /// Tarjan's algorithm, iterative, over the pairs reachable from the diagonal; pairs on no
    /// cycle get no component.
    private func stronglyConnectedComponents() -> [Int: Int] {
        var index: [Int: Int] = [:]
        var low: [Int: Int] = [:]
        var onStack: Set<Int> = []
        var stack: [Int] = []
        var component: [Int: Int] = [:]
        var counter = 0
        var components = 0
        for p in 0..<n where index[p * n + p] == nil {
            var work: [(node: Int, edges: [Int], next: Int)] = []
            func open(_ v: Int) {
                index[v] = counter
                low[v] = counter
                counter += 1
                stack.append(v)
                onStack.insert(v)
                work.append((v, steps(v).map(\.next), 0))
            }
            open(p * n + p)
            while let top = work.last {
                if top.next < top.edges.count {
                    work[work.count - 1].next += 1
                    let w = top.edges[top.next]
                    if index[w] == nil {
                        open(w)
                    } else if onStack.contains(w) {
                        low[top.node] = min(low[top.node]!, index[w]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node]!, low[top.node]!) }
                if low[top.node] == index[top.node] {
                    var members: [Int] = []
                    while let w = stack.popLast() {
                        onStack.remove(w)
                        members.append(w)
                        if w == top.node { break }
                    }
                    let cyclic = members.count > 1 || steps(top.node).contains { $0.next == top.node }
                    if cyclic { for m in members { component[m] = components } }
                    components += 1
                }
            }
        }
        return component
    }

    // MARK: Words

    /// The shortest text that ends by reading position `target`.
    func shortestWord(to target: Int) -> [UInt8]? {
        var parent: [Int: Int] = [:]
        var queue = first.keys.sorted()
        for p in queue { parent[p] = -1 }
        var head = 0
        while head < queue.count {
            let p = queue[head]
            head += 1
            if p == target {
                var word: [UInt8] = []
                var at = p
                while at >= 0 {
                    word.append(Self.byte(sets[at]))
                    at = parent[at]!
                }
                return word.reversed()
            }
            for q in follow[p].keys.sorted() where parent[q] == nil {
                parent[q] = p
                queue.append(q)
            }
        }
        return nil
    }

    /// The shortest text that, read after position `start`, completes a match.
    func shortestWordToAccept(from start: Int) -> [UInt8]? {
        var parent: [Int: Int] = [start: -1]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let p = queue[head]
            head += 1
            if accepting.contains(p) {
                var word: [UInt8] = []
                var at = p
                while at != start {
                    word.append(Self.byte(sets[at]))
                    at = parent[at]!
                }
                return word.reversed()
            }
            for q in follow[p].keys.sorted() where parent[q] == nil {
                parent[q] = p
                queue.append(q)
            }
        }
        return nil
    }

    /// The outermost loop around `position`: the repetition to name in a finding.
    func outermostLoop(of position: Int) -> Int? { loops[position].first }

    /// A byte of `set`, preferring letters and digits, then what a URL path carries unescaped.
    static func byte(_ set: ByteSet) -> UInt8 {
        for b in Array("aAbB0123456789".utf8) + Array("-._~!$&'()*+,;=:@/".utf8) where set.contains(b) { return b }
        for b in UInt8(0x21)...0x7e where set.contains(b) { return b }
        return set.members.first ?? 0x61
    }
}
