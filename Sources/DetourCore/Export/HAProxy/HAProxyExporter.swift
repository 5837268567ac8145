/// HAProxy 2.6 (cookbook §4): `http-request` rules in file order; a `redirect` ends processing, so
/// the first rule that applies wins. Runs of plain exact rules become map files (one lookup per
/// request). The raw `path` is matched; HAProxy's automatic `Cache-Control: no-cache` on
/// 302/303/307 is replaced by the rule's cache policy (or removed) in `http-after-response`.
public struct HAProxyExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .haproxy,
            support: [
                .exact: .native("map file on the raw `path` (`map()` converter)"),
                .prefix: .native("`-m reg` on the raw path, rest captured with `regsub`"),
                .regex: .native("PCRE on the raw path"),
                .host: .native("`Host` without port, lower-cased, trailing dot removed"),
                .scheme: .native("`ssl_fc` (https on a `bind … ssl` listener)"),
                .schemeHeader: .native("`req.fhdr(Name,1)` of the trusted header (`http`/`https`, any case), else `ssl_fc`"),
                .methods: .native("`method` ACL"),
                .conditions: .native("`req.fhdr()`, `req.cook()`, `url_param()`"),
                .queryKeep: .native("`query` appended"),
                .queryDrop: .native("target without the query"),
                .cacheHeader: .native("`http-after-response set-header Cache-Control`"),
                .rolloutByIP: .native("`\"salt:%[src]\",xxh32(0),mod(10000) lt N`"),
                .rolloutByCookie: .native("`\"salt:%[req.cook(NAME)]\",xxh32(0),mod(10000) lt N`"),
                .rolloutByHeader: .native("`\"salt:%[req.fhdr(NAME,1)]\",xxh32(0),mod(10000) lt N`"),
                .timeWindow: .native("`date` (epoch seconds)")
            ],
            residualDifferences: [
                "paths are matched as sent (raw): percent-encoded unreserved characters are not decoded and hex case is kept",
                "a repeated cookie counts by its last occurrence (`req.cook`)",
                "query conditions with a regex value test `url_param`, which also ends a value at ';' (exact and `*` values match the raw query)"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(set, options: options, capabilities: capabilities, check: check, render: render)
    }

    private func check(_ r: PreparedRule) throws {
        for c in r.conditions where !HAProxySyntax.isName(c.name) {
            throw ExportError.unsafeCharacter(
                rule: r.id, line: r.line, field: "\(c.kind) condition name", character: "'\(c.name)'",
                reason: "HAProxy fetch arguments carry only letters, digits, '-', '_' and '.'")
        }
        switch r.partialRollout?.key {
        case .header(let n)?, .cookie(let n)?:
            guard HAProxySyntax.isName(n) else {
                throw ExportError.unsafeCharacter(
                    rule: r.id, line: r.line, field: "rollout key", character: "'\(n)'",
                    reason: "HAProxy fetch arguments carry only letters, digits, '-', '_' and '.'")
            }
        default: break
        }
    }

    private func render(_ plan: ExportPlan) throws -> (files: [ExportedFile], mainFile: String?) {
        let dir = plan.options.directory
        var files: [ExportedFile] = []
        var out =
            plan.header.text() + """
                # Paste (or keep in sync) inside the site's frontend, before its other http-request rules.
                    http-request set-var(txn.detour_path) path
                    http-request set-var(txn.detour_host) 'req.hdr(host),field(1,:),lower,regsub("\\.$","")'
                    http-request set-var(txn.detour_query) query
                    http-request set-var-fmt(txn.detour_qq) "?%[query]" if { query -m len gt 0 }
                    http-request set-var-fmt(txn.detour_aq) "&%[query]" if { query -m len gt 0 }

                """
        if plan.rules.contains(where: { $0.scheme != nil }) {
            out += "    http-request set-var(txn.detour_scheme) str(http)\n    http-request set-var(txn.detour_scheme) str(https) if { ssl_fc }\n"
            if let h = plan.site.schemeHeader {
                // The trusted proxy's header decides; without it the connection does.
                out +=
                    "    http-request set-var(txn.detour_scheme) req.fhdr(\(h),1),lower if { req.fhdr(\(h),1),lower -m str http https }\n"
            }
        }
        let site: String
        if plan.site.hosts.isEmpty {
            site = ""
        } else {
            out += "    acl detour_site var(txn.detour_host) -m reg '^(?:\(PreparedRule.hostAlternation(plan.site.hosts)))$'\n"
            site = " detour_site"
        }
        var i = 0
        var groupCount = 0
        let rules = plan.rules
        while i < rules.count {
            if rules[i].isPlainExact, rules[i].literalTarget != nil {
                let (groups, j) = ExactRuns.collect(
                    rules, from: i, while: { $0.isPlainExact && $0.literalTarget != nil },
                    key: { "\($0.code)|\($0.cacheHeader ?? "")|\($0.keepsQuery)|\($0.targetHasQuery)|\($0.targetHasFragment == false)" })
                for g in groups {
                    groupCount += 1
                    let name = "detour-g\(groupCount).map"
                    var mapText = plan.header.text()
                    for r in g {
                        let (before, after) = r.targetAroundQuery
                        let b = before.map {
                            if case .literal(let t) = $0 { return t }
                            return ""
                        }.joined()
                        let a = after.map {
                            if case .literal(let t) = $0 { return t }
                            return ""
                        }.joined()
                        // The fragment (after) is kept in a second map so the query goes before it.
                        mapText += r.exactPath! + " " + b + (a.isEmpty ? "" : "\t" + a) + "\n"
                    }
                    files.append(ExportedFile(name: name, contents: mapText))
                    let path = try HAProxySyntax.path(dir + "/" + name, directory: dir)
                    let first = g[0]
                    let conds = "{ var(txn.detour_path),map_str(\(path)) -m found }" + site
                    out += "    # \(g.count) exact rule\(g.count == 1 ? "" : "s") (first: \(first.id), line \(first.line)) in \(name)\n"
                    out += "    http-request set-var(txn.detour_map) 'var(txn.detour_path),map_str(\(path))' if \(conds)\n"
                    var loc = "%[var(txn.detour_map),field(1,\"\\t\")]"
                    if first.keepsQuery { loc += first.targetHasQuery ? "%[var(txn.detour_aq)]" : "%[var(txn.detour_qq)]" }
                    if !first.targetHasFragment == false { loc += "%[var(txn.detour_map),field(2,\"\\t\")]" }
                    out += marks(first, conds)
                    out += "    http-request redirect location \"\(loc)\" code \(first.code) if \(conds)\n"
                }
                i = j
                continue
            }
            out += try rule(rules[i], site: site)
            i += 1
        }
        out += """
                http-after-response set-header Cache-Control "%[var(txn.detour_cc)]" if { var(txn.detour_cc) -m found }
                http-after-response del-header Cache-Control if { var(txn.detour_redirect) -m found } !{ var(txn.detour_cc) -m found }

            """
        files.insert(ExportedFile(name: "detour-frontend.cfg", contents: out), at: 0)
        var main: String? = nil
        if let listen = plan.options.standaloneListen {
            main = "haproxy.cfg"
            files.append(
                ExportedFile(
                    name: "haproxy.cfg",
                    contents: plan.header.text() + """
                        # Standalone redirect-only HAProxy. Run in the foreground from DIR: haproxy -f haproxy.cfg
                        global
                            pidfile \(try HAProxySyntax.path(dir + "/haproxy.pid", directory: dir))
                            log stderr format raw local0 err
                        defaults
                            mode http
                            timeout connect 5s
                            timeout client 30s
                            timeout server 30s
                        frontend detour
                            bind \(listen.host):\(listen.port)
                        \(out.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n"))
                            http-request return status 404 content-type text/plain string "no redirect"

                        """))
        }
        files.append(
            ExportedFile(
                name: "README",
                contents: """
                    Detour export for HAProxy 2.6 (\(plan.rules.count) rules)

                    - detour-frontend.cfg: the http-request rules. Paste them into the site's `frontend` before its
                      other `http-request` rules (HAProxy has no include directive inside a section). They read
                      the map files detour-g*.map by the absolute path \(dir); move both together.
                      The two `http-after-response` lines set the rule's Cache-Control and remove the
                      `no-cache` HAProxy adds to 302/303/307 on its own.
                    - haproxy.cfg (standalone only): a complete redirect-only frontend; from DIR run
                      `haproxy -f haproxy.cfg`. Every other request gets 404.
                    \(plan.site.schemeHeader.map { h in
                        "- Rules with a `scheme` read it from the `\(h)` header (site.scheme_header), which the\n"
                        + "  TLS-terminating proxy in front of HAProxy must always set or overwrite (on an HAProxy\n"
                        + "  proxy: `http-request set-header \(h) https if { ssl_fc }`); without it `ssl_fc` decides."
                    } ?? "- Rules with a `scheme` read `ssl_fc`: https on a `bind … ssl crt …` listener. Behind a\n"
                        + "  TLS-terminating proxy set `site.scheme_header: X-Forwarded-Proto`.")

                    Capabilities
                    \(capabilities.markdown)
                    Residual differences from Detour's semantics (modelled by `detour simulate --as haproxy`)
                    \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

                    """))
        return (files, main)
    }

    /// The variables that tell http-after-response a Detour redirect went out, with its cache policy.
    private func marks(_ r: PreparedRule, _ conds: String) -> String {
        var s = "    http-request set-var(txn.detour_redirect) bool(true) if \(conds)\n"
        if let cc = r.cacheHeader {
            s += "    http-request set-var(txn.detour_cc) 'str(\"\(cc)\")' if \(conds)\n"
        }
        return s
    }

    private func rule(_ r: PreparedRule, site: String) throws -> String {
        let v = "txn.detour_r\(r.index)"
        var pre = ""
        var conds: [String] = []
        if r.rule.host != nil, let re = r.hostRegex {
            conds.append("{ var(txn.detour_host) -m reg '^(?:\(re))$' }")
        } else if !site.isEmpty {
            conds.append(String(site.dropFirst()))
        }
        if let exact = r.exactPath {
            conds.append("{ var(txn.detour_path) -m str \(HAProxySyntax.literal(exact)) }")
        } else {
            conds.append("{ var(txn.detour_path) -m reg '\(r.pathRegex)' }")
        }
        if let scheme = r.scheme { conds.append("{ var(txn.detour_scheme) -m str \(scheme) }") }
        if let m = r.methods { conds.append("{ method " + m.map(HAProxySyntax.literal).joined(separator: " ") + " }") }
        for c in r.conditions {
            let fetch: String
            switch c.kind {
            case .header: fetch = "req.fhdr(\(c.name),1)"
            case .cookie: fetch = "req.cook(\(c.name))"
            case .query: fetch = "url_param(\(c.name))"
            }
            if c.kind == .query, let re = QueryParameterRegex.pattern(name: c.name, value: c.value) {
                // url_param also ends a value at ';': the raw query keeps Detour's reading.
                conds.append("{ query -m reg '\(re)' }")
                continue
            }
            switch c.value {
            case .present: conds.append("{ \(fetch) -m found }")
            // A regex of hex escapes: a value such as `}` would otherwise end the anonymous ACL.
            case .exact(let value): conds.append("{ \(fetch) -m reg '^\(RegexEmitter.literalString(value))$' }")
            case .regex(let re): conds.append("{ \(fetch) -m reg '\(RegexEmitter.emit(re.root))' }")
            }
        }
        if let s = r.rule.starts { conds.append("{ date ge \(s.secondsSinceEpoch) }") }
        if let e = r.rule.expires { conds.append("{ date lt \(e.secondsSinceEpoch) }") }
        if let ro = r.partialRollout {
            let fetch: String
            switch ro.key {
            case .ip: fetch = "src"
            case .cookie(let n): fetch = "req.cook(\(n))"
            case .header(let n): fetch = "req.fhdr(\(n),1)"
            }
            let salt = HAProxySyntax.logFormatText(r.rule.rolloutSalt + ":")
            pre += "    http-request set-var-fmt(\(v)_key) \"\(salt)%[\(fetch)]\" if { \(fetch) -m found }\n"
            conds.append("{ var(\(v)_key),xxh32(0),mod(10000) lt \(ro.basisPoints) }")
        }
        let all = conds.joined(separator: " ")
        var s = "    # rule \(r.id) (line \(r.line))\n" + pre
        for n in Set(
            r.target.compactMap { p -> Int? in
                if case .capture(let n) = p { return n }
                return nil
            }
        ).sorted() {
            s += "    http-request set-var(\(v)_\(n)) 'var(txn.detour_path),regsub(\"^.*?(?:\(r.pathRegex)).*$\",\"\\\(n)\")' if \(all)\n"
        }
        s += marks(r, all)
        s += "    http-request redirect location \"\(location(r, v))\" code \(r.code) if \(all)\n"
        return s
    }

    private func location(_ r: PreparedRule, _ v: String) -> String {
        let (before, after) = r.targetAroundQuery
        func text(_ p: PreparedRule.Piece) -> String {
            switch p {
            case .literal(let t): return HAProxySyntax.logFormatText(t)
            case .capture(let n): return "%[var(\(v)_\(n))]"
            case .host: return "%[var(txn.detour_host)]"
            case .path: return "%[var(txn.detour_path)]"
            case .query: return "%[var(txn.detour_query)]"
            }
        }
        var s = before.map(text).joined()
        if r.keepsQuery { s += r.targetHasQuery ? "%[var(txn.detour_aq)]" : "%[var(txn.detour_qq)]" }
        return s + after.map(text).joined()
    }
}
