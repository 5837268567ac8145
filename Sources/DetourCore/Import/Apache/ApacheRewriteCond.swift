/// One `RewriteCond TestString CondPattern [flags]` as written, and what it means for a Detour rule.
struct ApacheRewriteCond {
    let directive: ApacheDirective
    let testString: String
    /// The pattern without its leading `!`.
    let pattern: String
    let negated: Bool
    /// `[NC]`.
    let caseless: Bool
    /// `[OR]`: this condition or the next one.
    let orNext: Bool

    static func parse(_ d: ApacheDirective) throws -> ApacheRewriteCond {
        guard d.args.count == 2 || d.args.count == 3 else {
            throw ImportError(
                file: d.file, line: d.line, column: d.column, message: "RewriteCond takes a test string, a pattern and optional [flags]")
        }
        var caseless = false
        var orNext = false
        if d.args.count == 3 {
            for flag in try ApacheFlags.split(d.args[2], directive: d, argument: 2) {
                switch flag.name.lowercased() {
                case "nc", "nocase": caseless = true
                case "or", "ornext": orNext = true
                case "nv", "novary": break
                default:
                    throw ImportError(
                        file: d.file, line: d.line, column: d.argColumns[2], message: "unknown RewriteCond flag '\(flag.name)' (known: NC, OR, NV)")
                }
            }
        }
        var pattern = d.args[1]
        let negated = pattern.hasPrefix("!")
        if negated { pattern.removeFirst() }
        return ApacheRewriteCond(directive: d, testString: d.args[0], pattern: pattern, negated: negated, caseless: caseless, orNext: orNext)
    }

    /// The groups of the pattern (`%1`…): none for an `=` comparison or a pattern Detour cannot read.
    var groupCount: Int {
        guard !pattern.hasPrefix("="), !negated, case .success(let r) = ApacheRegex.portable(pattern, caseless: caseless) else { return 0 }
        return r.groupCount
    }

    /// What the condition asks of a request, in Detour's terms.
    enum Meaning {
        /// Always true where the rule applies (`%{HTTPS} off` in a plain-http vhost).
        case always
        /// Never true there: the rule never applies.
        case never
        /// The request host is one of these; each with the texts of the pattern's groups (`%1`…).
        case hosts([(host: HostPattern, groups: [String])])
        case methods([String])
        case condition(Condition)
        /// A pattern on the path (`%{REQUEST_URI}`), with its groups for `%1`…
        case path(PortableRegex)
        /// A pattern on the path as sent (an environment variable set from `%{THE_REQUEST}`).
        case rawPath(PortableRegex)
        /// `http` or `https` (`%{REQUEST_SCHEME}` or a variable that holds it).
        case scheme(String)
        /// `%{TIME}` compared with a moment: from `starts` (inclusive) until `expires` (exclusive).
        case window(starts: Timestamp?, expires: Timestamp?)
        /// An `expr` that hashes a client key below a threshold.
        case rollout(Rollout)
        /// A variable that is set when these conditions held: they are tested in its place.
        case conjunction([ApacheRewriteCond])
        /// A cookie or query parameter is sent; a following `RewriteCond %1 …` tests its value.
        case capture(ApacheCapture, Condition)
        /// A `txt:` map looked up with the path: the paths it holds, each with the groups the
        /// pattern takes from its value.
        case lookup([(path: String, groups: [String])], raw: Bool)
    }

    /// What the rule's context knows: the names the vhost answers and its scheme.
    struct Context {
        var hosts: [HostPattern]
        /// "http" or "https" when the vhost serves only that scheme; nil when unknown (`.htaccess`).
        var scheme: String?
        /// The variables `[E=…]` set so far, and the context's maps.
        var environment = ApacheEnvironment(maps: ApacheRewriteMaps([]))
    }

