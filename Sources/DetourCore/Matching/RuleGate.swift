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

    let host: HostPattern?
    let methods: [String]?
    let conditions: [CompiledCondition]
    let starts: Int64?
    let expires: Int64?

    init(_ rule: Rule) {
        host = rule.host
        methods = rule.methods
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

    /// Host, methods, window and conditions (not rollout, which the matcher decides last because
    /// it hashes).
    func admits(_ request: MatchRequest) -> Bool {
        if let methods, !methods.contains(request.request.method) { return false }
        let t = request.request.time.secondsSinceEpoch
        if let starts, t < starts { return false }
        if let expires, t >= expires { return false }
        if let host {
            if !host.matches(request.host) { return false }
        } else if !request.onSiteHost {
            return false
        }
        for c in conditions {
            let value: String?
            switch c.kind {
            case .header: value = request.request.header(c.name)
            case .cookie: value = request.request.cookie(c.name)
            case .query: value = request.queryValue(c.name)
            }
            if !c.test.admits(value) { return false }
        }
        return true
    }
}

/// A request prepared for matching: normalised host, whether it is one of the site's, and the
/// query parameters parsed on first use.
struct MatchRequest {
    let request: HTTPRequest
    /// Lower-case, without a trailing dot.
    let host: String
    let onSiteHost: Bool

    init(_ request: HTTPRequest, site: SiteSettings) {
        self.request = request
        var h = request.host.lowercased()
        if h.hasSuffix(".") { h.removeLast() }
        host = h
        onSiteHost = site.hosts.isEmpty || site.isSiteHost(h)
    }

    /// The first value of a query parameter, raw as sent (as servers' `$arg_x`, `urlp()` see it).
    func queryValue(_ name: String) -> String? {
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
