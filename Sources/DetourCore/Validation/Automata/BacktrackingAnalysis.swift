/// A repetition in a portable regex that a backtracking engine (PCRE2, lighttpd's Lua matcher)
/// can try in exponentially many ways: the loop can read the same text along two different paths
/// (`(a+)+`, `(a|a)*`, `(\w+\s?)+`), so every extra copy of `pump` doubles the work before a
/// failing input is given up. Detour's own matcher and RE2 run it in linear time.
public struct CatastrophicBacktracking: Sendable, Hashable {
    /// The repetition, as characters of the pattern.
    public let span: Range<Int>
    /// The pattern text of the repetition (`(a+)+`).
    public let construct: String
    /// A witness is `prefix`, `pump` repeated, then `suffix`: text the regex does not match, on
    /// which a backtracking engine tries at least 2^repeats paths before it says so.
    public let prefix: String
    public let pump: String
    public let suffix: String

    /// How often the witness repeats `pump`: 2^32 paths, far beyond PCRE2's default match limit
    /// of 10^7 (and Varnish's 10^4).
    public static let witnessRepeats = 32

    public var witness: String { prefix + String(repeating: pump, count: Self.witnessRepeats) + suffix }
}

/// Finds exponential backtracking in a portable regex: a loop the regex can go round in two
/// different ways while reading the same text (exponential degree of ambiguity). It builds the
/// position (Glushkov) automaton, counting how many ways each step can be taken, and looks for a
/// cycle in the automaton paired with itself that leaves the diagonal and comes back. Polynomial
/// backtracking (`\d+\d+`) is not reported; unambiguous patterns such as `([^/]+)/(.*)` or
/// `(\d+)/(\d+)` never are.
public enum BacktrackingAnalysis {
    /// The first catastrophic repetition of `regex`, nil when there is none.
    public static func find(in regex: PortableRegex) -> CatastrophicBacktracking? {
        guard RegexTree.mayBeAmbiguous(regex.root) else { return nil }
        var tree = RegexTree(regex.root, expandLimit: 256)
        if tree.positionCount > 256 { tree = RegexTree(regex.root, expandLimit: 0) }
        guard tree.positionCount <= 512 else { return nil }
        let automaton = PositionAutomaton(tree)
        guard let (state, pump) = automaton.ambiguousCycle() else { return nil }
        guard let prefix = automaton.shortestWord(to: state) else { return nil }
        // Counted repetitions written out can make a program of 10^6 instructions; the tree's
        // reading (x{1,1000} as x+) accepts more, so a witness it rejects the regex rejects too.
        let compiled = CompiledRegex(tree.isExact ? regex : tree.regex)
        let rest = automaton.shortestWordToAccept(from: state) ?? []
        for failing in failingBytes {
            for tail in [[failing] + rest, [failing], []] {
                let input = prefix + Array(repeating: pump, count: CatastrophicBacktracking.witnessRepeats).flatMap { $0 } + tail
                if !compiled.matches(input) {
                    let spans = regex.repetitionSpans
                    let loop = automaton.outermostLoop(of: state)
                    let span = loop.flatMap { $0 < spans.count ? spans[$0] : nil } ?? 0..<regex.pattern.count
                    let chars = Array(regex.pattern)
                    return CatastrophicBacktracking(
                        span: span, construct: String(chars[span.clamped(to: 0..<chars.count)]), prefix: text(prefix),
                        pump: text(pump), suffix: text(tail))
                }
            }
        }
        return nil
    }

    /// Bytes tried to make the witness fail, the ones a URL path carries without escaping first.
    static let failingBytes: [UInt8] = Array("!~-._,;=@0Az".utf8)

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}

/// The AST reduced to what ambiguity depends on: byte sets, concatenation, alternation and loops,
/// with counted repetitions expanded (x{2,3} = xx(x)?) while they stay small, otherwise read as
/// `x+`/`x*` (the same ambiguity for backtracking). Each loop keeps the index of its repetition
/// in post-order, to name it by its span.
struct RegexTree {
    indirect enum Node {
        case empty
        case position(Int)
        case concat([Node])
        case alternation([Node])
        /// `loop` is the repetition's post-order number; `optional` is x?, `star` is x*.
        case optional(Node)
        case star(Node, loop: Int)
        /// `^` or `$`: reads nothing, kept for the witness check.
        case anchor(RegexNode)
    }

    private(set) var root: Node = .empty
    private(set) var sets: [ByteSet] = []
    /// For each position, the loops around it, outermost first.
    private(set) var loops: [[Int]] = []
    var positionCount: Int { sets.count }
    /// Whether every counted repetition was written out (the tree reads what the regex reads).
    private(set) var isExact = true

