/// The validator's own reading of DESIGN §4 for one hop: the first rule that applies to a request
/// and the `Location` it sends. Loop and chain witnesses are walked with it before they are reported,
/// and DT090 runs rule examples through it unless a simulator is plugged in (`ExampleRunner`).
public struct FirstMatchEvaluator: Sendable {
    public let set: RuleSet
    /// Decides whether a client falls inside a partial rollout; by default every client does, so a
    /// witness shows what the rule does to the clients it takes.
    public var rolloutIncludes: @Sendable (Rule, HTTPRequest) -> Bool = { _, _ in true }
    /// Whether time windows are honoured (false: every enabled rule counts as active).
    public var honourWindows = true

    public init(_ set: RuleSet) { self.set = set }

    /// What the first applying rule does.
    public struct Outcome: Sendable, Hashable {
        public var ruleIndex: Int
        public var status: StatusCode
        /// Absolute, resolved against the request.
        public var location: String
        public var cacheControl: String?
    }

    /// The first rule (among `candidates` when given, in precedence order) that applies.
    public func evaluate(_ req: HTTPRequest, candidates: [Int]? = nil) -> Outcome? {
        let path = FirstMatchEvaluator.normalizedPath(req.path)
        for i in candidates ?? Array(set.rules.indices) {
            let rule = set.rules[i]
            guard let captures = match(rule, req, path: path) else { continue }
            return Outcome(ruleIndex: i, status: rule.code, location: location(rule, req, captures: captures), cacheControl: rule.cache.headerValue)
        }
        return nil
    }

    /// The captures (index 0: the splat or whole match) when `rule` applies to `req`.
    func match(_ rule: Rule, _ req: HTTPRequest, path: [UInt8]) -> [[UInt8]?]? {
        guard rule.enabled else { return nil }
        if honourWindows {
            if let s = rule.starts, req.time < s { return nil }
            if let e = rule.expires, req.time >= e { return nil }
        }
        guard RuleFacts.ruleTakesHost(rule, req.host, site: set.site) else { return nil }
        if let s = rule.scheme, s != req.scheme { return nil }
        if let m = rule.methods, !m.contains(req.method.uppercased()) { return nil }
        guard let captures = matchPath(rule.source, path) else { return nil }
        for c in rule.allConditions where !FirstMatchEvaluator.holds(c, req) { return nil }
        if !rule.isFullRollout, !rolloutIncludes(rule, req) { return nil }
        return captures
    }

    func matchPath(_ source: Source, _ path: [UInt8]) -> [[UInt8]?]? {
        let fold = set.site.pathCase == .insensitive
        func eq(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
            fold ? a.count == b.count && zip(a, b).allSatisfy { FirstMatchEvaluator.lower($0) == FirstMatchEvaluator.lower($1) } : a == b
        }
        switch source.kind {
        case .exact(let p):
            var want = Array(p.utf8)[...]
            var have = path[...]
            if set.site.trailingSlash == .fold {
                if want.count > 1, want.last == 0x2f { want = want.dropLast() }
                if have.count > 1, have.last == 0x2f { have = have.dropLast() }
            }
            return eq(want, have) ? [nil] : nil
        case .prefix(let p):
            let pre = Array(p.utf8)
            guard path.count >= pre.count, eq(path[..<pre.count], pre[...]) else { return nil }
            return [Array(path[pre.count...])]
        case .regex(let r):
            return CaptureMatcher(r, foldCase: fold).firstMatch(path)
        }
    }

    /// Fills the target's placeholders and resolves it against the request.
    public func location(_ rule: Rule, _ req: HTTPRequest, captures: [[UInt8]?]) -> String {
        var out = ""
        for part in rule.target.parts {
            switch part {
            case .literal(let s): out += s
            case .splat: out += String(decoding: captures.first.flatMap { $0 } ?? [], as: UTF8.self)
            case .group(let n): out += String(decoding: (n < captures.count ? captures[n] : nil) ?? [], as: UTF8.self)
            case .host: out += req.host
            case .path: out += req.path
            case .query: out += req.query ?? ""
            }
        }
        if rule.query == .keep, let q = req.query, !q.isEmpty, !rule.target.parts.contains(.query) {
            out += (out.contains("?") ? "&" : "?") + q
        }
        if let r = LocationResolver.resolve(out, scheme: req.scheme, host: req.host, port: req.port, path: req.path) {
            var s = "\(r.scheme)://\(r.host)"
            if let p = r.port { s += ":\(p)" }
            s += r.path
            if let q = r.query { s += "?" + q }
            return s
        }
        return out
    }

    static func holds(_ c: Condition, _ req: HTTPRequest) -> Bool {
        let value: String?
        switch c.kind {
        case .header: value = req.header(c.name)
        case .cookie: value = req.cookie(c.name)
        case .query: value = queryValue(c.name, req.query)
        }
        guard let v = value else { return false }
        switch c.value {
        case .present: return true
        case .exact(let e): return v == e
        case .regex(let r): return CaptureMatcher(r).firstMatch(Array(v.utf8)) != nil
        }
    }

    static func queryValue(_ name: String, _ query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv[0] == name { return kv.count == 2 ? String(kv[1]) : "" }
        }
        return nil
    }

    /// Percent-decodes unreserved characters only (DESIGN §4): `%7E` is `~`, `%2F` stays `%2F`.
    static func normalizedPath(_ path: String) -> [UInt8] {
        let b = Array(path.utf8)
        guard b.contains(0x25) else { return b }
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                let v = h << 4 | l
                if isUnreserved(v) {
                    out.append(v)
                    i += 3
                    continue
                }
            }
            out.append(b[i])
            i += 1
        }
        return out
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x37
        case 0x61...0x66: return c - 0x57
        default: return nil
        }
    }

    static func isUnreserved(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2e || c == 0x5f || c == 0x7e
    }

    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5a ? c | 0x20 : c }
}
