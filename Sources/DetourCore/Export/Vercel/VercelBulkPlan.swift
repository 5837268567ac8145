/// Which rules become bulk redirects and which stay in `vercel.json`. Vercel runs bulk redirects
/// before every other route, so a rule may move there only when no earlier rule could answer its
/// path (otherwise the move would change which rule answers). A rule goes to bulk when the
/// configuration cannot say it (it drops the query), or — from the last rule back — as many as
/// keep the configuration within its 2,048 redirects.
struct VercelBulkPlan {
    /// For each planned rule, in order: true when it is a bulk redirect.
    var inBulk: [Bool]
    /// Rules that need bulk but an earlier rule could answer their path first.
    var blocked: [Int]
    /// Config rules past the configuration limit, bulk rules past the project limit.
    var overConfigLimit: [Int]
    var overBulkLimit: [Int]

    /// Whether bulk can carry `r` at all: a plain exact path, a constant target, no condition,
    /// no header, within the bulk string limit; a kept query only onto a target without a query
    /// or fragment (where Vercel would put it is not documented).
    static func canCarry(_ r: PreparedRule) -> Bool {
        guard r.isPlainExact, let target = r.literalTarget, !target.isEmpty, r.cacheHeader == nil, let path = r.exactPath else { return false }
        if r.rule.query == .keep, r.targetHasQuery || r.targetHasFragment { return false }
        return path.utf8.count <= VercelLimits.bulkString.maximum && target.utf8.count <= VercelLimits.bulkString.maximum
    }

    init(_ rules: [PreparedRule]) {
        inBulk = Array(repeating: false, count: rules.count)
        blocked = []
        overConfigLimit = []
        overBulkLimit = []
        let reachable = Self.firstToAnswer(rules)
        var movable: [Int] = []
        for (i, r) in rules.enumerated() where Self.canCarry(r) {
            if r.rule.query == .drop {
                if reachable[i] { inBulk[i] = true } else { blocked.append(i) }
            } else if reachable[i] {
                movable.append(i)
            }
        }
        let blockedSet = Set(blocked)
        var configCount = rules.indices.filter { !inBulk[$0] && !blockedSet.contains($0) }.count
        while configCount > VercelLimits.configRedirects.maximum, let i = movable.popLast() {
            inBulk[i] = true
            configCount -= 1
        }
        let config = rules.indices.filter { !inBulk[$0] && !blockedSet.contains($0) }
        overConfigLimit = Array(config.dropFirst(VercelLimits.configRedirects.maximum))
        overBulkLimit = Array(rules.indices.filter { inBulk[$0] }.dropFirst(VercelLimits.bulkRedirects.maximum))
    }

    /// For each rule: true when no earlier rule's source could match its exact path.
    private static func firstToAnswer(_ rules: [PreparedRule]) -> [Bool] {
        var exact = Set<String>()
        var prefixes = Set<String>()
        var prefixLengths = Set<Int>()
        var regexes: [CompiledRegex] = []
        var out = Array(repeating: false, count: rules.count)
        for (i, r) in rules.enumerated() {
            if let path = r.exactPath {
                let bytes = Array(path.utf8)
                out[i] =
                    !exact.contains(path)
                    && !prefixLengths.contains { $0 <= bytes.count && prefixes.contains(String(decoding: bytes[..<$0], as: UTF8.self)) }
                    && !regexes.contains { $0.matches(bytes) }
                exact.insert(path)
            } else if let prefix = r.prefix {
                prefixes.insert(prefix)
                prefixLengths.insert(prefix.utf8.count)
            } else if case .regex(let re) = r.rule.source.kind {
                regexes.append(CompiledRegex(re))
            }
        }
        return out
    }
}
