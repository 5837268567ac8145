/// Everything about a rule except its source, compiled once: host, methods, `when` conditions,
/// time window and rollout. A rule applies when its source matches and its gate admits the request.
struct RuleGate: Sendable {
    enum ValueTest: Sendable {
        case exact(String)
        case regex(CompiledRegex)
        case present

        func admits(_ value: String?) -> Bool {
            guard let value else { return false }
            switch self {
            case .present: return true
            case .exact(let v): return v == value
            case .regex(let r): return r.matches(Array(value.utf8))
            }
        }
    }

    struct CompiledCondition: Sendable {
        let kind: Condition.Kind
        /// Lower-case for headers.
        let name: String
        let test: ValueTest
    }

    let host: HostMatch?
    /// `http` or `https`; nil: either.
    let scheme: String?
    let methods: [String]?
    let rollout: Rollout?
    let salt: String
    let conditions: [CompiledCondition]
    let starts: Int64?
    let expires: Int64?

    init(_ rule: Rule) {
        host = rule.host.map(HostMatch.init)
        scheme = rule.scheme
        methods = rule.methods
        rollout = rule.rollout.flatMap { $0.isFull ? nil : $0 }
        salt = rule.rolloutSalt
        conditions = rule.allConditions.map { c in
            let test: ValueTest
            switch c.value {
            case .exact(let v): test = .exact(v)
            case .regex(let r): test = .regex(CompiledRegex(r))
            case .present: test = .present
            }
            return CompiledCondition(kind: c.kind, name: c.kind == .header ? c.name.lowercased() : c.name, test: test)
        }
        starts = rule.starts?.secondsSinceEpoch
        expires = rule.expires?.secondsSinceEpoch
    }

    /// Whether the rule has nothing to check beyond "the request is on a site host" (most rules of
    /// a bulk map); the matcher then skips the gate entirely.
    static func isTrivial(_ rule: Rule) -> Bool {
        rule.host == nil && rule.scheme == nil && rule.methods == nil && rule.source.query.isEmpty && rule.conditions.isEmpty && rule.starts == nil
            && rule.expires == nil
            && rule.isFullRollout
    }

    /// Host, methods, window and conditions (not rollout, which the matcher decides last because
    /// it hashes).
    func admits(_ r: HTTPRequest, _ prepared: MatchRequest) -> Bool {
        if let methods, !methods.contains(r.method) { return false }
        if let scheme, scheme != prepared.scheme { return false }
        let t = r.time.secondsSinceEpoch
        if let starts, t < starts { return false }
        if let expires, t >= expires { return false }
        if let host {
            if !host.matches(prepared.host) { return false }
        } else if !prepared.onSiteHost {
            return false
        }
        for c in conditions {
            let value: String?
            switch c.kind {
            case .header: value = r.header(c.name)
            case .cookie: value = r.cookie(c.name)
            case .query: value = MatchRequest.queryValue(c.name, in: r)
            }
            if !c.test.admits(value) { return false }
        }
        return true
    }
}

/// What the matcher works out once per request: the normalised host, whether it is the site's,
/// and the scheme the server sees.
struct MatchRequest {
    /// Lower-case, without a trailing dot.
    let host: String
    let onSiteHost: Bool
    /// `http` or `https` as the server sees it (`SiteSettings.scheme(of:connectionScheme:)`).
    let scheme: String

    init(_ request: HTTPRequest, siteHosts: SiteHostMatch, scheme: String) {
        host = HostMatch.normalized(request.host)
        onSiteHost = siteHosts.contains(host)
        self.scheme = scheme
    }

    /// The first value of a query parameter, raw as sent (as servers' `$arg_x`, `urlp()` see it).
    static func queryValue(_ name: String, in request: HTTPRequest) -> String? {
        guard let query = request.query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = pair.firstIndex(of: "=") {
                if pair[..<eq] == name { return String(pair[pair.index(after: eq)...]) }
            } else if pair == name {
                return ""
            }
        }
        return nil
    }
}

/// A host pattern compiled for matching without allocation (request hosts are lower-case).
struct HostMatch: Sendable {
    let exact: String?
    /// `.suffix` for `*.suffix`.
    let dottedSuffix: [UInt8]

    init(_ pattern: HostPattern) {
        switch pattern {
        case .exact(let h):
            exact = h
            dottedSuffix = []
        case .suffix(let s):
            exact = nil
            dottedSuffix = Array(("." + s).utf8)
        }
    }

    func matches(_ host: String) -> Bool {
        if let exact { return host == exact }
        guard host.utf8.count > dottedSuffix.count else { return false }
        return host.utf8.suffix(dottedSuffix.count).elementsEqual(dottedSuffix)
    }

    /// Lower-case without a trailing dot; the request's own string when it already is.
    static func normalized(_ host: String) -> String {
        let clean = host.utf8.allSatisfy { !($0 >= 0x41 && $0 <= 0x5a) } && host.utf8.last != 0x2e
        if clean { return host }
        var h = host.lowercased()
        if h.hasSuffix(".") { h.removeLast() }
        return h
    }
}

/// The site's own hosts, compiled; an empty list means every host is the site's.
struct SiteHostMatch: Sendable {
    /// Sites have a handful of hosts: comparing in a loop beats hashing the request host.
    let exact: [String]
    let suffixes: [HostMatch]
    let any: Bool

    init(_ site: SiteSettings) {
        any = site.hosts.isEmpty
        var exact: [String] = []
        var suffixes: [HostMatch] = []
        for h in site.hosts {
            if case .exact(let name) = h { exact.append(name) } else { suffixes.append(HostMatch(h)) }
        }
        self.exact = exact
        self.suffixes = suffixes
    }

    func contains(_ host: String) -> Bool {
        any || exact.contains(host) || suffixes.contains { $0.matches(host) }
    }
}
