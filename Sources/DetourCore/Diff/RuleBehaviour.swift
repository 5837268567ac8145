/// Everything of a rule that decides what its first hop does and to which requests: two rules with
/// equal behaviour answer the same requests the same way, whatever their ids, notes, tags, owners,
/// examples, spelling or file format.
struct RuleBehaviour: Hashable {
    let source: Source.Kind
    let host: HostPattern?
    let scheme: String?
    let methods: [String]?
    let conditions: [Condition]
    /// nil for a full rollout; a partial one keeps its effective salt, which decides the clients.
    let rollout: Rollout?
    let salt: String?
    let starts: Timestamp?
    let expires: Timestamp?
    let target: Target
    let code: StatusCode
    let cache: CachePolicy
    let query: QueryMode

    init(_ rule: Rule) {
        source = rule.source.kind
        host = rule.host
        scheme = rule.scheme
        methods = rule.methods.map { Array(Set($0.map { $0.uppercased() })).sorted() }
        conditions = ShadowAnalysis.canonical(rule.allConditions)
        rollout = rule.isFullRollout ? nil : rule.rollout
        salt = rule.isFullRollout ? nil : rule.rolloutSalt
        starts = rule.starts
        expires = rule.expires
        target = rule.target
        code = rule.code
        cache = rule.cache
        query = rule.query
    }

    /// Whether the two rules send the same response to every request both take: same code, cache
    /// and target, and the target reads no capture (captures of different sources may differ).
    func respondsLike(_ other: RuleBehaviour) -> Bool {
        guard code == other.code, cache == other.cache, query == other.query, target == other.target else { return false }
        return source == other.source || !target.readsCaptures
    }

    /// What changed from `old` to this, the most telling first.
    func changes(from old: RuleBehaviour) -> [DiffChangeKind] {
        var kinds: [DiffChangeKind] = []
        if target != old.target || query != old.query { kinds.append(.retargeted) }
        if code != old.code { kinds.append(.codeChanged) }
        if cache != old.cache { kinds.append(.cacheChanged) }
        if starts != old.starts || expires != old.expires { kinds.append(.windowChanged) }
        if rollout != old.rollout || salt != old.salt { kinds.append(.rolloutChanged) }
        if source != old.source || host != old.host || scheme != old.scheme || methods != old.methods || conditions != old.conditions {
            kinds.append(.matchChanged)
        }
        return kinds
    }
}

extension Target {
    /// Whether the target reads a capture (`*` or `$n`), whose value depends on the rule's source.
    var readsCaptures: Bool {
        parts.contains {
            switch $0 {
            case .splat, .group: return true
            default: return false
            }
        }
    }
}