    /// `NAME` of a test string that is exactly `%{NAME}`.
    var variable: String? {
        guard testString.hasPrefix("%{"), testString.hasSuffix("}") else { return nil }
        let v = String(testString.dropFirst(2).dropLast())
        return v.contains("%{") || v.contains("}") ? nil : v
    }

    func meaning(in context: Context) -> Result<Meaning, ImportWhy> {
        if testString.lowercased() == "expr" { return ApacheRolloutExpr.meaning(pattern, negated: negated) }
        if testString.hasPrefix("${") { return lookupMeaning(context.environment) }
        if let v = self.variable, v.uppercased().hasPrefix("ENV:") { return environmentMeaning(String(v.dropFirst(4)), context) }
        if self.variable?.uppercased() == "TIME" { return timeMeaning() }
        if ["QUERY_STRING", "HTTP_COOKIE", "HTTP:COOKIE"].contains(self.variable?.uppercased() ?? ""), let capture = ApacheCapture.of(self) {
            switch capture {
            case .cookie(let name): return .success(.capture(capture, Condition(kind: .cookie, name: name, value: .present)))
            case .queryParameter(let name): return .success(.capture(capture, Condition(kind: .query, name: name, value: .present)))
            default: break
            }
        }
        let variable = testString.hasPrefix("%{") && testString.hasSuffix("}") ? String(testString.dropFirst(2).dropLast()) : nil
        guard let variable, !variable.contains("%{") else {
            return .failure(ImportWhy("the test string '\(testString)' is not a single %{VARIABLE} Detour can compare"))
        }
        if let first = pattern.first, first == "-" || first == "<" || first == ">" {
            return .failure(ImportWhy("'\(pattern)' tests files or compares numbers and text, which depends on the server, not the request"))
        }
        let upper = variable.uppercased()
        switch upper {
        case "HTTP_HOST", "SERVER_NAME": return hostMeaning(context)
        case "HTTPS":
            guard let scheme = context.scheme else { return schemeMeaning(["http": "off", "https": "on"]) }
            return .success(holds(scheme == "https" ? "on" : "off") ? .always : .never)
        case "REQUEST_SCHEME":
            guard let scheme = context.scheme else { return schemeMeaning(["http": "http", "https": "https"]) }
            return .success(holds(scheme) ? .always : .never)
        case "REQUEST_METHOD":
            guard !negated else { return .failure(ImportWhy("a negated method test matches methods Detour cannot list")) }
            if pattern.hasPrefix("=") { return .success(.methods([String(pattern.dropFirst()).uppercased()])) }
            guard case .success(let r) = ApacheRegex.portable(pattern, caseless: caseless), let names = RegexFiniteLanguage.hosts(r) else {
                return .failure(ImportWhy("the method pattern is not an anchored list of names (like ^(GET|HEAD)$)"))
            }
            return .success(.methods(names.map { $0.uppercased() }))
        case "REQUEST_URI":
            guard !negated else {
                return .failure(ImportWhy("a negated path test cannot be combined with the rule's own pattern in one Detour source"))
            }
            if pattern.hasPrefix("=") {
                guard let r = try? PortableRegex("^" + NginxRegex.escaped(String(pattern.dropFirst())) + "$") else {
                    return .failure(ImportWhy("the path cannot be matched exactly"))
                }
                return .success(.path(r))
            }
            return ApacheRegex.portable(pattern, caseless: caseless).map { .path($0) }
        case "QUERY_STRING":
            return .failure(ImportWhy("%{QUERY_STRING} is compared as one text; Detour matches query parameters one by one"))
        default:
            let header: String?
            if upper.hasPrefix("HTTP:") {
                header = String(variable.dropFirst(5))
            } else {
                header = ["HTTP_USER_AGENT": "User-Agent", "HTTP_REFERER": "Referer", "HTTP_COOKIE": "Cookie", "HTTP_ACCEPT": "Accept"][upper]
            }
            guard let header, !header.isEmpty else { return .failure(ImportWhy("%{\(variable)} has no Detour condition")) }
            return headerMeaning(header)
        }
    }

