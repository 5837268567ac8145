/// nginx 1.22 (DESIGN §7, cookbook §2). All rules run at server level in the rewrite phase, in file
/// order, before nginx picks a location, so the first rule that applies wins whatever the existing
/// locations are. Paths are matched raw (the path part of `$request_uri`), case-sensitively; runs of
/// plain exact rules become hash `map`s (with a back-reference check, because map strings compare
/// case-insensitively); every other condition is a `map` flag combined per rule.
public struct NginxExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .nginx,
            support: [
                .exact: .native("hash `map` on the raw path (large sets stay one lookup)"),
                .prefix: .native("regex on the raw path; the rest is captured raw"),
                .regex: .native("PCRE on the raw path"),
                .host: .native("`map $host` (lower-cased, port and trailing dot removed by nginx)"),
                .scheme: .native("`map $scheme` (https on a `listen … ssl` server)"),
                .schemeHeader: .native("`map $http_NAME` of the trusted header (`http`/`https`, any case), else `$scheme`"),
                .methods: .native("`map $request_method`"),
                .conditions: .native("`map` on `$http_*`, `$cookie_*`, `$arg_*`"),
                .queryKeep: .native("`$is_args$args`"),
                .queryDrop: .native("target without `$args`"),
                .cacheHeader: .native("`add_header Cache-Control $detour_cc always`"),
                .rolloutByIP: .native("`split_clients \"salt:$remote_addr\"`"),
                .rolloutByCookie: .native("`split_clients \"salt:$cookie_NAME\"`"),
                .rolloutByHeader: .native("`split_clients \"salt:$http_NAME\"`"),
                .timeWindow: .workaround("`map $msec` with a generated less-than regex (nginx has no numeric comparison)")
            ],
            residualDifferences: [
                "paths are matched as sent (raw): a percent-encoded unreserved character (`/%61pi`) is not decoded",
                "an empty header, cookie or query parameter counts as absent (`$http_*` cannot tell them apart)",
                "query parameter names compare case-insensitively and only the first occurrence counts (`$arg_*`)"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(set, options: options, capabilities: capabilities, check: check, render: render)
    }

    private func check(_ r: PreparedRule) throws {
        for c in r.conditions {
            guard NginxSyntax.variableSuffix(c.name) != nil, c.kind == .header || !c.name.contains("-") else {
                throw ExportError.unsafeCharacter(
                    rule: r.id, line: r.line, field: "\(c.kind) condition name", character: "'\(c.name)'",
                    reason: "nginx variables ($http_, $cookie_, $arg_) only carry letters, digits and '_'")
            }
        }
        if let key = r.partialRollout?.key {
            switch key {
            case .ip: break
            case .header(let n), .cookie(let n):
                guard NginxSyntax.variableSuffix(n) != nil,
                    !(n.contains("-")
                        && {
                            if case .cookie = key { return true }
                            return false
                        }())
                else {
                    throw ExportError.unsafeCharacter(
                        rule: r.id, line: r.line, field: "rollout key", character: "'\(n)'",
                        reason: "nginx variables only carry letters, digits and '_'")
                }
            }
        }
    }

    private func render(_ plan: ExportPlanOf<PlanItem>) throws -> (files: [ExportedFile], mainFile: String?) {
        let items = plan.rules
        // The maps first: their sizes set the hash settings at the top of the http file.
        let maps = ExactEntryRuns(
            items, key: { GroupKey(code: $0.code, cache: $0.cache, keepsQuery: $0.keepsQuery, targetHasQuery: $0.targetHasQuery) },
            lineLength: NginxMapWriter.lineLength)
        // The http file is built as bytes and handed over as they are: at 10^6 entries it is ~100 MB.
        var http: [UInt8] = []
        // A map line is `  "KEY" "KEY TARGET";` (10 bytes besides the texts), a map's own lines about
        // 250 bytes; escapes and the per-rule blocks may grow it further.
        http.reserveCapacity(64 * 1024 + 2 * maps.keptPathBytes + maps.keptTargetBytes + 10 * maps.keptCount + 256 * maps.groupCount)
        if maps.keptCount > 0 {
            // The defaults already fail near 10^5 entries (DESIGN §7.3): size the hash for the set.
            // For a big map nginx tries only the last 1 000 table sizes below map_hash_max_size, and a
            // bucket must hold every key hashed to it; room for 8 of the longest keys makes a table of
            // twice the keys fit at once (more than 8 keys in one bucket at load 0.5 is a 1-in-10^8
            // event per bucket), where 2 keys' room gave "could not build optimal map_hash" at 12 000.
            let longestKey = 8 + (maps.longestPath + 2 + 7) / 8 * 8
            var bucket = 128
            while bucket < max(maps.longestPath * 2 + 32, 8 * longestKey + 8) && bucket < 32768 { bucket *= 2 }
            let maxSize = max(2048, maps.keptCount * 2)
            NginxMapWriter.append("map_hash_max_size \(maxSize);\nmap_hash_bucket_size \(bucket);\n", to: &http)
        }
        NginxMapWriter.append(plan.header.text(), to: &http)
        var server = plan.header.text()
        NginxMapWriter.append(
            """
            # http-level part: include inside http { } (before the server that includes detour-server.conf).
            geo $detour_dollar { default "$"; }
            map $request_uri $detour_path { "~^(?<detour_raw_path>[^?]*)" $detour_raw_path; }
            map $args $detour_amp_args { "" ""; default "&$args"; }

            """, to: &http)
        server += """
            # server-level part: include inside the server { } of the site, before any location.
            set $detour_cc "";
            add_header Cache-Control $detour_cc always;

            """
        if !plan.site.hosts.isEmpty {
            let re = PreparedRule.hostAlternation(plan.site.hosts)
            NginxMapWriter.append("map $host $detour_site_host { \(NginxSyntax.regex("~^(?:" + re + ")$")) 1; default 0; }\n", to: &http)
        } else {
            NginxMapWriter.append("map $host $detour_site_host { default 1; }\n", to: &http)
        }
        // The scheme rules test: the trusted header's when the site names one, else the connection's.
        var schemeVariable = "$scheme"
        if let header = plan.site.schemeHeader, let suffix = NginxSyntax.variableSuffix(header) {
            schemeVariable = "$detour_scheme"
            // Map strings compare without case: `HTTPS` is https.
            NginxMapWriter.append("map $http_\(suffix) $detour_scheme { http http; https https; default $scheme; }\n", to: &http)
        }
        var groupCount = 0
        var runs = maps.runs.makeIterator()
        var i = 0
        while i < items.count {
            switch items[i] {
            case .entry:
                // A run of plain exact rules, one map per group.
                let run = runs.next()!
                precondition(run.start == i, "exact-entry runs out of step with the plan")
                for group in run.groups {
                    groupCount += 1
                    let name = "detour_g\(groupCount)"
                    NginxMapWriter.append("map $detour_path $\(name) {\n", to: &http)
                    NginxMapWriter.appendEntries(group.members, of: items, size: group.byteCount, to: &http)
                    NginxMapWriter.append("  default \"\";\n}\n", to: &http)
                    // nginx compares map strings case-insensitively: the back-reference keeps exact case.
                    NginxMapWriter.append(
                        "map \"$\(name) $detour_site_host$detour_path\" $\(name)_hit { \"~^(?<\(name)_k>\\S+) (?<\(name)_t>\\S+) 1\\k<\(name)_k>$\" $\(name)_t; default \"\"; }\n",
                        to: &http)
                    let k = group.key
                    server += "if ($\(name)_hit) { "
                    if let cc = k.cache.headerValue { server += "set $detour_cc \(NginxSyntax.quoted(cc)); " }
                    server += "return \(k.code) \"$\(name)_hit\(k.keepsQuery ? (k.targetHasQuery ? "$detour_amp_args" : "$is_args$args") : "")\"; }\n"
                }
                i = run.end
            case .rule(let r):
                let (h, s) = renderRule(r, schemeVariable: schemeVariable)
                NginxMapWriter.append(h, to: &http)
                server += s
                i += 1
            }
        }
        var files = [ExportedFile(name: "detour-http.conf", bytes: http), ExportedFile(name: "detour-server.conf", contents: server)]
        var main: String? = nil
        if let listen = plan.options.standaloneListen {
            main = "nginx.conf"
            files.append(
                ExportedFile(
                    name: "nginx.conf",
                    contents: plan.header.text() + """
                        # Standalone redirect-only server. Run in the foreground: nginx -p DIR -c nginx.conf
                        daemon off;
                        worker_processes 1;
                        pid nginx.pid;
                        error_log error.log warn;
                        events { worker_connections 1024; }
                        http {
                          access_log off;
                          client_body_temp_path tmp_body;
                          proxy_temp_path tmp_proxy;
                          fastcgi_temp_path tmp_fastcgi;
                          uwsgi_temp_path tmp_uwsgi;
                          scgi_temp_path tmp_scgi;
                          include detour-http.conf;
                          server {
                            listen \(listen.host):\(listen.port) default_server;
                            server_name _;
                            absolute_redirect off;
                            include detour-server.conf;
                            location / { return 404 "no redirect\\n"; }
                          }
                        }

                        """))
        }
        files.append(ExportedFile(name: "README", contents: readme(plan)))
        return (files, main)
    }

    /// What exact rules of one map share besides their paths.
    private struct GroupKey: Hashable {
        let code: UInt16
        let cache: CachePolicy
        let keepsQuery: Bool
        let targetHasQuery: Bool
    }

    /// The maps (http level) and the `if` (server level) of one rule.
    private func renderRule(_ r: PreparedRule, schemeVariable: String) -> (String, String) {
        let v = "detour_r\(r.index)"
        var http = "# rule \(r.id) (line \(r.line))\n"
        var flags: [String] = []
        if r.rule.host != nil, let re = r.hostRegex {
            http += "map $host $\(v)_host { \(NginxSyntax.regex("~^(?:" + re + ")$")) 1; default 0; }\n"
            flags.append("$\(v)_host")
        } else {
            flags.append("$detour_site_host")
        }
        if let scheme = r.scheme {
            http += "map \(schemeVariable) $\(v)_scheme { \(scheme) 1; default 0; }\n"
            flags.append("$\(v)_scheme")
        }
        if let methods = r.methods {
            http += "map $request_method $\(v)_method { " + methods.map { NginxSyntax.quoted($0) + " 1; " }.joined() + "default 0; }\n"
            flags.append("$\(v)_method")
        }
        for (n, c) in r.conditions.enumerated() {
            let variable: String
            switch c.kind {
            case .header: variable = "$http_" + NginxSyntax.variableSuffix(c.name)!
            case .cookie: variable = "$cookie_" + c.name
            case .query: variable = "$arg_" + c.name
            }
            let body: String
            switch c.value {
            case .present: body = "\"\" 0; default 1;"
            case .exact(let value): body = NginxSyntax.regex("~^" + RegexEmitter.literalString(value) + "$") + " 1; default 0;"
            case .regex(let re): body = NginxSyntax.regex("~" + RegexEmitter.emit(re.root)) + " 1; default 0;"
            }
            http += "map \(variable) $\(v)_c\(n) { \(body) }\n"
            flags.append("$\(v)_c\(n)")
        }
        if let ro = r.partialRollout {
            let keyVar: String
            switch ro.key {
            case .ip: keyVar = "$remote_addr"
            case .cookie(let n): keyVar = "$cookie_" + n
            case .header(let n): keyVar = "$http_" + NginxSyntax.variableSuffix(n)!
            }
            // The redirect part first, then `*` (DESIGN §6.3, cookbook §1: always emit a `*` line).
            let salt = String(NginxSyntax.quoted(r.rule.rolloutSalt + ":").dropFirst().dropLast())
            http += "split_clients \"\(salt)${\(keyVar.dropFirst())}\" $\(v)_split { \(ro.percentText)% 1; * 0; }\n"
            http += "map \(keyVar) $\(v)_haskey { \"\" 0; default 1; }\n"
            flags.append("$\(v)_haskey")
            flags.append("$\(v)_split")
        }
        if let s = r.rule.starts {
            http +=
                "map $msec $\(v)_started { \(NginxSyntax.regex("~^" + NumericRegex.lessThan(NumericRegex.tenDigits(s)) + "\\.")) 0; default 1; }\n"
            flags.append("$\(v)_started")
        }
        if let e = r.rule.expires {
            http +=
                "map $msec $\(v)_unexpired { \(NginxSyntax.regex("~^" + NumericRegex.lessThan(NumericRegex.tenDigits(e)) + "\\.")) 1; default 0; }\n"
            flags.append("$\(v)_unexpired")
        }
        var server = "# rule \(r.id) (line \(r.line))\n"
        let subject: String
        let pattern: String
        if flags == ["$detour_site_host"] && r.hosts.isEmpty {
            subject = "$detour_path"
            pattern = r.pathRegex
        } else {
            http += "map \"" + flags.joined() + "\" $\(v)_ok { \"" + String(repeating: "1", count: flags.count) + "\" 1; default 0; }\n"
            server += "set $detour_s \"$detour_path?$\(v)_ok\";\n"
            subject = "$detour_s"
            // A search (regex without `^`) may start anywhere in the path, never in the flag.
            let unanchored: Bool
            if case .regex(let re) = r.rule.source.kind { unanchored = !re.isAnchoredAtStart } else { unanchored = false }
            pattern = "^(?=[^?]*\\?1$)" + (unanchored ? "[^?]*?" : "") + r.pathRegex(endAnchor: "(?=\\?)")
        }
        server += "if (\(subject) ~ \(NginxSyntax.regex(pattern))) { "
        if let cc = r.cacheHeader { server += "set $detour_cc \(NginxSyntax.quoted(cc)); " }
        server += "return \(r.code) \"\(location(r))\"; }\n"
        return (http, server)
    }

    /// The Location inside double quotes, with captures and the query policy.
    private func location(_ r: PreparedRule) -> String {
        func text(_ p: PreparedRule.Piece) -> String {
            switch p {
            case .literal(let t): return String(NginxSyntax.quoted(t).dropFirst().dropLast())
            case .capture(let n): return "$\(n)"
            case .host: return "$host"
            case .path: return "$detour_path"
            case .query: return "$args"
            }
        }
        let (before, after) = r.targetAroundQuery
        var s = before.map(text).joined()
        if r.keepsQuery { s += r.targetHasQuery ? "$detour_amp_args" : "$is_args$args" }
        return s + after.map(text).joined()
    }

    private func schemeReadme(_ site: SiteSettings) -> String {
        if let h = site.schemeHeader {
            return """
                  Rules with a `scheme` read it from the `\(h)` header (`site.scheme_header`), which
                  the TLS-terminating proxy in front of nginx must always set or overwrite, e.g.
                  `proxy_set_header \(h) $scheme;` on an nginx proxy; without the header nginx's
                  own `$scheme` decides.
                """
        }
        return """
              Rules with a `scheme` read nginx's `$scheme`: https on a `listen … ssl` server, http
              otherwise. Behind a TLS-terminating proxy set `site.scheme_header: X-Forwarded-Proto`.
            """
    }

    private func readme(_ plan: ExportPlanOf<PlanItem>) -> String {
        """
        Detour export for nginx 1.22 (\(plan.rules.count) rules)

        Files
        - detour-http.conf: maps, split_clients and hash sizes. Include it inside `http { }`:
              include /etc/nginx/detour/detour-http.conf;
          It sets map_hash_max_size/map_hash_bucket_size when there are exact-path maps; remove
          those lines if your http block already sets larger values.
        - detour-server.conf: the redirects. Include it inside the site's `server { }`, before any
          `location`:
              include /etc/nginx/detour/detour-server.conf;
          The rules run in the server rewrite phase, in rule-file order, so the first rule that
          applies wins before nginx chooses a location. Set `absolute_redirect off;` in that server
          so relative targets stay relative.
        - nginx.conf (standalone only): a complete redirect-only server; run `nginx -p DIR -c nginx.conf`.
          Every other request gets 404.

        Scheme
        \(schemeReadme(plan.site))

        Capabilities
        \(capabilities.markdown)
        Residual differences from Detour's semantics (modelled by `detour simulate --as nginx`)
        \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

        """
    }
}