    /// The tree as a regex (parsed from nothing: no pattern text), to test witnesses against.
    var regex: PortableRegex { PortableRegex(root: Self.regexNode(root, sets: sets)) }

    private static func regexNode(_ node: Node, sets: [ByteSet]) -> RegexNode {
        switch node {
        case .empty: return .empty
        case .position(let p): return .bytes(sets[p])
        case .concat(let parts): return .concat(parts.map { regexNode($0, sets: sets) })
        case .alternation(let alts): return .group(.alternation(alts.map { regexNode($0, sets: sets) }), capture: nil)
        case .optional(let inner): return .repetition(.group(regexNode(inner, sets: sets), capture: nil), min: 0, max: 1)
        case .star(let inner, _): return .repetition(.group(regexNode(inner, sets: sets), capture: nil), min: 0, max: nil)
        case .anchor(let a): return a
        }
    }

    init(_ node: RegexNode, expandLimit: Int) {
        var counter = 0
        let shape = Shape(node, counter: &counter)
        var stack: [Int] = []
        root = build(shape, expandLimit: expandLimit, loops: &stack)
    }

    /// Whether a loop contains an alternation or another repetition — the only shapes that can
    /// read the same text two ways inside a loop.
    static func mayBeAmbiguous(_ node: RegexNode, inLoop: Bool = false) -> Bool {
        switch node {
        case .empty, .bytes, .startAnchor, .endAnchor: return false
        case .concat(let parts): return parts.contains { mayBeAmbiguous($0, inLoop: inLoop) }
        case .alternation(let alts): return inLoop || alts.contains { mayBeAmbiguous($0, inLoop: inLoop) }
        case .group(let inner, _): return mayBeAmbiguous(inner, inLoop: inLoop)
        case .repetition(let inner, _, let max):
            if inLoop { return true }
            return mayBeAmbiguous(inner, inLoop: max == nil || max! > 1)
        }
    }

    /// The AST with repetitions numbered in post-order (the order of `PortableRegex.repetitionSpans`).
    private indirect enum Shape {
        case empty
        case bytes(ByteSet)
        case concat([Shape])
        case alternation([Shape])
        case repetition(Shape, min: Int, max: Int?, number: Int)
        case anchor(RegexNode)

        init(_ node: RegexNode, counter: inout Int) {
            switch node {
            case .empty: self = .empty
            case .startAnchor, .endAnchor: self = .anchor(node)
            case .bytes(let s): self = .bytes(s)
            case .concat(let parts): self = .concat(parts.map { Shape($0, counter: &counter) })
            case .alternation(let alts): self = .alternation(alts.map { Shape($0, counter: &counter) })
            case .group(let inner, _): self = Shape(inner, counter: &counter)
            case .repetition(let inner, let min, let max):
                let body = Shape(inner, counter: &counter)
                self = .repetition(body, min: min, max: max, number: counter)
                counter += 1
            }
        }
    }

    private mutating func build(_ shape: Shape, expandLimit: Int, loops stack: inout [Int]) -> Node {
        switch shape {
        case .empty: return .empty
        case .anchor(let a): return .anchor(a)
        case .bytes(let s):
            sets.append(s)
            loops.append(stack)
            return .position(sets.count - 1)
        case .concat(let parts): return .concat(parts.map { build($0, expandLimit: expandLimit, loops: &stack) })
        case .alternation(let alts): return .alternation(alts.map { build($0, expandLimit: expandLimit, loops: &stack) })
        case .repetition(let body, let min, let max, let number):
            let expands = max.map { $0 * Self.size(body) <= expandLimit } ?? (min * Self.size(body) <= expandLimit)
            if !expands { isExact = false }
            let copies = expands ? min : Swift.min(min, 1)
            var parts: [Node] = []
            for _ in 0..<copies { parts.append(build(body, expandLimit: expandLimit, loops: &stack)) }
            if let max, expands || max <= 1 {
                // Nested optionals, as the matchers compile them: x{0,3} = (x(x(x)?)?)?.
                var tail: Node = .empty
                var optional: [Node] = []
                for _ in min..<max { optional.append(build(body, expandLimit: expandLimit, loops: &stack)) }
                for part in optional.reversed() { tail = .optional(.concat([part, tail])) }
                parts.append(tail)
            } else {
                stack.append(number)
                parts.append(.star(build(body, expandLimit: expandLimit, loops: &stack), loop: number))
                stack.removeLast()
            }
            return .concat(parts)
        }
    }

    private static func size(_ shape: Shape) -> Int {
        switch shape {
        case .empty, .anchor: return 0
        case .bytes: return 1
        case .concat(let parts), .alternation(let parts): return parts.reduce(0) { $0 + size($1) }
        case .repetition(let body, let min, let max, _): return size(body) * Swift.max(1, max ?? min)
        }
    }
}
