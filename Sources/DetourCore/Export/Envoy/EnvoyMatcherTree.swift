/// The virtual host's generic matcher tree (cookbook-traefik-envoy §2.6), used when a rule has a
/// partial rollout: route tables cannot hash a key, but a `matcher_list` entry can, with the
/// `runtime_fraction` input matcher (xxHash64 of the header, seeded with the rule's salt). Every
/// rule becomes one entry, in order (the first entry that matches wins), whose predicate tests the
/// whole `:path` (path and query; query conditions too, as route tables take header inputs only),
/// the host, methods, conditions and rollout key as request-header inputs, and whose action is the rule's `Route` (its redirect).
enum EnvoyMatcherTree {
    static let headerInput = "type.googleapis.com/envoy.type.matcher.v3.HttpRequestHeaderMatchInput"
    static let runtimeFraction = "type.googleapis.com/envoy.extensions.matching.input_matchers.runtime_fraction.v3.RuntimeFraction"
    static let routeType = "type.googleapis.com/envoy.config.route.v3.Route"
    /// The header that carries the client address once Envoy has replaced the client's own
    /// `X-Forwarded-For` (`use_remote_address` plus the early header mutation in the bootstrap).
    static let clientAddressHeader = "x-forwarded-for"

    /// The predicates of one rule, each a `single_predicate` in YAML flow text.
    static func predicates(_ r: PreparedRule) throws -> [String] {
        let path: String
        do { path = try r.pathInURIPattern() } catch {
            throw ExportError.unsupportedFeature(
                rule: r.id, line: r.line, feature: .regex, why: "a ^ or $ inside the regex (not at its ends) cannot be tested on Envoy's :path")
        }
        var out = [header(":path", regex: "(?s)^" + path + "(?:[?#].*)?$")]
        if let host = r.hostRegex { out.append(header(":authority", regex: "(?i)(?:" + host + ")\\.?(?::[0-9]+)?")) }
        if let methods = r.methods {
            out.append(header(":method", regex: "(?:" + methods.map(RegexEmitter.literalString).joined(separator: "|") + ")"))
        }
        for c in r.conditions where c.kind != .query {
            guard EnvoySyntax.isHeaderName(c.name) else {
                throw ExportError.unsafeCharacter(
                    rule: r.id, line: r.line, field: "\(c.kind) condition name", character: "'\(c.name)'",
                    reason: "an Envoy header input name is an HTTP token")
            }
            if c.kind == .cookie {
                out.append(header("cookie", regex: try EnvoyRouteMatch.cookieRegex(c, r)))
                continue
            }
            let input = "{name: h, typed_config: {\"@type\": \(headerInput), header_name: \(EnvoySyntax.quoted(c.name.lowercased()))}}"
            out.append("{single_predicate: {input: \(input), value_match: \(valueMatch(c.value))}}")
        }
        // Route tables refuse query-parameter inputs: a query condition is a regex over `:path`.
        for c in r.conditions where c.kind == .query {
            let pair: String
            switch c.value {
            case .present: pair = RegexEmitter.literalString(c.name) + "(?:=[^&#]*)?"
            case .exact(let v): pair = RegexEmitter.literalString(c.name + "=" + v)
            case .regex:
                throw ExportError.unsupportedFeature(
                    rule: r.id, line: r.line, feature: .conditions,
                    why: "beside a rollout, Envoy tests the query on :path by regex; a regex on a query value cannot be written there")
            }
            out.append(header(":path", regex: "(?s)^[^?#]*\\?(?:[^#]*&)?" + pair + "(?:[&#].*)?$"))
        }
        if let rollout = r.partialRollout {
            let name: String
            switch rollout.key {
            case .header(let h): name = h
            case .ip: name = clientAddressHeader
            case .cookie: name = "cookie"  // refused by the capability table before this point
            }
            let input = "{name: key, typed_config: {\"@type\": \(headerInput), header_name: \(EnvoySyntax.quoted(name.lowercased()))}}"
            let fraction =
                "{\"@type\": \(runtimeFraction), runtime_fraction: {default_value: {numerator: \(rollout.basisPoints), denominator: TEN_THOUSAND}, "
                + "runtime_key: \"detour.rollout.r\(r.index)\"}, seed: \(EnvoyRuntimeFraction.seed(salt: r.rule.rolloutSalt))}"
            out.append("{single_predicate: {input: \(input), custom_match: {name: rollout, typed_config: \(fraction)}}}")
        }
        return out
    }

    /// A `StringMatcher` for a condition's value (any value for presence: a missing input never matches).
    private static func valueMatch(_ value: ConditionValue) -> String {
        switch value {
        case .present: return "{safe_regex: {google_re2: {}, regex: \"(?s).*\"}}"
        case .exact(let v): return "{exact: \(EnvoySyntax.quoted(v))}"
        case .regex(let re): return "{safe_regex: {google_re2: {}, regex: \(EnvoySyntax.quoted(EnvoySyntax.wholeValue(RegexEmitter.emit(re.root))))}}"
        }
    }

    /// A header-input predicate over a whole-value regex.
    private static func header(_ name: String, regex: String) -> String {
        let input = "{name: h, typed_config: {\"@type\": \(headerInput), header_name: \(EnvoySyntax.quoted(name))}}"
        return "{single_predicate: {input: \(input), value_match: {safe_regex: {google_re2: {}, regex: \(EnvoySyntax.quoted(regex))}}}}"
    }

    /// One `matcher_list` entry, YAML lines prefixed by `indent`; `action` is the rule's Route body
    /// (redirect and headers) in flow text.
    static func entry(_ r: PreparedRule, action: String, indent: String) throws -> String {
        let p = try predicates(r)
        let predicate = p.count == 1 ? p[0] : "{and_matcher: {predicate: [" + p.joined(separator: ", ") + "]}}"
        var s = "\(indent)# rule \(r.id.replacingControlCharacters()) (line \(r.line))\n"
        s += "\(indent)- predicate: \(predicate)\n"
        s +=
            "\(indent)  on_match: {action: {name: \(EnvoySyntax.quoted(r.id)), typed_config: {\"@type\": \(routeType), match: {prefix: \"/\"}, \(action)}}}\n"
        return s
    }
}
