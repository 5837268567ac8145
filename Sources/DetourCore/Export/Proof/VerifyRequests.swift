/// The requests `detour verify` sends (DESIGN §7.5): each rule's own examples, a witness that the
/// rule applies to, and generated variations around it — query strings, other methods, encoded
/// and case-changed paths, other hosts, the other scheme, missing conditions, and rollout keys
/// across buckets.
public enum VerifyRequests {
    /// A request with why it was generated (shown with a disagreement).
    public struct Probe: Sendable {
        public var request: HTTPRequest
        public var purpose: String
        /// The rule the probe was made for; nil for the site-wide probes (a path no rule names).
        public var ruleID: String? = nil
    }

    /// Every probe for the rule set, deduplicated, at most `limit`.
    public static func generate(_ set: RuleSet, rolloutKeys: Int = 24, limit: Int = 5000, time: Timestamp = .now()) -> [Probe] {
        var out: [Probe] = []
        var seen = Set<String>()
        var currentRule: String? = nil
        func add(_ r: HTTPRequest, _ why: String) {
            let key = "\(r.method) \(r.url) \(r.clientAddress) " + r.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            guard out.count < limit, seen.insert(key).inserted else { return }
            out.append(Probe(request: r, purpose: why, ruleID: currentRule))
        }
        let site = set.site
        for rule in set.rules where rule.enabled {
            currentRule = rule.id
            for ex in rule.examples {
                guard let parsed = HTTPRequest.parseURL(ex.url, defaultScheme: site.scheme, defaultHost: site.primaryHost) else { continue }
                var r = HTTPRequest(
                    method: ex.method, scheme: parsed.scheme, host: parsed.host, port: parsed.port, path: parsed.path, query: parsed.query, time: time
                )
                r.headers = ex.headers.map { HTTPRequest.HeaderField($0.0, $0.1) }
                add(r, "example of rule \(rule.id)")
            }
            guard let witness = witness(for: rule, site: site, time: time) else { continue }
            add(witness, "witness of rule \(rule.id)")
            var q = witness
            q.query = (witness.query.map { $0 + "&" } ?? "") + "utm_source=detour&x=%20y"
            add(q, "rule \(rule.id) with a query string")
            var other = witness
            other.method = rule.methods.map { m in ["GET", "POST", "PUT", "DELETE", "PATCH"].first { !m.contains($0) } ?? "OPTIONS" } ?? "DELETE"
            add(other, "rule \(rule.id) with another method")
            for variant in pathVariants(witness.path) {
                var v = witness
                v.path = variant.path
                add(v, "rule \(rule.id), \(variant.why)")
            }
            if let scheme = rule.scheme {
                var other = witness
                other.scheme = scheme == "http" ? "https" : "http"
                add(other, "rule \(rule.id) over \(other.scheme), the scheme it does not take")
            }
            var foreign = witness
            foreign.host = "unrelated.invalid"
            add(foreign, "rule \(rule.id) on a host that is not the site's")
            if !rule.allConditions.isEmpty {
                var bare = HTTPRequest(method: witness.method, scheme: witness.scheme, host: witness.host, path: witness.path, time: time)
                bare.clientAddress = witness.clientAddress
                add(bare, "rule \(rule.id) without its conditions")
            }
            if let ro = rule.rollout, !ro.isFull {
                for k in 0..<rolloutKeys {
                    var v = witness
                    v.headers.removeAll { h in
                        switch ro.key {
                        case .cookie: return h.name.lowercased() == "cookie"
                        case .header(let n): return h.name.lowercased() == n.lowercased()
                        case .ip: return false
                        }
                    }
                    switch ro.key {
                    case .ip: v.clientAddress = "127.0.\(k / 200).\(k % 200 + 10)"
                    case .cookie(let n): v.headers.append(.init("Cookie", "other=1; \(n)=u\(k * 7919 % 100003); z=2"))
                    case .header(let n): v.headers.append(.init(n, "user\(k)@example.org"))
                    }
                    add(v, "rule \(rule.id) rollout key #\(k)")
                }
            }
        }
        currentRule = nil
        var origin = HTTPRequest(
            method: "GET", scheme: site.scheme, host: site.primaryHost, path: "/detour-verify-no-rule-\(set.rules.count)", time: time)
        add(origin, "a path no rule names")
        origin.method = "POST"
        add(origin, "a POST no rule names")
        return out
    }

