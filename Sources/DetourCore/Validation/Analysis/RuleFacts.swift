/// Facts about rules that several checks share: when a rule may apply, and whether an earlier rule
/// takes every request a later one could see (which decides shadowing and whether a chain can fire).
enum RuleFacts {
    /// Whether `rule` may apply at some instant at or after `now` (enabled and not expired).
    static func isLive(_ rule: Rule, now: Timestamp) -> Bool {
        guard rule.enabled else { return false }
        if let e = rule.expires, e <= now { return false }
        if let s = rule.starts, let e = rule.expires, s >= e { return false }
        return true
    }

    /// Whether `earlier` applies to every request (of the methods in `methods`, on hosts `host`, of
    /// `scheme` — nil: either — during `later`'s window) whose path it matches: no rollout below
    /// 100 %, no conditions, a window at least as wide, no scheme or the same one.
    static func takesAll(
        _ earlier: Rule, methods: MethodSet, host: HostPattern?, scheme: String?, window: (Timestamp?, Timestamp?), site: SiteSettings
    ) -> Bool {
        guard earlier.enabled, earlier.isFullRollout, earlier.allConditions.isEmpty else { return false }
        if let s = earlier.scheme, s != scheme { return false }
        guard MethodSet(earlier.methods).covers(methods) else { return false }
        if let s = earlier.starts { guard let ls = window.0, ls >= s else { return false } }
        if let e = earlier.expires { guard let le = window.1, le <= e else { return false } }
        return hostCovers(earlier.host, host, site: site)
    }

    /// The stretch of time from `now` on in which every rule of `rules` is inside its window, nil
    /// when there is none (one expires before another starts); its end is nil when open.
    static func commonWindow(_ rules: [Rule], now: Timestamp) -> (from: Timestamp, to: Timestamp?)? {
        var from = now
        var to: Timestamp? = nil
        for r in rules {
            if let s = r.starts, s > from { from = s }
            if let e = r.expires { to = to.map { min($0, e) } ?? e }
        }
        if let to, to <= from { return nil }
        return (from, to)
    }

    /// Whether every host `inner` stands for is one `outer` stands for (nil = any of the site's).
    static func hostCovers(_ outer: HostPattern?, _ inner: HostPattern?, site: SiteSettings) -> Bool {
        guard let outer else {
            guard let inner else { return true }
            switch inner {
            case .exact(let h): return site.hosts.isEmpty || site.isSiteHost(h)
            case .suffix(let s):
                return site.hosts.contains {
                    if case .suffix(let o) = $0 { return s == o || s.hasSuffix("." + o) }
                    return false
                }
            }
        }
        guard let inner else {
            // "Any site host" is covered when the outer pattern covers every site host.
            return !site.hosts.isEmpty && site.hosts.allSatisfy { hostCovers(outer, $0, site: site) }
        }
        switch (outer, inner) {
        case (.exact(let a), .exact(let b)): return a == b
        case (.suffix, .exact(let b)): return outer.matches(b)
        case (.suffix(let a), .suffix(let b)): return a == b || b.hasSuffix("." + a)
        case (.exact, .suffix): return false
        }
    }

    /// Whether some host is both in `a` and `b` (nil = any of the site's hosts).
    static func hostsOverlap(_ a: HostPattern?, _ b: HostPattern?, site: SiteSettings) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (nil, let x?), (let x?, nil):
            if site.hosts.isEmpty { return true }
            return site.hosts.contains { hostsOverlap($0, x, site: site) }
        case (.exact(let x)?, .exact(let y)?): return x == y
        case (.exact(let x)?, .suffix?): return b!.matches(x)
        case (.suffix?, .exact(let y)?): return a!.matches(y)
        case (.suffix(let x)?, .suffix(let y)?): return x == y || x.hasSuffix("." + y) || y.hasSuffix("." + x)
        }
    }

    /// Whether some request can have both schemes (nil: either).
    static func schemesOverlap(_ a: String?, _ b: String?) -> Bool { a == nil || b == nil || a == b }

    /// Whether a request host is one the rule applies to.
    static func ruleTakesHost(_ rule: Rule, _ host: String, site: SiteSettings) -> Bool {
        if let h = rule.host { return h.matches(host) }
        return site.hosts.isEmpty || site.isSiteHost(host)
    }

    /// A concrete host for a witness request to a rule.
    static func witnessHost(_ rule: Rule, site: SiteSettings) -> String {
        switch rule.host {
        case .exact(let h)?: return TrustedHosts.stripPort(h)
        case .suffix(let s)?: return "www." + s
        case nil: return site.primaryHost
        }
    }
}
