/// Precedence facts (DT040, DT041): rules that repeat an earlier one, and rules every request of
/// which an earlier rule takes first. A rule with a rollout below 100 %, conditions, a narrower
/// method list or a narrower window takes only some requests, so it shadows nothing.
final class ShadowAnalysis {
    struct Duplicate {
        let rule: Int
        let first: Int
    }
    struct Shadowed {
        let rule: Int
        let by: [Int]
        let witness: String?
    }

    private(set) var duplicates: [Duplicate] = []
    private(set) var shadowed: [Shadowed] = []

    struct Key: Hashable {
        let host: HostPattern?
        let scheme: String?
        let source: Source.Kind
        let query: [Condition]
        let methods: [String]?
        let conditions: [Condition]
        let rollout: Rollout?
        let starts: Timestamp?
        let expires: Timestamp?
    }

    init(_ context: ValidationContext) {
        let rules = context.rules
        let site = context.ruleSet.site
        // Rules are bucketed by a hash of their source text first; the full key is only built when
        // two sources collide, which keeps a 10⁶-rule map cheap.
        var firstBySource = FirstSlots(capacity: rules.count)
        var keyed: [UInt64: [(Key, Int)]] = [:]
        func key(_ r: Rule) -> Key {
            Key(
                host: r.host, scheme: r.scheme, source: r.source.kind, query: ShadowAnalysis.canonical(r.source.query),
                methods: r.methods.map { $0.count > 1 ? Array(Set($0)).sorted() : $0 },
                conditions: ShadowAnalysis.canonical(r.conditions), rollout: r.rollout, starts: r.starts, expires: r.expires)
        }
        var isDuplicate = [Bool](repeating: false, count: rules.count)
        for i in rules.indices where rules[i].enabled {
            let h = rules[i].source.storedText.withUTF8 { RuleIndex.hash($0) }
            guard let f = firstBySource.insertOrFirst(h, Int32(i)) else { continue }
            if keyed[h] == nil { keyed[h] = [(key(rules[Int(f)]), Int(f))] }
            let k = key(rules[i])
            if let first = keyed[h]!.first(where: { $0.0 == k }) {
                duplicates.append(Duplicate(rule: i, first: first.1))
                isDuplicate[i] = true
            } else {
                keyed[h]!.append((k, i))
            }
        }
        let live = context.live
        // Most exact rules are alone at their path: settle that before touching anything else, on
        // every core (the lookup only reads the built index).
        let index = context.index
        let alone = Parallel.flags(count: rules.count, workers: context.workers) { b in
            guard let p = rules[b].source.exactPath, !p.contains(byte: 0x25), site.trailingSlash == .exact else { return false }
            return p.withUTF8 { index.candidates(path: $0) }.first.map { $0 >= b } ?? true
        }
        for b in rules.indices where live[b] && !isDuplicate[b] && !alone[b] {
            let rule = rules[b]
            let methods = MethodSet(rule.methods)
            let window = (rule.starts, rule.expires)
            func takes(_ c: Int) -> Bool {
                c < b && RuleFacts.takesAll(rules[c], methods: methods, host: rule.host, scheme: rule.scheme, window: window, site: site)
            }
            switch rule.source.kind {
            case .exact(let p):
                let cands = context.index.candidates(path: FirstMatchEvaluator.normalizedPath(p))
                guard cands.first.map({ $0 < b }) ?? false else { continue }
                let path = FirstMatchEvaluator.normalizedPath(p)
                if site.trailingSlash == .fold {
                    // With folding the rule takes two spellings; let the language test decide.
                    analyse(b, context, cands.filter(takes))
                } else if let c = cands.first(where: { takes($0) && context.evaluator.matchPath(rules[$0].source, path) != nil }) {
                    shadowed.append(Shadowed(rule: b, by: [c], witness: p))
                }
            case .prefix(let p):
                // The rule takes the bare prefix itself (empty splat); unless an earlier rule takes
                // that path too, nothing can cover the rule — and that earlier rule is found by a
                // plain lookup, before the costlier search for rules under the prefix.
                let bare = FirstMatchEvaluator.normalizedPath(p)
                guard
                    context.index.candidates(path: bare).contains(where: { takes($0) && context.evaluator.matchPath(rules[$0].source, bare) != nil })
                else { continue }
                let cands = context.index.candidates(head: Array(p.utf8)).filter(takes)
                if cands.isEmpty { continue }
                if let c = cands.first(where: {
                    if case .prefix(let q) = rules[$0].source.kind { return p.hasPrefix(q) && context.languages.foldCase == false }
                    return false
                }) {
                    shadowed.append(Shadowed(rule: b, by: [c], witness: p))
                } else {
                    analyse(b, context, cands)
                }
            case .regex(let r):
                let cands = context.index.candidates(head: r.literalPrefix).filter(takes)
                if !cands.isEmpty { analyse(b, context, cands) }
            }
        }
    }

    /// Conditions in a fixed order, so two rules listing the same ones differently compare equal.
    static func canonical(_ c: [Condition]) -> [Condition] {
        c.count > 1 ? c.sorted { ($0.kind.rawValue, $0.name, $0.value.description) < ($1.kind.rawValue, $1.name, $1.value.description) } : c
    }

    /// Language inclusion: the rule's paths minus those of the earlier takers.
    private func analyse(_ b: Int, _ context: ValidationContext, _ takers: [Int]) {
        guard let sb = context.languages.source(b) else { return }
        var covering: [(Int, DFA)] = []
        for c in takers.prefix(64) {
            guard let sc = context.languages.source(c) else { continue }
            if sb.firstBytesDisjoint(sc) { continue }
            if case .witness = LanguageSearch.shortest(must: [sb, sc, PathLanguages.pathAlphabet]) { covering.append((c, sc)) }
        }
        guard !covering.isEmpty else { return }
        if LanguageSearch.difference(sb, minus: covering.map(\.1), alsoIn: [PathLanguages.pathAlphabet]) == .empty {
            let w: String?
            if case .witness(let bytes) = LanguageSearch.shortest(must: [sb, PathLanguages.pathAlphabet]) {
                w = String(decoding: bytes, as: UTF8.self)
            } else {
                w = nil
            }
            shadowed.append(Shadowed(rule: b, by: covering.map(\.0), witness: w))
        }
    }
}