    /// Whether the (literal) value satisfies the condition, as mod_rewrite tests it.
    func holds(_ value: String) -> Bool {
        let result: Bool
        if pattern.hasPrefix("=") {
            let want = String(pattern.dropFirst())
            result = caseless ? want.lowercased() == value.lowercased() : want == value
        } else if case .success(let r) = ApacheRegex.portable(pattern, caseless: caseless) {
            result = CompiledRegex(r).matches(Array(value.utf8))
        } else {
            result = false
        }
        return result != negated
    }

    func hostMeaning(_ context: Context) -> Result<Meaning, ImportWhy> {
        if !negated, let patterns = ApacheHostAlternation.hosts(pattern) {
            return .success(.hosts(patterns.map { ($0, []) }))
        }
        if pattern.hasPrefix("=") && !negated {
            guard let h = HostPattern(text: String(pattern.dropFirst())) else {
                return .failure(ImportWhy("'\(pattern.dropFirst())' is not a host name"))
            }
            return .success(.hosts([(h, [])]))
        }
        var regex: PortableRegex?
        if !pattern.hasPrefix("=") {
            switch ApacheRegex.portable(pattern, caseless: true) {
            case .success(let r): regex = r
            case .failure(let why): return .failure(why)
            }
        }
        if let regex, !negated, let names = RegexFiniteLanguage.hosts(regex) {
            let compiled = CompiledRegex(regex)
            let hosts: [(host: HostPattern, groups: [String])] = names.compactMap { name in
                guard let h = HostPattern(text: name), let groups = compiled.captures(Array(name.utf8)) else { return nil }
                return (h, groups)
            }
            guard !hosts.isEmpty else { return .failure(ImportWhy("the host pattern matches no valid host name")) }
            return .success(.hosts(hosts))
        }
        // An open pattern or a negation: decided on the names this vhost answers.
        var names: [String] = []
        for h in context.hosts {
            guard case .exact(let name) = h else {
                return .failure(ImportWhy("the host test cannot be decided for the wildcard name \(h) this vhost answers"))
            }
            names.append(name)
        }
        guard !names.isEmpty else {
            return .failure(ImportWhy("the host test is open-ended and the site's names are unknown (give them with --host or ServerName)"))
        }
        var out: [(host: HostPattern, groups: [String])] = []
        for name in names where holds(name) {
            let groups = negated || regex == nil ? [] : CompiledRegex(regex!).captures(Array(name.utf8)) ?? []
            out.append((.exact(name), groups))
        }
        guard !out.isEmpty else {
            // httpd may still get other names (a default vhost, an .htaccess): not a silent drop.
            return .failure(
                ImportWhy(
                    "the host test matches none of the site's names (\(names.joined(separator: ", "))); the hosts it does match are unknown to Detour"
                ))
        }
        return .success(.hosts(out))
    }

    private func headerMeaning(_ name: String) -> Result<Meaning, ImportWhy> {
        guard !negated else { return .failure(ImportWhy("a negated header test also matches requests without the header, which Detour cannot say")) }
        if pattern.hasPrefix("=") {
            let value = String(pattern.dropFirst())
            guard !value.isEmpty, !caseless else { return .failure(ImportWhy("the header comparison has no Detour form")) }
            return .success(.condition(Condition(kind: .header, name: name, value: .exact(value))))
        }
        switch ApacheRegex.portable(pattern, caseless: caseless) {
        case .success(let r):
            // mod_rewrite tests a missing header as the empty text; Detour's regex needs the header.
            guard !CompiledRegex(r).matches([]) else {
                return .failure(ImportWhy("the pattern also matches a missing (empty) header, which a Detour condition does not"))
            }
            return .success(.condition(Condition(kind: .header, name: name, value: r.pattern == "[\\s\\S]" ? .present : .regex(r))))
        case .failure(let why): return .failure(why)
        }
    }
}
