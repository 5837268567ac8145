/// Building witness requests: a path a rule takes, with chosen capture values, that no earlier
/// rule takes first.
extension ValidationContext {
    /// A request path (and query) that rule `a` takes and whose captures hold `values`; it avoids
    /// paths that earlier rules take first, and the paths in `avoiding` (already tried).
    func sourceRequest(_ a: Int, values: [TargetShape.Capture: [UInt8]], avoiding: [DFA] = []) -> (String, String?)? {
        let rule = rules[a]
        let query = values[.query].map { String(decoding: $0, as: UTF8.self) }
        if let p = values[.path] { return (String(decoding: p, as: UTF8.self), query) }
        switch rule.source.kind {
        case .exact(let p): return (p, query)
        case .prefix(let p):
            if let s = values[.splat] { return (p + String(decoding: s, as: UTF8.self), query) }
            return (shortestPath(a, node: nil, avoiding: avoiding) ?? (avoiding.isEmpty ? p : nil)).map { ($0, query) }
        case .regex(let r):
            var groups: [Int: [UInt8]] = [:]
            for (k, v) in values { if case .group(let n) = k { groups[n] = v } }
            let node = PathLanguages.substitute(r.root, groups)
            return shortestPath(a, node: node, avoiding: avoiding).map { ($0, query) }
        }
    }

    /// The shortest path in rule `a`'s source (or in `node` searched as a regex) not taken by an
    /// earlier rule that takes everything it matches.
    func shortestPath(_ a: Int, node: RegexNode?, avoiding: [DFA] = []) -> String? {
        let rule = rules[a]
        let dfa: DFA?
        if let node { dfa = try? DFA(nfa: NFA(node, search: true, foldCase: languages.foldCase)) } else { dfa = languages.source(a) }
        guard let dfa else { return nil }
        var takers: [DFA] = []
        let head: [UInt8]
        switch rule.source.kind {
        case .exact(let p), .prefix(let p): head = Array(p.utf8)
        case .regex(let r): head = r.literalPrefix
        }
        for c in index.candidates(head: head) where c < a {
            if RuleFacts.takesAll(
                rules[c], methods: MethodSet(rule.methods), host: rule.host, scheme: rule.scheme, window: (rule.starts, rule.expires),
                site: ruleSet.site),
                let d = languages.source(c)
            {
                takers.append(d)
            }
            if takers.count > 32 { break }
        }
        if case .witness(let w) = LanguageSearch.shortest(must: [dfa, PathLanguages.pathAlphabet], mustNot: takers + avoiding) {
            return String(decoding: w, as: UTF8.self)
        }
        return nil
    }

}
