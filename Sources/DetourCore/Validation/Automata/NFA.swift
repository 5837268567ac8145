/// A Thompson automaton over bytes built from a portable-regex AST. Anchors are kept as guarded
/// epsilon moves so that `DFA` can decide them by position, which makes the language exact
/// (`^` only before any byte, `$` only after the last).
struct NFA {
    enum Move {
        case epsilon(Int)
        case byte(ByteSet, Int)
        case startAnchor(Int)
        case endAnchor(Int)
    }

    private(set) var moves: [[Move]] = []
    var start = 0
    var accept = 0
    /// Set when nested counted repetitions would need more states than `stateLimit`; the
    /// automaton is then incomplete and `DFA` refuses it rather than answer wrongly.
    private(set) var overflow = false
    static let stateLimit = 50_000

    mutating func newState() -> Int {
        if moves.count >= NFA.stateLimit { overflow = true }
        moves.append([])
        return moves.count - 1
    }

    mutating func add(_ from: Int, _ move: Move) { moves[from].append(move) }

    /// Every byte set on a transition (the DFA's alphabet partition starts from these).
    var byteSets: [ByteSet] {
        var out: [ByteSet] = []
        for list in moves { for m in list { if case .byte(let s, _) = m { out.append(s) } } }
        return out
    }

    /// The language of `node` itself (a whole-string match), optionally surrounded by "any bytes"
    /// so that it is the set of strings in which the pattern can be *found* (search semantics).
    init(_ node: RegexNode, search: Bool, foldCase: Bool = false) {
        let s = newState()
        let a = newState()
        start = s
        accept = a
        var from = s
        if search {
            let loop = newState()
            add(from, .epsilon(loop))
            add(loop, .byte(.all, loop))
            from = loop
        }
        let end = build(node, from: from, foldCase: foldCase)
        if search {
            let loop = newState()
            add(end, .epsilon(loop))
            add(loop, .byte(.all, loop))
            add(loop, .epsilon(a))
        } else {
            add(end, .epsilon(a))
        }
    }

    /// Adds `node` starting at state `from`; returns the state reached after it.
    private mutating func build(_ node: RegexNode, from: Int, foldCase: Bool) -> Int {
        switch node {
        case .empty:
            return from
        case .bytes(let set):
            let to = newState()
            add(from, .byte(foldCase ? set.caseFolded : set, to))
            return to
        case .concat(let parts):
            var cur = from
            for p in parts { cur = build(p, from: cur, foldCase: foldCase) }
            return cur
        case .alternation(let alts):
            let join = newState()
            for alt in alts {
                let branch = newState()
                add(from, .epsilon(branch))
                let end = build(alt, from: branch, foldCase: foldCase)
                add(end, .epsilon(join))
            }
            return join
        case .group(let inner, _):
            return build(inner, from: from, foldCase: foldCase)
        case .repetition(let inner, let lo, let hi):
            if overflow { return from }
            var cur = from
            for _ in 0..<lo where !overflow { cur = build(inner, from: cur, foldCase: foldCase) }
            if let hi {
                let join = newState()
                add(cur, .epsilon(join))
                if hi > lo {
                    for _ in lo..<hi where !overflow {
                        let next = build(inner, from: cur, foldCase: foldCase)
                        add(next, .epsilon(join))
                        cur = next
                    }
                }
                return join
            }
            let loop = newState()
            add(cur, .epsilon(loop))
            let body = build(inner, from: loop, foldCase: foldCase)
            add(body, .epsilon(loop))
            return loop
        case .startAnchor:
            let to = newState()
            add(from, .startAnchor(to))
            return to
        case .endAnchor:
            let to = newState()
            add(from, .endAnchor(to))
            return to
        }
    }
}

extension ByteSet {
    /// The set with both cases of every ASCII letter in it (case-insensitive matching).
    var caseFolded: ByteSet {
        var out = self
        for b in UInt8(0x41)...UInt8(0x5a) where contains(b) || contains(b + 0x20) {
            out.insert(b)
            out.insert(b + 0x20)
        }
        return out
    }
}
