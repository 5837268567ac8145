/// Caddy 2.6 Caddyfile (cookbook §5): everything inside one `route { }`, whose handlers run in the
/// written order, and `redir` ends the route, so the first rule that applies wins. Paths are
/// matched raw and case-sensitively with `vars_regexp` on `{http.request.orig_uri}` (Caddy's own
/// path matcher decodes and ignores case); host, conditions and time windows are CEL expressions.
public struct CaddyExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .caddy,
            support: [
                .exact: .native("`vars_regexp` on the raw request URI"),
                .prefix: .native("`vars_regexp` on the raw request URI, rest captured"),
                .regex: .native("RE2 via `vars_regexp` on the raw request URI"),
                .host: .native("CEL on `{http.request.host}`, case-insensitive, trailing dot allowed"),
                .scheme: .native("CEL on `{http.request.scheme}` (https on a TLS site address)"),
                .schemeHeader: .native("CEL on the trusted header's placeholder (`http`/`https`, any case), else `{http.request.scheme}`"),
                .methods: .native("`method` matcher"),
                .conditions: .native("CEL on header, cookie and query placeholders"),
                .queryKeep: .native("query from the raw URI via `map`"),
                .queryDrop: .native("target without the query"),
                .cacheHeader: .native("`header @rule Cache-Control` before `redir`"),
                .rolloutByIP: .native("`reverse_proxy` `lb_policy header` over helper sockets, keyed on `salt:{http.request.remote.host}`"),
                .rolloutByCookie: .native("`reverse_proxy` `lb_policy header` over helper sockets, keyed on `salt:{http.request.cookie.NAME}`"),
                .rolloutByHeader: .native("`reverse_proxy` `lb_policy header` over helper sockets, keyed on `salt:{http.request.header.NAME}`"),
                .timeWindow: .native("CEL `int({time.now.unix})`")
            ],
            residualDifferences: [
                "paths are matched as sent (raw): percent-encoded unreserved characters are not decoded and hex case is kept",
                "query conditions with a regex value test the decoded first value (`{http.request.uri.query.NAME}`)",
                "an empty header or cookie counts as absent; repeated headers are joined with ','",
                "`{host}` in a target is the Host as sent (not lower-cased)",
                "a rollout keyed on a repeated header hashes its values joined with ','; one on a cookie whose value Go's parser rejects hashes an empty value"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(set, options: options, capabilities: capabilities, check: check, render: render)
    }

    private func check(_ r: PreparedRule) throws {
        for c in r.conditions where !CaddySyntax.isName(c.name) {
            throw ExportError.unsafeCharacter(
                rule: r.id, line: r.line, field: "\(c.kind) condition name", character: "'\(c.name)'",
                reason: "Caddy placeholders carry only letters, digits, '-' and '_'")
        }
        // Go's cookie parser drops a cookie whose value has bytes outside RFC 6265 cookie-octets,
        // so Caddy would never see it: refuse rather than silently never match.
        for c in r.conditions where c.kind == .cookie {
            if case .exact(let v) = c.value, let bad = v.unicodeScalars.first(where: { !CaddySyntax.isCookieOctet($0) }) {
                throw ExportError.unsupportedFeature(
                    rule: r.id, line: r.line, feature: .conditions,
                    why: "cookie value contains '\(bad)', which Caddy's Go cookie parser drops (RFC 6265 cookie-octets only)")
            }
        }
        try CaddyRolloutBlock.checkKeyName(r)
        do { _ = try block(r) } catch let e as CaddySyntaxError {
            throw ExportError.unsafeCharacter(
                rule: r.id, line: r.line, field: "rule text", character: e.character, reason: "a Caddyfile raw string cannot hold it")
        }
    }

    private func render(_ plan: ExportPlan) throws -> (files: [ExportedFile], mainFile: String?) {
        var route = """
            route {
            \tmap {http.request.orig_uri} {detour_path} {detour_query} {detour_qq} {detour_aq} {
            \t\t~^([^?]*)\\?(.+)$ "${1}" "${2}" "?${2}" "&${2}"
            \t\t~^([^?]*)\\?$ "${1}" "" "" ""
            \t\t~^([^?]*)$ "${1}" "" "" ""
            \t}

            """
        let siteCheck =
            plan.site.hosts.isEmpty
            ? nil : "{http.request.host}.matches(\(CaddySyntax.celRegex("(?i)^(?:" + PreparedRule.hostAlternation(plan.site.hosts) + ")\\.?$")))"
        var i = 0
        var groupCount = 0
        let rules = plan.rules
        while i < rules.count {
            if rules[i].isPlainExact, rules[i].literalTarget != nil, rules[i].targetHasFragment == false {
                // A run of plain exact rules: one `map` lookup instead of a matcher per rule.
                let (groups, j) = ExactRuns.collect(
                    rules, from: i, while: { $0.isPlainExact && $0.literalTarget != nil && $0.targetHasFragment == false },
                    key: { "\($0.code)|\($0.cacheHeader ?? "")|\($0.keepsQuery)|\($0.targetHasQuery)" })
                for g in groups {
                    let first = g[0]
                    groupCount += 1
                    let v = "detour_g\(groupCount)"
                    route += "\t# \(g.count) exact rule\(g.count == 1 ? "" : "s") (first: \(first.id), line \(first.line))\n"
                    route += "\tmap {detour_path} {\(v)} {\n"
                    for r in g { route += "\t\t\(try CaddySyntax.raw(r.exactPath!)) \(try CaddySyntax.raw(r.literalTarget!))\n" }
                    route += "\t\tdefault \"\"\n\t}\n"
                    var cel = ["{\(v)} != \"\""]
                    if let siteCheck { cel.append(siteCheck) }
                    route += "\t@\(v) expression \(try CaddySyntax.rawUnescaped(cel.joined(separator: " && ")))\n"
                    if let cc = first.cacheHeader { route += "\theader @\(v) Cache-Control \(try CaddySyntax.raw(cc))\n" }
                    let q = first.keepsQuery ? (first.targetHasQuery ? "\u{1}detour_aq\u{2}" : "\u{1}detour_qq\u{2}") : ""
                    route += "\tredir @\(v) \(try CaddySyntax.raw("\u{1}\(v)\u{2}" + q)) \(first.code)\n"
                }
                i = j
                continue
            }
            route += try block(rules[i], siteCheck: siteCheck, schemeHeader: plan.site.schemeHeader)
            i += 1
        }
        route += "}\n"
        let header = plan.header.text()
        var files = [ExportedFile(name: "detour.caddy", contents: header + "# Import inside the site block, first: import detour.caddy\n" + route)]
        let helpers = CaddyRolloutBlock.helperSites(plan.rules.compactMap(\.partialRollout))
        if let helpers { files.append(ExportedFile(name: CaddyRolloutBlock.helperFile, contents: header + helpers)) }
        var main: String? = nil
        let dir = plan.options.directory
        if let listen = plan.options.standaloneListen {
            main = "Caddyfile"
            files.append(
                ExportedFile(
                    name: "Caddyfile",
                    contents: header + """
                        # Standalone redirect-only Caddy. From DIR: caddy run --config Caddyfile --adapter caddyfile
                        {
                        \tadmin off
                        \tauto_https off
                                    \tstorage file_system \(try CaddySyntax.path(dir + "/caddy-data", directory: dir))
                        }

                        http://:\(listen.port) {
                        \tbind \(listen.host)
                        \troute {
                        \t\timport detour.caddy
                        \t\trespond "no redirect" 404
                        \t}
                        }

                        """ + (helpers == nil ? "" : "import \(CaddyRolloutBlock.helperFile)\n")))
        }
        files.append(
            ExportedFile(
                name: "README",
                contents: """
                    Detour export for Caddy 2.6 (\(plan.rules.count) rules)

                    - detour.caddy: one `route { }` with every rule in order. `import detour.caddy` as the first
                      line of the site block (a `route` keeps its handlers in the written order; put it before
                      other handlers of the site, e.g. inside your own top-level `route`).
                    - Caddyfile (standalone only): a complete redirect-only server; from DIR run
                          caddy run --config Caddyfile --adapter caddyfile
                      Every other request gets 404. Storage stays in DIR/caddy-data; admin and automatic HTTPS are off.
                    \(plan.site.schemeHeader.map { h in
                        "- Rules with a `scheme` read it from the `\(h)` header (site.scheme_header), which the\n"
                        + "  TLS-terminating proxy in front of Caddy must always set or overwrite (Caddy's own\n"
                        + "  reverse_proxy sets X-Forwarded-Proto); without it {http.request.scheme} decides."
                    } ?? "- Rules with a `scheme` read {http.request.scheme}: https on a TLS site address. Behind a\n"
                        + "  TLS-terminating proxy set `site.scheme_header: X-Forwarded-Proto`.")\(helpers == nil ? "" : "\n" + Self.rolloutReadme)

                    Capabilities
                    \(capabilities.markdown)
                    Residual differences from Detour's semantics (modelled by `detour simulate --as caddy`)
                    \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

                    """))
        return (files, main)
    }

    private static let rolloutReadme = """
        - \(CaddyRolloutBlock.helperFile): helper listeners for the rollout rules, on unix sockets in
          Caddy's working directory (`unix/detour-rollout-L-B.sock`). `import \(CaddyRolloutBlock.helperFile)` at the
          top level of the Caddyfile, outside every site block (the standalone Caddyfile does).
          A rollout rule sets `\(CaddyRolloutBlock.keyHeader): salt:value` and lets `reverse_proxy`
          `lb_policy header` pick a socket: Caddy 2.6 picks the highest fnv32a(key + socket name), so
          the socket names are part of the hash and must stay as written. Shares other than k/M with
          M <= 10 take one more pick per decimal digit (at most four). The helper hop is a GET
          (`method GET`); a POST that falls through still reaches later handlers with its body, and the
          key header is removed before them. Caddy replaces stale socket files at start.
        """

    private func block(_ r: PreparedRule, siteCheck: String? = nil, schemeHeader: String? = nil) throws -> String {
        let m = "detour_r\(r.index)"
        // The path regex runs on "path?query": the path part must match, the query is skipped.
        let uriRegex = "^[^?]*?(?:" + r.pathRegex(endAnchor: "(?:\\?|$)") + ")"
        var lines = ["\t\tvars_regexp \(m) {http.request.orig_uri} \(try CaddySyntax.rawUnescaped(uriRegex))"]
        if let methods = r.methods { lines.append("\t\tmethod " + methods.joined(separator: " ")) }
        var cel: [String] = []
        let presence = r.partialRollout.map { CaddyRolloutBlock.keyPresence($0.key) }
        if let line = presence?.matcherLine { lines.append(line) }
        if r.rule.host != nil, let re = r.hostRegex {
            cel.append("{http.request.host}.matches(\(CaddySyntax.celRegex("(?i)^(?:" + re + ")\\.?$")))")
        } else if let siteCheck {
            cel.append(siteCheck)
        }
        if let scheme = r.scheme { cel.append(schemeTest(scheme, header: schemeHeader)) }
        for c in r.conditions {
            let ph: String
            switch c.kind {
            case .header: ph = "{http.request.header.\(c.name)}"
            case .cookie: ph = "{http.request.cookie.\(c.name)}"
            case .query: ph = "{http.request.uri.query.\(c.name)}"
            }
            if c.kind == .query, let re = QueryParameterRegex.pattern(name: c.name, value: c.value) {
                // {http.request.uri.query.NAME} decodes and drops pairs with ';': match the raw query.
                cel.append("{http.request.uri.query}.matches(\(CaddySyntax.celRegex(re)))")
                continue
            }
            switch c.value {
            case .present where c.kind == .cookie:
                // A missing cookie's placeholder is not "", so test the Cookie header itself.
                cel.append("{http.request.header.Cookie}.matches(\(CaddySyntax.celRegex("(?:^|;\\s*)" + RegexEmitter.literalString(c.name) + "=")))")
            case .present: cel.append("\(ph) != \"\"")
            case .exact(let v): cel.append("\(ph) == \(CaddySyntax.celString(v))")
            case .regex(let re): cel.append("\(ph).matches(\(CaddySyntax.celRegex(RegexEmitter.emit(re.root))))")
            }
        }
        if let s = r.rule.starts { cel.append("int({time.now.unix}) >= \(s.secondsSinceEpoch)") }
        if let e = r.rule.expires { cel.append("int({time.now.unix}) < \(e.secondsSinceEpoch)") }
        if let test = presence?.cel { cel.append(test) }
        if !cel.isEmpty { lines.append("\t\texpression " + (try CaddySyntax.rawUnescaped(cel.joined(separator: " && ")))) }
        var s = "\t# rule \(r.id) (line \(r.line))\n\t@\(m) {\n" + lines.joined(separator: "\n") + "\n\t}\n"
        var redirecting = m
        if let rollout = r.partialRollout {
            let (handlers, inside) = try CaddyRolloutBlock.handlers(rollout, salt: r.rule.rolloutSalt, matcher: m)
            s += handlers
            redirecting = inside
        }
        if let cc = r.cacheHeader { s += "\theader @\(redirecting) Cache-Control \(try CaddySyntax.raw(cc))\n" }
        s += "\tredir @\(redirecting) \(try CaddySyntax.raw(location(r, m))) \(r.code)\n"
        return s
    }

    /// The CEL test of a rule's scheme: the trusted header's `http`/`https` when it carries one,
    /// else the connection's scheme.
    private func schemeTest(_ scheme: String, header: String?) -> String {
        let connection = "{http.request.scheme} == \"\(scheme)\""
        guard let header else { return connection }
        let ph = "{http.request.header.\(header)}"
        return
            "(\(ph).matches(\(CaddySyntax.celRegex("(?i)^" + scheme + "$"))) || (!\(ph).matches(\(CaddySyntax.celRegex("(?i)^https?$"))) && \(connection)))"
    }

    private func location(_ r: PreparedRule, _ m: String) -> String {
        let (before, after) = r.targetAroundQuery
        // Placeholders are added after escaping: they are the only braces Caddy may expand.
        func text(_ p: PreparedRule.Piece) -> String {
            switch p {
            case .literal(let t): return t
            case .capture(let n): return "\u{1}re.\(m).\(n)\u{2}"
            case .host: return "\u{1}http.request.host\u{2}"
            case .path: return "\u{1}detour_path\u{2}"
            case .query: return "\u{1}detour_query\u{2}"
            }
        }
        var s = before.map(text).joined()
        if r.keepsQuery { s += r.targetHasQuery ? "\u{1}detour_aq\u{2}" : "\u{1}detour_qq\u{2}" }
        return s + after.map(text).joined()
    }
}
