/// A deterministic automaton over bytes with its alphabet compressed into classes of bytes that
/// behave alike. It is what every language question of the validator (intersection, inclusion,
/// shortest witness) is asked of.
public struct DFA: Sendable {
    /// Byte → class index.
    let classOf: [UInt8]
    let classCount: Int
    /// `next[state * classCount + class]`, -1 for the dead state.
    let next: [Int32]
    let accepting: [Bool]
    /// States from which an accepting state can still be reached.
    let live: [Bool]
    public var stateCount: Int { accepting.count }

    /// The automaton is larger than the validator is willing to build.
    public struct TooLarge: Error {}

    static let stateLimit = 20_000

    /// The strings matched by `regex` under search semantics (the pattern may match anywhere unless
    /// anchored), i.e. the request paths a regex source takes.
    public init(searching regex: PortableRegex, foldCase: Bool = false) throws {
        try self.init(nfa: NFA(regex.root, search: true, foldCase: foldCase))
    }

    /// The strings `node` matches as a whole.
    init(wholeMatch node: RegexNode, foldCase: Bool = false) throws {
        try self.init(nfa: NFA(node, search: false, foldCase: foldCase))
    }

    /// Exactly one string.
    public init(literal bytes: [UInt8], foldCase: Bool = false) {
        try! self.init(wholeMatch: .concat(bytes.map { .bytes(ByteSet([$0])) }), foldCase: foldCase)
    }

    /// Subset construction. NFA states are paired with a position flag — 0: nothing read yet,
    /// 1: something read, 2: `$` passed (nothing more may be read) — so anchors are exact.
    init(nfa: NFA) throws {
        if nfa.overflow { throw TooLarge() }
        let (classOf, classCount, reps) = ByteClasses.partition(nfa.byteSets)
        self.classOf = classOf
        self.classCount = classCount
        func closure(_ seeds: [Int32]) -> [Int32] {
            var seen = Set(seeds)
            var stack = seeds
            while let s = stack.popLast() {
                let state = Int(s) / 3
                let flag = Int(s) % 3
                for m in nfa.moves[state] {
                    var target: Int32 = -1
                    switch m {
                    case .epsilon(let t): target = Int32(t * 3 + flag)
                    case .startAnchor(let t): if flag == 0 { target = Int32(t * 3) }
                    case .endAnchor(let t): target = Int32(t * 3 + 2)
                    case .byte: break
                    }
                    if target >= 0, seen.insert(target).inserted { stack.append(target) }
                }
            }
            return seen.sorted()
        }
        var index: [[Int32]: Int32] = [:]
        var sets: [[Int32]] = []
        var next: [Int32] = []
        var accepting: [Bool] = []
        let startSet = closure([Int32(nfa.start * 3)])
        index[startSet] = 0
        sets.append(startSet)
        var k = 0
        while k < sets.count {
            let current = sets[k]
            accepting.append(current.contains { Int($0) / 3 == nfa.accept })
            for c in 0..<classCount {
                let b = reps[c]
                var moved: [Int32] = []
                for s in current where s % 3 != 2 {
                    for m in nfa.moves[Int(s) / 3] {
                        if case .byte(let set, let t) = m, set.contains(b) { moved.append(Int32(t * 3 + 1)) }
                    }
                }
                if moved.isEmpty {
                    next.append(-1)
                    continue
                }
                let target = closure(moved)
                if let id = index[target] {
                    next.append(id)
                } else {
                    guard sets.count < DFA.stateLimit else { throw TooLarge() }
                    let id = Int32(sets.count)
                    index[target] = id
                    sets.append(target)
                    next.append(id)
                }
            }
            k += 1
        }
        self.next = next
        self.accepting = accepting
        self.live = DFA.liveStates(next: next, accepting: accepting, classCount: classCount)
    }

