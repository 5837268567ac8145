/// One Single Redirect rule of the zone's `http_request_dynamic_redirect` ruleset: a Rules
/// language expression (path, host, scheme, method, header, cookie and query tests) and a
/// dynamic target (`concat`, `substring`, `regex_replace`), the code, and whether the request's
/// query is kept. Cloudflare stops at the first rule of the phase that matches, so the rules keep
/// Detour's order.
struct CloudflareSingleRedirect: Sendable {
    let ruleID: String
    let expression: String
    /// A static `value` or a dynamic `expression`.
    let target: Target
    let status: Int
    let preserveQueryString: Bool

    enum Target: Sendable, Hashable {
        case value(String)
        case expression(String)
    }

    /// The field a relative target's scheme comes from: `https://` or `http://`, read from the
    /// full URI with the lazy `*` of `wildcard_replace`.
    static let requestScheme = #"wildcard_replace(http.request.full_uri, "*://*", "${1}://")"#

    /// The rules for `r` (two when a relative target needs the scheme and `wildcard_replace` is
    /// taken); throws the refusal naming the feature Cloudflare cannot express on `plan`.
    static func make(_ r: PreparedRule, plan: CloudflarePlan, site: SiteSettings) throws -> [CloudflareSingleRedirect] {
        func refuse(_ feature: ExportFeature, _ why: String) -> ExportError {
            ExportError.unsupportedFeature(rule: r.id, line: r.line, feature: feature, why: why)
        }
        let pathFeature: ExportFeature = r.exactPath != nil ? .exact : r.prefix != nil ? .prefix : .regex
        guard CloudflareBulkRow.statuses.contains(r.code) else {
            throw refuse(pathFeature, "Cloudflare redirects answer 301, 302, 307 or 308 only; \(r.code) cannot be sent")
        }
        if site.schemeHeader != nil && r.scheme != nil {
            throw refuse(.schemeHeader, "Cloudflare terminates TLS itself; `ssl` tells the scheme, not a forwarded header")
        }
        if r.keepsQuery && (r.targetHasQuery || r.targetHasFragment) {
            throw refuse(.queryKeep, "where Cloudflare puts a kept query on a target with its own query or fragment is not documented")
        }
        var tests: [String] = []
        let regexPattern: String?
        if let exact = r.exactPath {
            tests.append("http.request.uri.path eq \(quoted(exact))")
            regexPattern = nil
        } else if let prefix = r.prefix {
            tests.append("starts_with(http.request.uri.path, \(quoted(prefix)))")
            regexPattern = nil
        } else {
            guard plan.allowsRegex else {
                throw refuse(
                    .regex,
                    "the `matches` operator needs a Business or Enterprise plan (the site's plan is \(plan.title): set `plan:` in its cloudflare exports entry)"
                )
            }
            let pattern = RegexEmitter.emit(r.regexRoot!, excluding: CloudflareSyntax.neverInNormalisedPath)
            tests.append("http.request.uri.path matches \(quoted(pattern))")
            regexPattern = pattern
        }
        if let hosts = hostTest(r.hosts) { tests.append(hosts) }
        if let scheme = r.scheme { tests.append(scheme == "https" ? "ssl" : "not ssl") }
        if let methods = r.methods {
            tests.append(
                methods.count == 1
                    ? "http.request.method eq \(quoted(methods[0]))" : "http.request.method in {\(methods.map(quoted).joined(separator: " "))}")
        }
        for c in r.conditions {
            tests.append(try conditionTest(c, plan: plan, refuse: refuse))
        }
        // The window as Detour reads it: active from `starts` (included) to `expires` (excluded).
        if let starts = r.rule.starts { tests.append("http.request.timestamp.sec ge \(starts.secondsSinceEpoch)") }
        if let expires = r.rule.expires { tests.append("http.request.timestamp.sec lt \(expires.secondsSinceEpoch)") }
        let relative: Bool
        if case .literal(let first)? = r.target.first {
            relative = first.hasPrefix("/") && !first.hasPrefix("//")
        } else {
            relative = r.target.isEmpty
        }
        let usesRegexReplace = regexPattern != nil && r.target.contains { if case .capture = $0 { return true } else { return false } }
        // A relative target needs the request's scheme; wildcard_replace cannot share an
        // expression with regex_replace, so then one rule per scheme.
        let schemes: [String?] = relative && r.scheme == nil && usesRegexReplace ? ["https", "http"] : [r.scheme]
        var out: [CloudflareSingleRedirect] = []
        for scheme in schemes {
            var parts: [String] = []
            if relative {
                parts.append(scheme.map { quoted($0 + "://") } ?? requestScheme)
                parts.append("http.host")
            }
            parts += try targetParts(r, regex: regexPattern, refuse: { refuse(pathFeature, $0) })
            var expressionTests = tests
            if scheme != nil && r.scheme == nil { expressionTests.append(scheme == "https" ? "ssl" : "not ssl") }
            let expression = expressionTests.joined(separator: " and ")
            guard expression.count <= CloudflareLimits.expressionLength.maximum else {
                throw refuse(
                    pathFeature,
                    "its expression is \(expression.count) characters, over the \(CloudflareLimits.expressionLength.maximum) \(CloudflareLimits.expressionLength.what)"
                )
            }
            let target: Target
            if parts.count == 1, let literal = CloudflareSyntax.unquoted(parts[0]) {
                target = .value(literal.isEmpty ? "/" : literal)
            } else {
                target = .expression(parts.count == 1 ? parts[0] : "concat(" + parts.joined(separator: ", ") + ")")
            }
            out.append(
                CloudflareSingleRedirect(ruleID: r.id, expression: expression, target: target, status: r.code, preserveQueryString: r.keepsQuery))
        }
        return out
    }

