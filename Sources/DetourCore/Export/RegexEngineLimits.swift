/// What a target's regex engine cannot run, declared by each `ServerTarget` (`regexEngine`):
/// a backtracking engine (PCRE2, lighttpd's Lua matcher) gives up on or hangs at patterns that can
/// backtrack exponentially (DT071); an RE2-family engine (Go's `regexp` in Caddy and Traefik,
/// Google RE2 in Envoy) runs every pattern in linear time but refuses patterns whose counted
/// repetitions or compiled program are too large. Export refuses such rules with DT080.
public struct RegexEngineLimits: Sendable, Hashable {
    /// The engine, for messages (`PCRE2`, `Go regexp (RE2 syntax)`).
    public let engine: String
    /// What the server does on a pattern that backtracks exponentially, when the engine
    /// backtracks (`nginx answers 500: pcre2_match() error -47, match limit exceeded`); nil for
    /// engines that run in linear time.
    public let exponentialBacktracking: String?
    /// The largest product of nested repetition counts (Go: `x{1000}` but not `(x{2}){1000}`).
    public let maxRepeatProduct: Int?
    /// The largest compiled program, counted in instructions by `RegexProgramSize`.
    public let maxProgramSize: Int?

    public init(engine: String, exponentialBacktracking: String?, maxRepeatProduct: Int? = nil, maxProgramSize: Int? = nil) {
        self.engine = engine
        self.exponentialBacktracking = exponentialBacktracking
        self.maxRepeatProduct = maxRepeatProduct
        self.maxProgramSize = maxProgramSize
    }

    /// PCRE2 with its default match limit of 10^7 steps; `outcome` says what the server answers.
    public static func pcre2(_ outcome: String) -> RegexEngineLimits {
        RegexEngineLimits(engine: "PCRE2", exponentialBacktracking: outcome)
    }

    /// Go's `regexp` (Caddy, Traefik): `regexp/syntax` refuses a repetition whose count, multiplied
    /// by the counts of the repetitions around it, exceeds 1000 ("invalid repeat count"), and a
    /// program over 128 MiB of 40-byte instructions ("expression too large").
    public static let goRegexp = RegexEngineLimits(
        engine: "Go regexp (RE2 syntax)", exponentialBacktracking: nil, maxRepeatProduct: 1000, maxProgramSize: (128 << 20) / 40)

    /// Why `regex` cannot run on this engine, nil when it can. The first problem found is named
    /// with its place in the pattern.
    public func problem(with regex: PortableRegex) -> String? {
        if let outcome = exponentialBacktracking, let found = BacktrackingAnalysis.find(in: regex) {
            return "\(engine) backtracks exponentially on '\(found.construct)' (character \(found.span.lowerBound + 1), DT071): "
                + "for input like '\(found.prefix)\(found.pump)…\(found.suffix)' (the pump '\(found.pump)' repeated) \(outcome)"
        }
        if let limit = maxRepeatProduct, let (span, product) = RegexRepeatProduct.firstAbove(limit, in: regex) {
            let chars = Array(regex.pattern)
            let text = String(chars[span.clamped(to: 0..<chars.count)])
            return
                "\(engine) refuses '\(text)' (character \(span.lowerBound + 1)): nested repetition counts multiply to \(product), above its limit of \(limit)"
        }
        if let limit = maxProgramSize {
            let size = RegexProgramSize.instructions(regex.root, cap: limit + 1)
            if size > limit { return "\(engine) refuses the pattern: its compiled program has over \(limit) instructions" }
        }
        return nil
    }
}

/// The products of nested repetition counts, as Go's `regexp/syntax` judges them (`repeatIsValid`):
/// each counted or unbounded repetition counts its maximum (its minimum when unbounded; `*`, `+`
/// and `?` count 1), multiplied by the counts of the repetitions around it.
enum RegexRepeatProduct {
    static func firstAbove(_ limit: Int, in regex: PortableRegex) -> (span: Range<Int>, product: Int)? {
        var counter = 0
        var found: Int? = nil
        let product = visit(regex.root, outer: 1, limit: limit, counter: &counter, found: &found)
        guard let number = found, product > limit else { return nil }
        // Positions only for a refusal: parsing the pattern again is not paid by every regex rule.
        let spans = regex.repetitionSpans
        return (number < spans.count ? spans[number] : 0..<regex.pattern.count, product)
    }

    /// Walks in post-order so that `counter` numbers repetitions like `repetitionSpans`, and
    /// returns the largest product below `node`. `found` ends as the outermost counted repetition
    /// whose nesting goes over the limit, the one Go names in its error.
    private static func visit(_ node: RegexNode, outer: Int, limit: Int, counter: inout Int, found: inout Int?) -> Int {
        switch node {
        case .empty, .bytes, .startAnchor, .endAnchor: return outer
        case .concat(let parts), .alternation(let parts):
            return parts.reduce(outer) { Swift.max($0, visit($1, outer: outer, limit: limit, counter: &counter, found: &found)) }
        case .group(let inner, _): return visit(inner, outer: outer, limit: limit, counter: &counter, found: &found)
        case .repetition(let inner, let min, let max):
            let count = Swift.max(max ?? min, 1)
            let counted = (min <= 1 && (max == nil || max == 1)) ? 1 : count
            let product = Swift.min(outer * counted, limit * 1000 + 1)
            let deepest = Swift.max(product, visit(inner, outer: product, limit: limit, counter: &counter, found: &found))
            if counted > 1 && deepest > limit { found = counter }
            counter += 1
            return deepest
        }
    }
}

/// The size of a regex's compiled program in instructions, as RE2-family compilers count it
/// closely enough for their limits: one per byte set, one per alternative and loop, and counted
/// repetitions written out.
enum RegexProgramSize {
    static func instructions(_ node: RegexNode, cap: Int) -> Int {
        switch node {
        case .empty, .startAnchor, .endAnchor: return 1
        case .bytes: return 1
        case .concat(let parts): return Swift.min(cap, parts.reduce(0) { $0 + instructions($1, cap: cap) })
        case .alternation(let alts): return Swift.min(cap, alts.reduce(alts.count) { $0 + instructions($1, cap: cap) })
        case .group(let inner, _): return instructions(inner, cap: cap) + 2
        case .repetition(let inner, let min, let max):
            let body = instructions(inner, cap: cap) + 1
            return Swift.min(cap, body * Swift.max(1, max ?? (min + 1)))
        }
    }
}