    /// A request the rule applies to on its own (conditions met, key present, inside the window).
    public static func witness(for rule: Rule, site: SiteSettings, time: Timestamp) -> HTTPRequest? {
        let host: String
        switch rule.host {
        case .exact(let h)?: host = h
        case .suffix(let s)?: host = "w." + s
        case nil: host = site.primaryHost
        }
        var path: String
        switch rule.source.kind {
        case .exact(let p): path = String(decoding: PercentEncoding.normalize(Array(p.utf8)), as: UTF8.self)
        case .prefix(let p): path = String(decoding: PercentEncoding.normalize(Array(p.utf8)), as: UTF8.self) + "a/b-1.html"
        case .regex(let r):
            path = String(decoding: sample(r.root), as: UTF8.self)
            if !path.hasPrefix("/") { path = "/" + path }
        }
        var r = HTTPRequest(method: rule.methods?.first ?? "GET", scheme: rule.scheme ?? site.scheme, host: host, path: path, time: time)
        var query: [String] = []
        var cookies: [String] = []
        for c in rule.allConditions {
            let value: String
            switch c.value {
            case .present: value = "1"
            case .exact(let v): value = v
            case .regex(let re): value = String(decoding: sample(re.root), as: UTF8.self)
            }
            switch c.kind {
            case .header: r.headers.append(.init(c.name, value))
            case .cookie: cookies.append("\(c.name)=\(value)")
            case .query: query.append("\(c.name)=\(value)")
            }
        }
        if let ro = rule.rollout, !ro.isFull {
            switch ro.key {
            case .ip: r.clientAddress = "127.0.0.2"
            case .cookie(let n): cookies.append("\(n)=u7")
            case .header(let n): r.headers.append(.init(n, "u7"))
            }
        }
        if !cookies.isEmpty { r.headers.append(.init("Cookie", cookies.joined(separator: "; "))) }
        if !query.isEmpty { r.query = query.joined(separator: "&") }
        return r
    }

    /// Paths that differ from a witness only in ways servers disagree about.
    static func pathVariants(_ path: String) -> [(path: String, why: String)] {
        var out: [(String, String)] = []
        out.append((path + "/", "trailing slash added"))
        out.append((path.uppercased(), "path upper-cased"))
        out.append(("/" + path, "doubled leading slash"))
        if let i = path.lastIndex(where: { $0.isASCII && $0.isLetter }) {
            let c = path[i]
            let enc = String(decoding: URLText.percent(c.asciiValue!), as: UTF8.self)
            out.append((String(path[..<i]) + enc + String(path[path.index(after: i)...]), "unreserved letter percent-encoded"))
        }
        out.append((path + "%20x", "encoded space appended"))
        out.append((path + "%0D%0ASet-Cookie:%20detour=1", "encoded CRLF appended (header injection probe)"))
        return out
    }

    /// A short string the regex node matches, preferring plain letters and digits.
    static func sample(_ node: RegexNode) -> [UInt8] {
        switch node {
        case .empty, .startAnchor, .endAnchor: return []
        case .bytes(let set):
            let preferred: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz0123456789-_.~/ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
            let usable = set ∩ URLText.neverInRawPath.complement
            if let b = preferred.first(where: { usable.contains($0) }) { return [b] }
            if let b = usable.members.first(where: { $0 < 0x80 && $0 != 0x25 }) { return [b] }
            return usable.members.first.map { [$0] } ?? (set.members.first.map { [$0] } ?? [])
        case .concat(let parts): return parts.flatMap(sample)
        case .alternation(let alts): return alts.first.map(sample) ?? []
        case .group(let inner, _): return sample(inner)
        case .repetition(let inner, let min, let max):
            let n = Swift.max(min, Swift.min(max ?? 1, 1))
            return Array(repeating: sample(inner), count: n).flatMap { $0 }
        }
    }
}