    /// The pieces of the target after a relative target's origin: literals quoted, the prefix
    /// rest as a `substring`, regex captures (one run with the literals between them) as the
    /// replacement of one `regex_replace` over the whole path.
    private static func targetParts(_ r: PreparedRule, regex: String?, refuse: (String) -> ExportError) throws -> [String] {
        var parts: [String] = []
        var run: String? = nil
        var runs = 0
        var references = 0
        func closeRun() {
            if let text = run, let regex {
                parts.append("regex_replace(http.request.uri.path, \(quoted("^.*?(?:" + regex + ").*$")), \(quoted(text)))")
                run = nil
            }
        }
        for piece in r.target {
            switch piece {
            case .literal(let t):
                if run != nil { run! += t.replacingOccurrences(of: "$", with: "$$") } else { parts.append(quoted(t)) }
            case .capture(let n):
                if regex == nil {
                    parts.append("substring(http.request.uri.path, \(r.prefix!.utf8.count))")
                    continue
                }
                if run == nil {
                    runs += 1
                    guard runs == 1 else {
                        throw refuse(
                            "its target names captures on both sides of another placeholder; Cloudflare allows one regex_replace() per expression")
                    }
                    // Literals just before the first capture join the replacement.
                    var text = ""
                    while let last = parts.last, let literal = CloudflareSyntax.unquoted(last) {
                        text = literal.replacingOccurrences(of: "$", with: "$$") + text
                        parts.removeLast()
                    }
                    run = text
                }
                references += 1
                guard references <= CloudflareLimits.replacementReferences else {
                    throw refuse("its target names more than \(CloudflareLimits.replacementReferences) captures, the most one regex_replace() takes")
                }
                run! += "${\(n)}"
            case .host:
                closeRun()
                parts.append("http.host")
            case .path:
                closeRun()
                parts.append("http.request.uri.path")
            case .query:
                closeRun()
                parts.append("raw.http.request.uri.query")
            }
        }
        closeRun()
        // Literals after the last capture were added to the run; a run never ends the list early.
        return parts
    }

    /// `http.host eq "a"`, `http.host in {"a" "b"}`, `ends_with(http.host, ".b")`, or several of
    /// these with `or`; nil for every host.
    static func hostTest(_ hosts: [HostPattern]) -> String? {
        guard !hosts.isEmpty else { return nil }
        var exact: [String] = []
        var tests: [String] = []
        for h in hosts {
            switch h {
            case .exact(let name): exact.append(name)
            case .suffix(let s): tests.append("ends_with(http.host, \(quoted("." + s)))")
            }
        }
        if exact.count == 1 { tests.insert("http.host eq \(quoted(exact[0]))", at: 0) }
        if exact.count > 1 { tests.insert("http.host in {\(exact.map(quoted).joined(separator: " "))}", at: 0) }
        return tests.count == 1 ? tests[0] : "(" + tests.joined(separator: " or ") + ")"
    }

    /// A header (first value, name lower-cased as the map keys are), cookie or raw query
    /// parameter test (first value, as Detour reads it).
    private static func conditionTest(_ c: Condition, plan: CloudflarePlan, refuse: (ExportFeature, String) -> ExportError) throws -> String {
        let field: String
        switch c.kind {
        case .header: field = "http.request.headers[\(quoted(c.name.lowercased()))]"
        case .cookie:
            guard plan.allowsCookies else {
                throw refuse(
                    .conditions, "the `http.request.cookies` field needs a Pro, Business or Enterprise plan (the site's plan is \(plan.title))")
            }
            field = "http.request.cookies[\(quoted(c.name))]"
        case .query: field = "raw.http.request.uri.args[\(quoted(c.name))]"
        }
        switch c.value {
        case .present: return "len(\(field)) gt 0"
        case .exact(let v): return "\(field)[0] eq \(quoted(v))"
        case .regex(let re):
            guard plan.allowsRegex else {
                throw refuse(
                    .conditions, "a regex value needs the `matches` operator, a Business or Enterprise feature (the site's plan is \(plan.title))")
            }
            return "\(field)[0] matches \(quoted(RegexEmitter.emit(re.root)))"
        }
    }

    static func quoted(_ s: String) -> String { CloudflareSyntax.quoted(s) }

    /// The rule as one JSON object of the ruleset's `rules`.
    var json: String {
        let targetField: String
        switch target {
        case .value(let v): targetField = "{\"value\": \(JSON.string(v))}"
        case .expression(let e): targetField = "{\"expression\": \(JSON.string(e))}"
        }
        return "{\"description\": \(JSON.string("detour " + ruleID)), \"expression\": \(JSON.string(expression)), \"action\": \"redirect\", "
            + "\"action_parameters\": {\"from_value\": {\"target_url\": \(targetField), \"status_code\": \(status), \"preserve_query_string\": \(preserveQueryString)}}}"
    }
}
