/// Header, cookie and query values that satisfy a list of `when` conditions together — one rule's,
/// or two rules' along a redirect — found over the conditions' languages, so two rules that ask for
/// different values of the same header are never reported as a chain or loop (issue #14 item 3).
struct ConditionWitness {
    var headers: [HTTPRequest.HeaderField] = []
    var cookies: [(String, String)] = []
    var query: [(String, String)] = []

    /// Bytes a witness value may hold: visible ASCII that ends no header, cookie or query pair.
    static let valueLanguage: DFA = {
        var s = ByteSet(range: 0x21...0x7e)
        for b in ";,&=#\"\\".utf8 { s.remove(b) }
        return try! DFA(wholeMatch: .repetition(.bytes(s), min: 0, max: nil))
    }()

    /// Values meeting every condition, nil when some name is asked for values no string has.
    static func satisfying(_ conditions: [Condition]) -> ConditionWitness? {
        var out = ConditionWitness()
        var groups: [(kind: Condition.Kind, name: String, values: [ConditionValue])] = []
        for c in conditions {
            let same: (Condition.Kind, String) -> Bool = { k, n in
                k == c.kind && (c.kind == .header ? n.lowercased() == c.name.lowercased() : n == c.name)
            }
            if let g = groups.firstIndex(where: { same($0.kind, $0.name) }) {
                groups[g].values.append(c.value)
            } else {
                groups.append((c.kind, c.name, [c.value]))
            }
        }
        for g in groups {
            guard let value = value(meeting: g.values) else { return nil }
            switch g.kind {
            case .header: out.headers.append(.init(g.name, value))
            case .cookie: out.cookies.append((g.name, value))
            case .query: out.query.append((g.name, value))
            }
        }
        return out
    }

    /// The shortest value every constraint accepts ("1" when any value will do).
    static func value(meeting values: [ConditionValue]) -> String? {
        var dfas: [DFA] = []
        for v in values {
            switch v {
            case .present: continue
            case .exact(let e): dfas.append(DFA(literal: Array(e.utf8)))
            case .regex(let r):
                guard let d = try? DFA(searching: r) else { return nil }
                dfas.append(d)
            }
        }
        if dfas.isEmpty { return "1" }
        // An exact value is taken as written, whatever bytes it holds.
        if case .exact(let e)? = values.first(where: { if case .exact = $0 { return true } else { return false } }) {
            return dfas.allSatisfy { $0.accepts(Array(e.utf8)) } ? e : nil
        }
        guard case .witness(let w) = LanguageSearch.shortest(must: dfas + [valueLanguage]) else { return nil }
        return String(decoding: w, as: UTF8.self)
    }

    /// Adds the values to a request (query pairs after any it has).
    func apply(to req: inout HTTPRequest) {
        for h in headers where req.header(h.name) == nil { req.headers.append(h) }
        let missingCookies = cookies.filter { req.cookie($0.0) == nil }
        if !missingCookies.isEmpty { req.headers.append(.init("Cookie", missingCookies.map { $0.0 + "=" + $0.1 }.joined(separator: "; "))) }
        let missingQuery = query.filter { FirstMatchEvaluator.queryValue($0.0, req.query) == nil }
        if !missingQuery.isEmpty {
            let pairs = missingQuery.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
            req.query = req.query.map { $0.isEmpty ? pairs : $0 + "&" + pairs } ?? pairs
        }
    }
}
