/// A rule reduced to what every exporter needs: the raw-path pattern, the target in canonical
/// pieces, the host alternatives, and the features it uses. Building it performs the checks that
/// apply to every server (control characters, canonical targets); each exporter adds its own.
final class PreparedRule: Sendable {
    // A class: 10^6 prepared rules are passed around and grouped by reference, not copied.
    /// A piece of the target after canonicalisation.
    enum Piece: Sendable, Hashable {
        /// RFC 3986 ASCII text (already percent-encoded).
        case literal(String)
        /// Capture n (the prefix `*` is capture 1) of the raw path.
        case capture(Int)
        /// The request host (lower-case, without port).
        case host
        /// The raw request path.
        case path
        /// The raw query string without `?`.
        case query
    }

    let rule: Rule
    let line: Int
    /// Position in the rule file (precedence).
    let index: Int
    /// The pattern the raw request path (no query) must match, in the shared regex syntax.
    var pathRegex: String { pathRegex(endAnchor: "$") }
    let regexRoot: RegexNode?
    /// The canonical raw path for exact sources (hash-map key).
    let exactPath: String?
    /// The literal prefix for prefix sources.
    let prefix: String?
    let captureCount: Int
    let target: [Piece]
    /// True when the target's own text carries a `?` (the request's query is then joined with `&`).
    let targetHasQuery: Bool
    /// True when a literal of the target carries a `#` (the query then goes before it).
    let targetHasFragment: Bool
    /// The whole target when it has no placeholders.
    let literalTarget: String?
    /// Host patterns the rule applies to; empty means every host.
    let hosts: [HostPattern]
    let features: ExportFeatureSet

    /// The path pattern with the end anchor written as `endAnchor` (a lookahead where the subject
    /// carries more than the path). Regex sources search like PCRE; exact and prefix are anchored.
    func pathRegex(endAnchor: String) -> String {
        if let exactPath { return "^" + RegexEmitter.literalString(exactPath) + endAnchor }
        if let prefix {
            return "^" + RegexEmitter.literalString(prefix) + "(" + RegexEmitter.byteSet(URLText.neverInRawPath.complement) + "*)" + endAnchor
        }
        return "(?:" + RegexEmitter.emit(regexRoot!, excluding: URLText.neverInRawPath, endAnchor: endAnchor) + ")"
    }

    var id: String { rule.id }
    var code: Int { rule.code.rawValue }
    /// Whether the request's query is appended: `query: keep` and no `{query}` placeholder (which
    /// places it itself).
    var keepsQuery: Bool { rule.query == .keep && !target.contains(.query) }
    var cacheHeader: String? { rule.cache.headerValue }
    var methods: [String]? { rule.methods }
    /// `http` or `https` when the rule applies to one scheme only.
    var scheme: String? { rule.scheme }
    /// `rule.allConditions`, computed once (the source's query requirements, then `when`).
    let conditions: [Condition]
    var partialRollout: Rollout? { rule.isFullRollout ? nil : rule.rollout }

    /// A rule that a hash map of exact paths can carry: exact source, no methods, conditions,
    /// rollout or window; only the site's hosts.
    /// Stored, not computed: exporters test it for each of 10^6 rules.
    let isPlainExact: Bool
    /// A plain exact rule whose whole target is one literal without a fragment: one line of an
    /// exact-path map.
    let isMapEntry: Bool

    /// The host regex (lower-case host without port or trailing dot), nil when every host matches.
    var hostRegex: String? {
        guard !hosts.isEmpty else { return nil }
        return hosts.map { h -> String in
            switch h {
            case .exact(let name): return RegexEmitter.literalString(name)
            case .suffix(let s): return "[^\\x2E]+(?:\\x2E[^\\x2E]+)*" + RegexEmitter.literalString("." + s)
            }
        }.joined(separator: "|")
    }

    /// The target split where the request's query goes: before the first `#` of a literal, so a
    /// fragment stays last; `after` is empty when the target has no fragment.
    var targetAroundQuery: (before: [Piece], after: [Piece]) {
        var before: [Piece] = []
        for (i, p) in target.enumerated() {
            if case .literal(let t) = p, let hash = t.firstIndex(of: "#") {
                if hash > t.startIndex { before.append(.literal(String(t[..<hash]))) }
                return (before, [.literal(String(t[hash...]))] + target[(i + 1)...])
            }
            before.append(p)
        }
        return (before, [])
    }

