/// The hosts a `Location` may point at without being an open redirect — the site's own and the
/// allowed external ones — as an automaton over host bytes, so the same judgement serves literal
/// targets and the symbolic walk over everything a placeholder can produce.
public struct TrustedHosts: Sendable {
    let dfa: DFA
    public let patterns: [HostPattern]

    public init(site: SiteSettings) {
        self.init(patterns: site.hosts + site.allow)
    }

    public init(patterns: [HostPattern]) {
        self.patterns = patterns
        let label: RegexNode = .repetition(.bytes(TrustedHosts.labelBytes), min: 1, max: nil)
        let dot: RegexNode = .bytes(ByteSet([0x2e]))
        var alts: [RegexNode] = []
        for p in patterns {
            switch p {
            case .exact(let h):
                alts.append(.concat(TrustedHosts.literal(TrustedHosts.stripPort(h)) + [.repetition(dot, min: 0, max: 1)]))
            case .suffix(let s):
                let sub: RegexNode = .concat([label, .repetition(.concat([dot, label]), min: 0, max: nil), dot])
                alts.append(.concat([sub] + TrustedHosts.literal(TrustedHosts.stripPort(s)) + [.repetition(dot, min: 0, max: 1)]))
            }
        }
        // With no hosts nothing is trusted: an absolute target then always leaves the site.
        let node: RegexNode = alts.isEmpty ? .bytes(ByteSet()) : .alternation(alts)
        dfa = (try? DFA(wholeMatch: node, foldCase: true)) ?? DFA(literal: [])
    }

    /// Letters, digits, `-` and `_`: a look-alike built from other bytes (IDNA tricks, `%2e`) is
    /// not trusted, whatever some client may map it to.
    static let labelBytes: ByteSet = ByteSet(range: 0x30...0x39) ∪ ByteSet(range: 0x41...0x5a) ∪ ByteSet(range: 0x61...0x7a) ∪ ByteSet([0x2d, 0x5f])

    static func literal(_ s: String) -> [RegexNode] { s.utf8.map { .bytes(ByteSet([$0])) } }

    static func stripPort(_ h: String) -> String {
        if !h.hasPrefix("["), let colon = h.lastIndex(of: ":") { return String(h[..<colon]) }
        return h
    }

    /// Whether a host name (without port) is trusted.
    public func contains(_ host: String) -> Bool { dfa.accepts(host.utf8) }
}
