/// A regular expression in Detour's portable subset (DESIGN §2.3), parsed into an AST so that every
/// part of Detour — matcher, validator, exporters — works from the same structure instead of
/// handing the text to an engine whose dialect might differ from the server's.
public struct PortableRegex: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written (without Detour's `~` marker).
    public let pattern: String
    public let root: RegexNode
    /// Number of capturing groups, numbered left to right by their opening parenthesis.
    public let groupCount: Int

    public var description: String { pattern }

    /// Parses `pattern`; throws `RegexSyntaxError` naming the construct outside the subset and the
    /// character offset where it starts.
    public init(_ pattern: String) throws {
        var parser = RegexParser(pattern)
        let root = try parser.parse()
        self.pattern = pattern
        self.root = root
        self.groupCount = parser.groupCount
        literalPrefix = root.isAnchoredAtStart ? root.literalPrefixAfterAnchor() : []
    }

    /// The character range of every quantified atom (`(a+)+` → `a+`, then `(a+)+`), in post-order:
    /// inner repetitions before the one that contains them, left before right. Parsed again on
    /// demand so that the regexes of a large rule set carry no positions they rarely need.
    public var repetitionSpans: [Range<Int>] {
        var parser = RegexParser(pattern)
        _ = try? parser.parse()
        return parser.repetitionSpans
    }

    /// A regex built by Detour rather than parsed (it has no pattern text and no groups).
    init(root: RegexNode) {
        pattern = ""
        self.root = root
        groupCount = 0
        literalPrefix = root.isAnchoredAtStart ? root.literalPrefixAfterAnchor() : []
    }

    public static func == (a: PortableRegex, b: PortableRegex) -> Bool { a.pattern == b.pattern }
    public func hash(into h: inout Hasher) { h.combine(pattern) }

    /// Whether the pattern begins with `^` on every alternative (the usual form for path rules).
    public var isAnchoredAtStart: Bool { root.isAnchoredAtStart }

    /// The literal bytes every match must begin with when the pattern is anchored at the start
    /// (used by indexes and exporters to group regexes behind literal prefixes). Kept, not
    /// recomputed: the loop and shadow analysis asks for it for every pair of rules it looks at.
    public let literalPrefix: [UInt8]
}

/// One node of a portable regex.
public indirect enum RegexNode: Sendable, Hashable {
    case empty
    case bytes(ByteSet)
    case concat([RegexNode])
    case alternation([RegexNode])
    /// A group; `capture` is its 1-based number, nil for `(?: )`.
    case group(RegexNode, capture: Int?)
    /// `min`…`max` repetitions, `max` nil for unbounded.
    case repetition(RegexNode, min: Int, max: Int?)
    case startAnchor
    case endAnchor

    var isAnchoredAtStart: Bool {
        switch self {
        case .startAnchor: return true
        case .concat(let parts): return parts.first?.isAnchoredAtStart ?? false
        case .alternation(let alts): return !alts.isEmpty && alts.allSatisfy { $0.isAnchoredAtStart }
        case .group(let inner, _): return inner.isAnchoredAtStart
        default: return false
        }
    }

    func literalPrefixAfterAnchor() -> [UInt8] {
        guard case .concat(let parts) = self, parts.first == .startAnchor else { return [] }
        var out: [UInt8] = []
        for p in parts.dropFirst() {
            if case .bytes(let s) = p, let b = s.single { out.append(b) } else { break }
        }
        return out
    }
}

/// A pattern outside the portable subset or malformed; `offset` counts characters from the
/// pattern's start.
public struct RegexSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { message }
}
