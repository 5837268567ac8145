/// DT060: a rule whose target is its own source.
public struct SelfRedirectCheck: Check {
    public init() {}
    public let id = "DT060"
    public let name = "self-redirect"
    public let severity = Severity.error
    public let summary = "Self-redirect: the target is the source."

    /// Whether every request the rule takes is sent back to the same path on the same host.
    static func isSelfRedirect(_ rule: Rule, site: SiteSettings) -> Bool {
        // A fixed path target that differs from an exact source cannot be it unless the site folds
        // case or trailing slashes (the common case, checked without building anything).
        if let p = rule.source.exactPath, site.pathCase == .sensitive, site.trailingSlash == .exact, rule.source.query.isEmpty,
            rule.target.isLiteral, rule.target.storedText.firstByte == 0x2f, !p.contains(byte: 0x25), !rule.target.storedText.contains(byte: 0x25)
        {
            return rule.target.storedText == p
        }
        if rule.query == .drop && !rule.source.query.isEmpty { return false }
        // A header a proxy sets (X-Forwarded-Proto) is set anew for the next request: it may differ.
        if !rule.conditions.isEmpty {
            let proxy = site.proxyHeaders
            if rule.conditions.contains(where: { $0.kind == .header && proxy.contains($0.name.lowercased()) }) { return false }
        }
        let shape = TargetShape(rule.target)
        // http://example.com/* → https://example.com/* changes the scheme: the next request is not one the rule takes.
        if let s = shape.scheme, s != (rule.scheme ?? site.scheme) { return false }
        switch shape.landing {
        case .sameHost: break
        case .host(let h, _):
            guard let rh = rule.host, rh == .exact(h) || (rh.description == h) else {
                if rule.host == nil, site.hosts.count == 1, site.hosts[0] == .exact(h) { break }
                return false
            }
        case .dynamic: return false
        }
        let fold = site.pathCase == .insensitive
        func norm(_ s: [UInt8]) -> [UInt8] {
            var b = fold ? s.map(FirstMatchEvaluator.lower) : s
            if site.trailingSlash == .fold, b.count > 1, b.last == 0x2f { b.removeLast() }
            return b
        }
        switch rule.source.kind {
        case .exact(let p):
            guard let t = shape.literalPath, !shape.hasQuery else { return false }
            return norm(FirstMatchEvaluator.normalizedPath(p)) == norm(FirstMatchEvaluator.normalizedPath(String(decoding: t, as: UTF8.self)))
        case .prefix(let p):
            guard shape.pathPieces.count == 2, case .literal(let l) = shape.pathPieces[0], case .capture(.splat) = shape.pathPieces[1],
                !shape.hasQuery
            else { return false }
            return norm(Array(p.utf8)) == norm(l)
        case .regex:
            return false
        }
    }

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        let rules = context.rules
        for i in rules.indices where context.live[i] && SelfRedirectCheck.isSelfRedirect(rules[i], site: context.ruleSet.site) {
            let rule = rules[i]
            var witness: [HTTPRequest] = []
            if let (path, query) = context.sourceRequest(i, values: [:]) {
                witness = [context.request(method: MethodSet(rule.methods).preferred, rule: i, path: path, query: query)]
            }
            out.append(
                finding(
                    context, rule: i, field: .target,
                    message: "self-redirect: \(rule.source.text) → \(rule.target.text) sends every request back to itself",
                    why: "The client asks again for the same URL and gets the same redirect until it gives up.",
                    witness: witness, fix: Fix("remove rule \(rule.id)", [.remove(rule: rule.id)])))
        }
        return out
    }
}
