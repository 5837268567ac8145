/// A rule's `RouteMatch` (cookbook-traefik-envoy §2.2–2.3): the raw path (`path`, `prefix` or a
/// whole-path `safe_regex`; no `normalize_path`, so Envoy sees the path as sent, like every other
/// export), the host as an `:authority` regex in each route (keeps rule order), methods as a
/// `:method` regex, headers, cookies as a regex over the `cookie` header, and query parameters
/// (compared raw, as Detour does).
enum EnvoyRouteMatch {
    /// The RE2 pattern (without flags) the whole raw path matches.
    static func pathPattern(_ r: PreparedRule) -> String {
        if r.exactPath != nil || r.prefix != nil { return r.pathRegex }
        return "^.*?" + r.pathRegex + ".*$"
    }

    /// The `match:` mapping as YAML flow text.
    static func match(_ r: PreparedRule) throws -> String {
        var parts: [String] = []
        if let exact = r.exactPath {
            parts.append("path: " + EnvoySyntax.quoted(exact))
        } else if let prefix = r.prefix {
            parts.append("prefix: " + EnvoySyntax.quoted(prefix))
        } else {
            parts.append("safe_regex: {regex: " + EnvoySyntax.quoted("(?s)" + pathPattern(r)) + "}")
        }
        let headers = try headerMatchers(r)
        if !headers.isEmpty { parts.append("headers: [" + headers.joined(separator: ", ") + "]") }
        let query = try queryMatchers(r)
        if !query.isEmpty { parts.append("query_parameters: [" + query.joined(separator: ", ") + "]") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// Header matchers for the host, the methods and the header and cookie conditions.
    static func headerMatchers(_ r: PreparedRule) throws -> [String] {
        var out: [String] = []
        if let host = r.hostRegex {
            out.append(regexMatcher(":authority", "(?i)(?:" + host + ")\\.?(?::[0-9]+)?"))
        }
        if let methods = r.methods {
            out.append(regexMatcher(":method", "(?:" + methods.map(RegexEmitter.literalString).joined(separator: "|") + ")"))
        }
        for c in r.conditions where c.kind != .query {
            guard EnvoySyntax.isHeaderName(c.name) else {
                throw ExportError.unsafeCharacter(
                    rule: r.id, line: r.line, field: "\(c.kind) condition name", character: "'\(c.name)'",
                    reason: "an Envoy header matcher name is an HTTP token")
            }
            switch (c.kind, c.value) {
            case (.header, .present): out.append("{name: \(EnvoySyntax.quoted(c.name)), present_match: true}")
            case (.header, .exact(let v)): out.append("{name: \(EnvoySyntax.quoted(c.name)), string_match: {exact: \(EnvoySyntax.quoted(v))}}")
            case (.header, .regex(let re)): out.append(regexMatcher(c.name, EnvoySyntax.wholeValue(RegexEmitter.emit(re.root))))
            case (.cookie, _): out.append(regexMatcher("cookie", try cookieRegex(c, r)))
            default: break
            }
        }
        return out
    }

    /// A whole-value regex over the Cookie header for a cookie condition's presence or exact value.
    static func cookieRegex(_ c: Condition, _ r: PreparedRule) throws -> String {
        switch c.value {
        case .present: return cookiePrefix(c.name) + ".*"
        case .exact(let v): return cookiePrefix(c.name) + RegexEmitter.literalString(v) + "[ \\t]*(?:;.*)?"
        case .regex:
            throw ExportError.unsupportedFeature(
                rule: r.id, line: r.line, feature: .conditions,
                why: "Envoy has no cookie input; only a cookie's presence or exact value can be tested on the Cookie header")
        }
    }

    /// `name=` as the first cookie of the header or after a `;` (spaces around it as Detour allows).
    private static func cookiePrefix(_ name: String) -> String {
        "(?s)(?:.*;)?[ \\t]*" + RegexEmitter.literalString(name) + "[ \\t]*=[ \\t]*"
    }

    static func queryMatchers(_ r: PreparedRule) throws -> [String] {
        r.conditions.filter { $0.kind == .query }.map { c in
            let name = EnvoySyntax.quoted(c.name)
            switch c.value {
            case .present: return "{name: \(name), present_match: true}"
            case .exact(let v): return "{name: \(name), string_match: {exact: \(EnvoySyntax.quoted(v))}}"
            case .regex(let re):
                return
                    "{name: \(name), string_match: {safe_regex: {regex: \(EnvoySyntax.quoted(EnvoySyntax.wholeValue(RegexEmitter.emit(re.root))))}}}"
            }
        }
    }

    private static func regexMatcher(_ name: String, _ regex: String) -> String {
        "{name: \(EnvoySyntax.quoted(name)), string_match: {safe_regex: {regex: \(EnvoySyntax.quoted(regex))}}}"
    }
}
