/// One Detour rule as Netlify rules: `FROM [NAME=VALUE…] TO STATUS! [Cookie=NAME]`, once, or once
/// per scheme for a rule limited to a host (Netlify's domain rules name the scheme). Every rule is
/// forced (`!`): a Detour rule redirects whether or not the deploy has a file at its path. What
/// Netlify cannot say exactly is refused with the feature and the reason.
struct NetlifyRedirect: Sendable {
    let from: String
    /// Query parameters the request must carry: a value, or `:name` for any value.
    let query: [(name: String, value: String)]
    let to: String
    let status: Int
    /// Cookies that must be present (`Cookie=name`).
    let cookies: [String]
    let ruleID: String
    let line: Int

    /// The rules Netlify needs for `r`, in order.
    static func make(_ r: PreparedRule, site: SiteSettings) throws -> [NetlifyRedirect] {
        func refuse(_ feature: ExportFeature, _ why: String) -> ExportError {
            ExportError.unsupportedFeature(rule: r.id, line: r.line, feature: feature, why: why)
        }
        let sourceFeature: ExportFeature = r.exactPath != nil ? .exact : r.prefix != nil ? .prefix : .regex
        guard r.code == 301 || r.code == 302 else {
            throw refuse(
                sourceFeature,
                "Netlify redirects answer 301 or 302 (its documentation calls 307 unsupported and names no 303 or 308); this rule answers \(r.code)")
        }
        if site.pathCase == .insensitive {
            throw refuse(.pathFolding, "Netlify compares rule paths case-sensitively; site.case: insensitive cannot be written")
        }
        let (path, names) = try pattern(r, refuse: refuse)
        let (query, placeholders) = try queryParameters(r, refuse: refuse)
        let cookies = try cookieConditions(r, refuse: refuse)
        let to = try destination(r, names: names, queryPlaceholders: placeholders, refuse: refuse)
        try checkQueryMode(r, matchesQuery: !query.isEmpty, refuse: refuse)
        guard let host = r.rule.host else {
            return [NetlifyRedirect(from: path, query: query, to: to, status: r.code, cookies: cookies, ruleID: r.id, line: r.line)]
        }
        guard case .exact(let name) = host else {
            throw refuse(.host, "a Netlify domain rule names one host; \(host) (every subdomain) cannot be written")
        }
        return ["http", "https"].map {
            NetlifyRedirect(from: "\($0)://\(name)\(path)", query: query, to: to, status: r.code, cookies: cookies, ruleID: r.id, line: r.line)
        }
    }

    /// The `from` path and the placeholder names of its captures (`splat` for a prefix).
    private static func pattern(_ r: PreparedRule, refuse: (ExportFeature, String) -> ExportError) throws -> (String, [String]) {
        if let exact = r.exactPath {
            if let bad = placeholderSyntax(in: exact) {
                throw refuse(.exact, "the path holds \(bad), which Netlify reads as a placeholder or splat")
            }
            return (exact, [])
        }
        if let prefix = r.prefix {
            guard prefix.hasSuffix("/") else {
                throw refuse(.prefix, "Netlify's splat is a whole path segment (/news/*); the prefix \(prefix)* ends inside a segment")
            }
            if let bad = placeholderSyntax(in: prefix) {
                throw refuse(.prefix, "the prefix holds \(bad), which Netlify reads as a placeholder or splat")
            }
            return (prefix + "*", ["splat"])
        }
        guard let root = r.regexRoot, let path = NetlifyRegexShape.path(of: root) else {
            throw refuse(
                .regex,
                "Netlify has no regular expressions: only a regex of whole-segment groups ([^/]+) and a final /(.*) becomes :placeholders and a splat"
            )
        }
        return path
    }

    /// `:name` (a letter or `_` after the colon) and `*` mean something to Netlify's matcher.
    private static func placeholderSyntax(in path: String) -> String? {
        let bytes = Array(path.utf8)
        if bytes.contains(0x2a) { return "'*'" }
        for (i, b) in bytes.enumerated() where b == 0x3a && i + 1 < bytes.count {
            let n = bytes[i + 1]
            if (n >= 0x41 && n <= 0x5a) || (n >= 0x61 && n <= 0x7a) || n == 0x5f { return "':" + String(UnicodeScalar(n)) + "'" }
        }
        return nil
    }