    /// Prepares one rule; throws for text that no server can carry safely.
    init(rule: Rule, line: Int, index: Int, site: SiteSettings) throws {
        self.rule = rule
        self.line = line
        self.index = index
        conditions = rule.allConditions
        // Checked one field at a time (no per-rule array), each text scanned once: 10^6 rules pass here.
        if let bad = URLText.firstControl(in: rule.source.text) {
            throw ExportError.unsafeCharacter(
                rule: rule.id, line: line, field: "source", character: bad,
                reason: "CR, LF and other control characters are never exported (header injection)")
        }
        if let bad = URLText.firstControl(in: rule.target.text) {
            throw ExportError.unsafeCharacter(
                rule: rule.id, line: line, field: "target", character: bad,
                reason: "CR, LF and other control characters are never exported (header injection)")
        }
        for c in conditions {
            if let bad = URLText.firstControl(in: c.name + c.value.description) {
                throw ExportError.unsafeCharacter(
                    rule: rule.id, line: line, field: "\(c.kind) condition \(c.name)", character: bad, reason: "control characters are never exported"
                )
            }
        }
        var features = ExportFeatureSet()
        switch rule.source.kind {
        case .exact(let p):
            // The simulator's canonical source form (unreserved escapes decoded, others upper-case,
            // unsafe bytes encoded), so export and simulation compare the same bytes.
            let canon = URLText.normalizedPath(p)
            exactPath = canon
            prefix = nil
            regexRoot = nil
            captureCount = 0
            features.insert(.exact)
        case .prefix(let p):
            let canon = URLText.normalizedPath(p)
            exactPath = nil
            prefix = canon
            regexRoot = nil
            captureCount = 1
            features.insert(.prefix)
        case .regex(let r):
            exactPath = nil
            prefix = nil
            regexRoot = r.root
            captureCount = r.groupCount
            features.insert(.regex)
        }
        var pieces: [Piece] = []
        var hasQuery = false
        for part in rule.target.parts {
            switch part {
            case .literal(let t):
                let canon = URLText.canonical(t)
                if canon.utf8.contains(0x3f) { hasQuery = true }
                if case .literal(let prev)? = pieces.last {
                    pieces[pieces.count - 1] = .literal(prev + canon)
                } else {
                    pieces.append(.literal(canon))
                }
            case .splat: pieces.append(.capture(1))
            case .group(let n): pieces.append(.capture(n))
            case .host: pieces.append(.host)
            case .path: pieces.append(.path)
            case .query: pieces.append(.query)
            }
        }
        target = pieces
        targetHasQuery = hasQuery
        if pieces.count == 1, case .literal(let t) = pieces[0] { literalTarget = t } else { literalTarget = pieces.isEmpty ? "" : nil }
        targetHasFragment = pieces.contains {
            if case .literal(let t) = $0 { return t.utf8.contains(0x23) }
            return false
        }
        if let h = rule.host { hosts = [h] } else { hosts = site.hosts }
        if rule.host != nil { features.insert(.host) }
        if rule.scheme != nil { features.insert(site.schemeHeader == nil ? .scheme : .schemeHeader) }
        if rule.methods != nil { features.insert(.methods) }
        if !conditions.isEmpty { features.insert(.conditions) }
        features.insert(rule.query == .keep ? .queryKeep : .queryDrop)
        if rule.cache != .none { features.insert(.cacheHeader) }
        if let r = rule.rollout, !r.isFull {
            switch r.key {
            case .ip: features.insert(.rolloutByIP)
            case .cookie: features.insert(.rolloutByCookie)
            case .header: features.insert(.rolloutByHeader)
            }
        }
        if rule.starts != nil || rule.expires != nil { features.insert(.timeWindow) }
        if site.trailingSlash == .fold || site.pathCase == .insensitive { features.insert(.pathFolding) }
        self.features = features
        isPlainExact =
            exactPath != nil && rule.methods == nil && conditions.isEmpty && rule.isFullRollout && rule.starts == nil && rule.expires == nil
            && rule.host == nil && rule.scheme == nil
        isMapEntry = isPlainExact && literalTarget != nil && !targetHasFragment
    }
}

extension PreparedRule {
    /// A regex alternation of host patterns (lower-case names; `*.suffix` needs one more label).
    static func hostAlternation(_ hosts: [HostPattern]) -> String {
        hosts.map { h -> String in
            switch h {
            case .exact(let name): return RegexEmitter.literalString(name)
            case .suffix(let s): return "[^\\x2E]+(?:\\x2E[^\\x2E]+)*" + RegexEmitter.literalString("." + s)
            }
        }.joined(separator: "|")
    }
}