    private static func liveStates(next: [Int32], accepting: [Bool], classCount: Int) -> [Bool] {
        let n = accepting.count
        var reverse = [[Int32]](repeating: [], count: n)
        for s in 0..<n {
            for c in 0..<classCount {
                let t = next[s * classCount + c]
                if t >= 0 { reverse[Int(t)].append(Int32(s)) }
            }
        }
        var live = accepting
        var stack = (0..<n).filter { accepting[$0] }
        while let s = stack.popLast() {
            for p in reverse[s] where !live[Int(p)] {
                live[Int(p)] = true
                stack.append(Int(p))
            }
        }
        return live
    }

    /// The state after reading `b` from `state` (-1 is the dead state and stays dead).
    @inline(__always) func step(_ state: Int32, _ b: UInt8) -> Int32 {
        state < 0 ? -1 : next[Int(state) * classCount + Int(classOf[Int(b)])]
    }

    func isAccepting(_ state: Int32) -> Bool { state >= 0 && accepting[Int(state)] }
    func isLive(_ state: Int32) -> Bool { state >= 0 && live[Int(state)] }

    /// Whether the whole of `bytes` is in the language.
    public func accepts<S: Sequence>(_ bytes: S) -> Bool where S.Element == UInt8 {
        var s: Int32 = 0
        for b in bytes {
            s = step(s, b)
            if s < 0 { return false }
        }
        return isAccepting(s)
    }

    public var isEmpty: Bool { !live[0] }

    /// A cheap sufficient test that two languages are disjoint: along the bytes both must begin
    /// with, the first position where their next possible bytes share nothing.
    func firstBytesDisjoint(_ other: DFA, depth: Int = 64) -> Bool {
        var a: Int32 = 0
        var b: Int32 = 0
        for _ in 0..<depth {
            var common: UInt8? = nil
            var commonCount = 0
            for byte in 0..<256 {
                let x = step(a, UInt8(byte))
                let y = other.step(b, UInt8(byte))
                if isLive(x) && other.isLive(y) {
                    commonCount += 1
                    if commonCount > 1 { return false }
                    common = UInt8(byte)
                }
            }
            // Both may also end here: not disjoint unless one cannot.
            if isAccepting(a) && other.isAccepting(b) { return false }
            guard let c = common else { return true }
            a = step(a, c)
            b = other.step(b, c)
        }
        return false
    }
}

/// Splits the 256 bytes into classes that no given set distinguishes.
enum ByteClasses {
    /// Readable bytes first, so witnesses read like real paths.
    static let preference: [UInt8] = {
        var order: [UInt8] = Array(0x61...0x7a) + Array(0x30...0x39) + Array(0x41...0x5a) + Array("-_./~".utf8)
        let seen = Set(order)
        order += (0...255).map { UInt8($0) }.filter { !seen.contains($0) && $0 > 0x20 && $0 < 0x7f }
        order += (0...255).map { UInt8($0) }.filter { !seen.contains($0) && ($0 <= 0x20 || $0 >= 0x7f) }
        return order
    }()

    /// Returns byte → class, the class count and a representative byte per class.
    static func partition(_ sets: [ByteSet]) -> ([UInt8], Int, [UInt8]) {
        var classOf = [Int](repeating: 0, count: 256)
        var count = 1
        var seenSets = Set<ByteSet>()
        var remap = [Int](repeating: -1, count: 512)
        for set in sets where seenSets.insert(set).inserted {
            for k in 0..<(count * 2) { remap[k] = -1 }
            var newCount = 0
            for b in 0..<256 {
                let key = classOf[b] * 2 + (set.contains(UInt8(b)) ? 1 : 0)
                if remap[key] < 0 {
                    remap[key] = newCount
                    newCount += 1
                }
                classOf[b] = remap[key]
            }
            count = newCount
        }
        var reps = [UInt8](repeating: 0, count: count)
        var have = [Bool](repeating: false, count: count)
        for b in preference where !have[classOf[Int(b)]] {
            reps[classOf[Int(b)]] = b
            have[classOf[Int(b)]] = true
        }
        return (classOf.map { UInt8($0) }, count, reps)
    }
}
