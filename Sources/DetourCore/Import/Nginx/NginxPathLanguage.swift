/// The set of request paths a location or a rule source takes, as an automaton, so the importer
/// can ask whether two of them share a path (and name one) instead of guessing from prefixes.
enum NginxPathLanguage {
    static func of(_ kind: NginxLocation.Kind) -> DFA? {
        switch kind {
        case .exact(let e): return DFA(literal: Array(e.utf8))
        case .prefix(let p, _): return prefix(p)
        case .regex(let r?, _, _): return try? DFA(searching: r)
        case .regex, .named: return nil
        }
    }

    static func of(_ source: Source) -> DFA? {
        switch source.kind {
        case .exact(let e): return DFA(literal: Array(e.utf8))
        case .prefix(let p): return prefix(p)
        case .regex(let r): return try? DFA(searching: r)
        }
    }

    static func prefix(_ p: String) -> DFA? {
        guard let r = try? PortableRegex("^" + NginxRegex.escaped(p)) else { return nil }
        return try? DFA(searching: r)
    }

    /// A path both take; "" when unsure (an automaton too large, a regex Detour cannot read), nil
    /// when none exists.
    static func sharedPath(_ a: DFA?, _ b: DFA?) -> String? {
        guard let a, let b else { return "" }
        switch LanguageSearch.shortest(must: [a, b]) {
        case .witness(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .empty: return nil
        case .inconclusive: return ""
        }
    }
}
