/// Apache httpd 2.4 (cookbook §3): one mod_rewrite rule per Detour rule, in file order, each with
/// `[L]`, so the first rule that applies wins. The raw path is taken from `THE_REQUEST` (mod_rewrite
/// itself would see the decoded path); its conditions come first and the path last, so `%N` are the
/// path's captures. Runs of plain exact rules become `RewriteMap txt:` lookups. Cache-Control uses
/// `Header always` keyed by an environment variable the rule sets.
public struct ApacheExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .apache,
            support: [
                .exact: .native("`RewriteMap txt:` lookup on the raw path"),
                .prefix: .native("regex on the raw path from THE_REQUEST, rest captured"),
                .regex: .native("PCRE on the raw path from THE_REQUEST"),
                .host: .native("`%{HTTP_HOST}` without port and trailing dot, lower-cased (`int:tolower`)"),
                .scheme: .native("`%{REQUEST_SCHEME}` (https on a virtual host with `SSLEngine on`)"),
                .schemeHeader: .native("`%{HTTP:Name}` of the trusted header (`http`/`https`, any case), else `%{REQUEST_SCHEME}`"),
                .methods: .native("`%{REQUEST_METHOD}`"),
                .conditions: .native("`%{HTTP:Name}`, cookie and query parameter by regex"),
                .queryKeep: .native("query re-attached explicitly (`QSD` + `%{ENV:DETOUR_QQ}`)"),
                .queryDrop: .native("`QSD`"),
                .cacheHeader: .native("`Header always set Cache-Control … env=…`"),
                .rolloutByIP: .native("ap_expr `md5('salt:' . %{REMOTE_ADDR}) < 'T'`"),
                .rolloutByCookie: .native("ap_expr `md5('salt:$1') < 'T'` with the cookie captured"),
                .rolloutByHeader: .native("ap_expr `md5('salt:' . %{HTTP:Name}) < 'T'`"),
                .timeWindow: .workaround("`%{TIME}` compared as text; httpd must run with TZ=UTC (the standalone start does)")
            ],
            residualDifferences: [
                "paths are matched as sent (raw): percent-encoded unreserved characters are not decoded and hex case is kept",
                "relative targets are sent absolute, as the request's scheme://Host-header/path",
                "an empty header counts as absent; repeated headers are joined with ', '"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(set, options: options, capabilities: capabilities, check: check, render: render)
    }

    private func check(_ r: PreparedRule) throws {
        for c in r.conditions where !ApacheSyntax.isName(c.name) {
            throw ExportError.unsafeCharacter(
                rule: r.id, line: r.line, field: "\(c.kind) condition name", character: "'\(c.name)'",
                reason: "only letters, digits, '-' and '_' can be written in a mod_rewrite variable")
        }
        if let ro = r.partialRollout {
            if !ApacheSyntax.isSaltSafe(r.rule.rolloutSalt) {
                throw ExportError.unsafeCharacter(
                    rule: r.id, line: r.line, field: "rollout salt", character: "'\(r.rule.rolloutSalt)'",
                    reason: "an ap_expr string carries only letters, digits, '.', '-', '_' and ':' safely")
            }
            switch ro.key {
            case .header(let n), .cookie(let n):
                guard ApacheSyntax.isName(n) else {
                    throw ExportError.unsafeCharacter(
                        rule: r.id, line: r.line, field: "rollout key", character: "'\(n)'",
                        reason: "only letters, digits, '-' and '_' can be written in ap_expr")
                }
            case .ip: break
            }
        }
    }

    private func render(_ plan: ExportPlan) throws -> (files: [ExportedFile], mainFile: String?) {
        let dir = plan.options.directory
        func quoted(_ path: String) throws -> String { try ApacheSyntax.quotedPath(path, directory: dir) }
        // Relative targets are made absolute with the scheme the request arrived with.
        let scheme = "%{ENV:DETOUR_SCHEME}"
        var files: [ExportedFile] = []
        var cacheVars: [String: String] = [:]
        var cacheOrder: [String] = []
        func cacheVar(_ value: String) -> String {
            if let v = cacheVars[value] { return v }
            let v = "DETOUR_CC_\(cacheVars.count + 1)"
            cacheVars[value] = v
            cacheOrder.append(value)
            return v
        }
        var body = ""
        var i = 0
        var groupCount = 0
        let rules = plan.rules
        var maps = ""
        while i < rules.count {
            if rules[i].isPlainExact, rules[i].literalTarget != nil {
                let (groups, j) = ExactRuns.collect(
                    rules, from: i, while: { $0.isPlainExact && $0.literalTarget != nil },
                    key: {
                        "\($0.code)|\($0.cacheHeader ?? "")|\($0.keepsQuery)|\($0.targetHasQuery)|\($0.targetHasFragment == false)|\(absolute($0.literalTarget!, scheme: scheme).hasPrefix("/"))"
                    })
                for g in groups {
                    groupCount += 1
                    let name = "detour_g\(groupCount)"
                    var text = plan.header.text()
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
                        text += r.exactPath! + " " + b + (a.isEmpty ? "" : "|" + a) + "\n"
                    }
                    files.append(ExportedFile(name: name + ".txt", contents: text))
                    maps += "RewriteMap \(name) \(try quoted("txt:\(dir)/\(name).txt"))\n"
                    let first = g[0]
                    body += "# \(g.count) exact rule\(g.count == 1 ? "" : "s") (first: \(first.id), line \(first.line)) in \(name).txt\n"
                    if !plan.site.hosts.isEmpty { body += "RewriteCond %{ENV:DETOUR_SITE} =1\n" }
                    let hasFragment = !first.targetHasFragment == false
                    body += "RewriteCond ${\(name):%{ENV:DETOUR_PATH}} \"^([^|]+)\(hasFragment ? "\\|(.*)" : "")$\"\n"
                    let relative = first.literalTarget!.hasPrefix("/")
                    var sub = (relative ? scheme + "://%{HTTP_HOST}" : "") + "%1"
                    if first.keepsQuery { sub += first.targetHasQuery ? "%{ENV:DETOUR_AQ}" : "%{ENV:DETOUR_QQ}" }
                    if hasFragment { sub += "%2" }
                    body +=
                        "RewriteRule ^ \"\(sub)\" [R=\(first.code),L,NE,QSD,UnsafeAllow3F\(first.cacheHeader.map { ",E=" + cacheVar($0) + ":1" } ?? "")]\n"
                }
                i = j
                continue
            }
            body += rule(rules[i], scheme: scheme, hasSiteHosts: !plan.site.hosts.isEmpty, cacheVar: cacheVar)
            i += 1
        }
        var include =
            plan.header.text() + """
                # Include in the site's <VirtualHost> (or server config), not in .htaccess:  Include DIR/detour-rewrite.conf
                # Needs mod_rewrite and mod_headers. Time windows compare %{TIME}, which is local time: run httpd with TZ=UTC.
                RewriteEngine On
                RewriteMap detour_lc int:tolower

                """
        include += maps
        include += """
            RewriteCond %{THE_REQUEST} "^\\S+ ([^? ]*)"
            RewriteRule ^ - [E=DETOUR_PATH:%1]
            RewriteCond %{HTTP_HOST} "^(.*?)\\.?(?::[0-9]*)?$"
            RewriteRule ^ - [E=DETOUR_HOST:${detour_lc:%1}]
            RewriteCond %{QUERY_STRING} "^(.+)$"
            RewriteRule ^ - [E=DETOUR_QQ:?%1,E=DETOUR_AQ:&%1]
            RewriteRule ^ - [E=DETOUR_SCHEME:%{REQUEST_SCHEME}]

            """
        if let header = plan.site.schemeHeader {
            // The trusted proxy's header decides; without it the connection does.
            include += "RewriteCond %{HTTP:\(header)} \"^(https?)$\" [NC]\nRewriteRule ^ - [E=DETOUR_SCHEME:${detour_lc:%1}]\n"
        }
        if !plan.site.hosts.isEmpty {
            include +=
                "RewriteCond %{ENV:DETOUR_HOST} \"^(?:\(PreparedRule.hostAlternation(plan.site.hosts)))$\"\nRewriteRule ^ - [E=DETOUR_SITE:1]\n"
        }
        include += body
        for value in cacheOrder {
            include += "Header always set Cache-Control \"\(value)\" env=\(cacheVars[value]!)\n"
        }
        files.insert(ExportedFile(name: "detour-rewrite.conf", contents: include), at: 0)
        var main: String? = nil
        if let listen = plan.options.standaloneListen {
            main = "httpd.conf"
            files.append(
                ExportedFile(
                    name: "httpd.conf",
                    contents: plan.header.text() + """
                        # Standalone redirect-only httpd. Run in the foreground: TZ=UTC apache2 -d DIR -f httpd.conf -DFOREGROUND
                        ServerRoot \(try quoted(dir))
                        LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
                        LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
                        LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
                        LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
                        Listen \(listen.host):\(listen.port)
                        PidFile \(try quoted(dir + "/httpd.pid"))
                        ErrorLog \(try quoted(dir + "/error.log"))
                        DefaultRuntimeDir \(try quoted(dir))
                        Mutex \(try quoted("file:" + dir)) default
                        LogLevel warn
                        User www-data
                        Group www-data
                        ServerName localhost
                        DocumentRoot \(try quoted(dir))
                        <Directory />
                          Require all granted
                        </Directory>
                        Include \(try quoted(dir + "/detour-rewrite.conf"))
                        # Everything no rule redirects: 404.
                        RewriteRule ^ - [R=404,L]

                        """))
        }
        files.append(
            ExportedFile(
                name: "README",
                contents: """
                    Detour export for Apache httpd 2.4 (\(plan.rules.count) rules)

                    - detour-rewrite.conf: `Include` it in the site's <VirtualHost> (server context, not
                      .htaccess), before other RewriteRules. It needs mod_rewrite and mod_headers, and reads the
                      RewriteMap files detour_g*.txt by their absolute path in \(dir); for very large maps convert
                      them with `httxt2dbm` and change `txt:` to `dbm:`.
                      Time windows compare %{TIME}, which is local time: run httpd with TZ=UTC.
                    \(plan.site.schemeHeader.map { h in
                        "  Rules with a `scheme` read it from the `\(h)` header (site.scheme_header), which the\n"
                        + "  TLS-terminating proxy in front of httpd must always set or overwrite (with mod_headers on an\n"
                        + "  httpd proxy: `RequestHeader set \(h) https` in the TLS virtual host); without it\n"
                        + "  %{REQUEST_SCHEME} decides."
                    } ?? "  Rules with a `scheme` read %{REQUEST_SCHEME}: https in a virtual host with `SSLEngine on`.\n"
                        + "  Behind a TLS-terminating proxy set `site.scheme_header: X-Forwarded-Proto`.")
                    - httpd.conf (standalone only): a complete redirect-only server:
                          TZ=UTC apache2 -d DIR -f httpd.conf -DFOREGROUND
                      Every other request gets 404.

                    Capabilities
                    \(capabilities.markdown)
                    Residual differences from Detour's semantics (modelled by `detour simulate --as apache`)
                    \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

                    """))
        return (files, main)
    }

    private func absolute(_ target: String, scheme: String) -> String { target }

    private func rule(_ r: PreparedRule, scheme: String, hasSiteHosts: Bool, cacheVar: (String) -> String) -> String {
        var s = "# rule \(r.id) (line \(r.line))\n"
        if r.rule.host != nil, let re = r.hostRegex {
            s += "RewriteCond %{ENV:DETOUR_HOST} \"^(?:\(re))$\"\n"
        } else if hasSiteHosts {
            s += "RewriteCond %{ENV:DETOUR_SITE} =1\n"
        }
        if let scheme = r.scheme { s += "RewriteCond %{ENV:DETOUR_SCHEME} =\(scheme)\n" }
        if let m = r.methods {
            s += "RewriteCond %{REQUEST_METHOD} \"^(?:" + m.map(RegexEmitter.literalString).joined(separator: "|") + ")$\"\n"
        }
        for c in r.conditions {
            let test: String
            switch c.value {
            case .present: test = "."
            case .exact(let v): test = "^" + RegexEmitter.literalString(v) + "$"
            case .regex(let re): test = RegexEmitter.emit(re.root)
            }
            let n = RegexEmitter.literalString(c.name)
            switch c.kind {
            case .header:
                s += "RewriteCond %{HTTP:\(c.name)} \"\(test)\"\n"
            case .cookie:
                s += "RewriteCond %{HTTP_COOKIE} \"(?:^|;\\s*)\(n)=([^;]*)\"\n"
                if case .present = c.value {} else { s += "RewriteCond %1 \"\(test)\"\n" }
            case .query:
                s += "RewriteCond %{QUERY_STRING} \"(?:^|&)\(n)(?:=([^&]*))?(?:&|$)\"\n"
                if case .present = c.value {} else { s += "RewriteCond %1 \"\(test)\"\n" }
            }
        }
        if let st = r.rule.starts { s += "RewriteCond %{TIME} >=\(ApacheSyntax.timeDigits(st))\n" }
        if let e = r.rule.expires { s += "RewriteCond %{TIME} <\(ApacheSyntax.timeDigits(e))\n" }
        if let ro = r.partialRollout {
            let t = String(((UInt64(ro.basisPoints) << 32) + 5000) / 10000, radix: 16).leftPadded(8)
            let salt = r.rule.rolloutSalt
            switch ro.key {
            case .ip: s += "RewriteCond expr \"md5('\(salt):' . %{REMOTE_ADDR}) < '\(t)'\"\n"
            case .header(let n): s += "RewriteCond expr \"-n %{HTTP:\(n)} && md5('\(salt):' . %{HTTP:\(n)}) < '\(t)'\"\n"
            case .cookie(let n):
                s += "RewriteCond expr \"%{HTTP_COOKIE} =~ /(?:^|;\\s*)\(RegexEmitter.literalString(n))=([^;]*)/ && md5('\(salt):$1') < '\(t)'\"\n"
            }
        }
        s += "RewriteCond %{ENV:DETOUR_PATH} \"\(r.pathRegex)\"\n"
        let (before, after) = r.targetAroundQuery
        func text(_ p: PreparedRule.Piece) -> String {
            switch p {
            case .literal(let t): return ApacheSyntax.substitution(t)
            case .capture(let n): return "%\(n)"
            case .host: return "%{ENV:DETOUR_HOST}"
            case .path: return "%{ENV:DETOUR_PATH}"
            case .query: return "%{QUERY_STRING}"
            }
        }
        var sub = before.map(text).joined()
        if case .literal(let t)? = r.target.first, t.hasPrefix("/") { sub = scheme + "://%{HTTP_HOST}" + sub }
        if r.keepsQuery { sub += r.targetHasQuery ? "%{ENV:DETOUR_AQ}" : "%{ENV:DETOUR_QQ}" }
        sub += after.map(text).joined()
        s += "RewriteRule ^ \"\(sub)\" [R=\(r.code),L,NE,QSD,UnsafeAllow3F\(r.cacheHeader.map { ",E=" + cacheVar($0) + ":1" } ?? "")]\n"
        return s
    }
}
