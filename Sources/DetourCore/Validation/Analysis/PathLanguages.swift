/// The regular languages behind rules: the request paths a source takes, and the strings each
/// target placeholder can produce. Built from the portable-regex AST (DESIGN §5: both sides are
/// regular in the portable subset), cached per rule.
final class PathLanguages {
    let set: RuleSet
    let foldCase: Bool
    let foldSlash: Bool
    private var sources: [Int: DFA?] = [:]

    init(_ set: RuleSet) {
        self.set = set
        foldCase = set.site.pathCase == .insensitive
        foldSlash = set.site.trailingSlash == .fold
    }

    /// Bytes a request path can hold as sent (no controls, space, `?` or `#`).
    static let pathByte: ByteSet = {
        var s = ByteSet(range: 0x21...0xff)
        s.remove(0x7f)
        s.remove(0x3f)
        s.remove(0x23)
        return s
    }()
    /// Bytes a query string can hold.
    static let queryByte: ByteSet = {
        var s = ByteSet(range: 0x21...0xff)
        s.remove(0x7f)
        s.remove(0x23)
        return s
    }()

    static let anyPath: RegexNode = .repetition(.bytes(pathByte), min: 0, max: nil)
    static let pathAlphabet: DFA = try! DFA(wholeMatch: .concat([.bytes(ByteSet([0x2f])), anyPath]))

    static func literal(_ bytes: [UInt8]) -> RegexNode { .concat(bytes.map { .bytes(ByteSet([$0])) }) }

    /// The regex node of the paths a source takes (whole-string semantics; regexes are wrapped so
    /// that they may match anywhere unless anchored).
    func sourceNode(_ rule: Rule) -> (RegexNode, search: Bool) {
        switch rule.source.kind {
        case .exact(let p):
            let bytes = Array(p.utf8)
            if foldSlash, bytes.count > 1 {
                let base = bytes.last == 0x2f ? Array(bytes.dropLast()) : bytes
                return (.concat([PathLanguages.literal(base), .repetition(.bytes(ByteSet([0x2f])), min: 0, max: 1)]), false)
            }
            return (PathLanguages.literal(bytes), false)
        case .prefix(let p):
            return (.concat([PathLanguages.literal(Array(p.utf8)), PathLanguages.anyPath]), false)
        case .regex(let r):
            return (r.root, true)
        }
    }

    /// The DFA of the paths rule `i` takes; nil when too large to build.
    func source(_ i: Int) -> DFA? {
        if let cached = sources[i] { return cached }
        let (node, search) = sourceNode(set.rules[i])
        let dfa = search ? try? DFA(nfa: NFA(node, search: true, foldCase: foldCase)) : try? DFA(wholeMatch: node, foldCase: foldCase)
        sources[i] = dfa
        return dfa
    }

    /// The sub-language of a capturing group: what `$n` can hold.
    static func groupNode(_ root: RegexNode, _ n: Int) -> RegexNode? {
        switch root {
        case .group(let inner, let c):
            if c == n { return stripAnchors(inner) }
            return groupNode(inner, n)
        case .concat(let parts), .alternation(let parts):
            for p in parts { if let g = groupNode(p, n) { return g } }
            return nil
        case .repetition(let inner, _, _): return groupNode(inner, n)
        default: return nil
        }
    }

    static func stripAnchors(_ node: RegexNode) -> RegexNode {
        switch node {
        case .startAnchor, .endAnchor: return .empty
        case .concat(let p): return .concat(p.map(stripAnchors))
        case .alternation(let p): return .alternation(p.map(stripAnchors))
        case .group(let i, let c): return .group(stripAnchors(i), capture: c)
        case .repetition(let i, let lo, let hi): return .repetition(stripAnchors(i), min: lo, max: hi)
        default: return node
        }
    }

    /// Replaces the listed groups by fixed text (used to build a request whose captures are given).
    static func substitute(_ node: RegexNode, _ values: [Int: [UInt8]]) -> RegexNode {
        switch node {
        case .group(let inner, let c):
            if let c, let v = values[c] { return .group(literal(v), capture: c) }
            return .group(substitute(inner, values), capture: c)
        case .concat(let p): return .concat(p.map { substitute($0, values) })
        case .alternation(let p): return .alternation(p.map { substitute($0, values) })
        case .repetition(let i, let lo, let hi): return .repetition(substitute(i, values), min: lo, max: hi)
        default: return node
        }
    }
}