    private static func queryParameters(
        _ r: PreparedRule, refuse: (ExportFeature, String) -> ExportError
    ) throws -> ([(name: String, value: String)], Set<String>) {
        var out: [(name: String, value: String)] = []
        var placeholders = Set<String>()
        for c in r.conditions where c.kind == .query {
            guard isPlainToken(c.name) else {
                throw refuse(.conditions, "the query parameter name '\(c.name)' cannot be written as NAME=VALUE in _redirects")
            }
            switch c.value {
            case .present:
                let name = "q\(placeholders.count + 1)"
                placeholders.insert(name)
                out.append((c.name, ":" + name))
            case .exact(let v):
                guard !v.isEmpty, !v.hasPrefix(":"), !v.contains(where: { $0 == " " || $0 == "\t" || $0 == "#" }) else {
                    throw refuse(.conditions, "the query value '\(v)' cannot be written in _redirects (empty, ':…', a space or '#')")
                }
                out.append((c.name, v))
            case .regex:
                throw refuse(.conditions, "Netlify matches a query parameter by value or presence, not by regex")
            }
        }
        return (out, placeholders)
    }

    private static func cookieConditions(_ r: PreparedRule, refuse: (ExportFeature, String) -> ExportError) throws -> [String] {
        var out: [String] = []
        for c in r.conditions where c.kind != .query {
            guard c.kind == .cookie else {
                throw refuse(.conditions, "Netlify rules test no request header (their conditions are Country, Language, Role and Cookie)")
            }
            guard case .present = c.value, isPlainToken(c.name) else {
                throw refuse(.conditions, "Netlify's Cookie condition tests that a cookie is present, not its value")
            }
            out.append(c.name)
        }
        return out
    }

    /// Letters, digits and `-_.`: what survives `_redirects` fields and TOML keys unquoted.
    static func isPlainToken(_ s: String) -> Bool {
        !s.isEmpty
            && s.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d || $0 == 0x5f || $0 == 0x2e
            }
    }

    private static func destination(
        _ r: PreparedRule, names: [String], queryPlaceholders: Set<String>, refuse: (ExportFeature, String) -> ExportError
    ) throws -> String {
        var to = ""
        let feature: ExportFeature = r.exactPath != nil ? .exact : r.prefix != nil ? .prefix : .regex
        for piece in r.target {
            switch piece {
            case .literal(let text):
                if text.contains(where: { $0 == " " || $0 == "\t" }) {
                    throw refuse(feature, "the target holds a space, which ends a _redirects field")
                }
                if let name = (names + queryPlaceholders.sorted()).first(where: { text.contains(":" + $0) }) {
                    throw refuse(feature, "the target holds ':\(name)', which Netlify would fill with a placeholder")
                }
                to += text
            case .capture(let n):
                guard n >= 1, n <= names.count else { throw refuse(feature, "the target uses capture \(n), which the source does not have") }
                to += ":" + names[n - 1]
            case .host: throw refuse(feature, "a Netlify destination cannot name the request's host ({host})")
            case .path: throw refuse(feature, "a Netlify destination cannot hold the request's path ({path}) except through a splat")
            case .query: throw refuse(.queryKeep, "a Netlify destination cannot place the request's query ({query})")
            }
        }
        if to.isEmpty { to = "/" }
        return to
    }

    /// Netlify passes the request's query on exactly when the rule matches no query parameter and
    /// its destination has no query of its own; the rule's `query` must say the same.
    private static func checkQueryMode(_ r: PreparedRule, matchesQuery: Bool, refuse: (ExportFeature, String) -> ExportError) throws {
        let netlifyKeeps = !matchesQuery && !r.targetHasQuery
        if r.rule.query == .keep, !netlifyKeeps {
            throw refuse(
                .queryKeep,
                "Netlify passes the request's query on only when the rule matches no query parameter and its destination has no query of its own")
        }
        if r.rule.query == .drop, netlifyKeeps {
            throw refuse(.queryDrop, "Netlify passes the request's query on to a destination without a query; it cannot be dropped")
        }
    }
}
