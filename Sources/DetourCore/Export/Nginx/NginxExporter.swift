/// nginx 1.22 (DESIGN §7, cookbook §2). All rules run at server level in the rewrite phase, in file
/// order, before nginx picks a location, so the first rule that applies wins whatever the existing
/// locations are. Paths are matched raw (the path part of `$request_uri`), case-sensitively; runs of
/// plain exact rules become hash `map`s (with a back-reference check, because map strings compare
/// case-insensitively); every other condition is a `map` flag combined per rule.
public struct NginxExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(server: .nginx, support: [
            .exact: .native("hash `map` on the raw path (large sets stay one lookup)"),
            .prefix: .native("regex on the raw path; the rest is captured raw"),
            .regex: .native("PCRE on the raw path"),
            .host: .native("`map $host` (lower-cased, port and trailing dot removed by nginx)"),
            .methods: .native("`map $request_method`"),
            .conditions: .native("`map` on `$http_*`, `$cookie_*`, `$arg_*`"),
            .queryKeep: .native("`$is_args$args`"),
            .queryDrop: .native("target without `$args`"),
            .cacheHeader: .native("`add_header Cache-Control $detour_cc always`"),
            .rolloutByIP: .native("`split_clients \"salt:$remote_addr\"`"),
            .rolloutByCookie: .native("`split_clients \"salt:$cookie_NAME\"`"),
            .rolloutByHeader: .native("`split_clients \"salt:$http_NAME\"`"),
            .timeWindow: .workaround("`map $msec` with a generated less-than regex (nginx has no numeric comparison)"),
        ], residualDifferences: [
            "paths are matched as sent (raw): a percent-encoded unreserved character (`/%61pi`) is not decoded",
            "an empty header, cookie or query parameter counts as absent (`$http_*` cannot tell them apart)",
            "query parameter names compare case-insensitively and only the first occurrence counts (`$arg_*`)",
        ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(set, options: options, capabilities: capabilities, check: check, render: render)
    }

    private func check(_ r: PreparedRule) throws {
        for c in r.conditions {
            guard NginxSyntax.variableSuffix(c.name) != nil, c.kind == .header || !c.name.contains("-") else {
                throw ExportError.unsafeCharacter(rule: r.id, line: r.line, field: "\(c.kind) condition name", character: "'\(c.name)'",
                                                  reason: "nginx variables ($http_, $cookie_, $arg_) only carry letters, digits and '_'")
            }
        }
        if let key = r.partialRollout?.key {
            switch key {
            case .ip: break
            case .header(let n), .cookie(let n):
                guard NginxSyntax.variableSuffix(n) != nil, !(n.contains("-") && { if case .cookie = key { return true }; return false }()) else {
                    throw ExportError.unsafeCharacter(rule: r.id, line: r.line, field: "rollout key", character: "'\(n)'", reason: "nginx variables only carry letters, digits and '_'")
                }
            }
        }
    }

    private func render(_ plan: ExportPlan) throws -> (files: [ExportedFile], mainFile: String?) {
        var http = plan.header.text()
        var server = plan.header.text()
        http += """
        # http-level part: include inside http { } (before the server that includes detour-server.conf).
        geo $detour_dollar { default "$"; }
        map $request_uri $detour_path { "~^(?<detour_raw_path>[^?]*)" $detour_raw_path; }
        map $args $detour_amp_args { "" ""; default "&$args"; }

        """
        server += """
        # server-level part: include inside the server { } of the site, before any location.
        set $detour_cc "";
        add_header Cache-Control $detour_cc always;

        """
        let siteHostRegex = plan.site.hosts.isEmpty ? nil : PreparedRule.hostAlternation(plan.site.hosts)
        if let re = siteHostRegex {
            http += "map $host $detour_site_host { \(NginxSyntax.regex("~^(?:" + re + ")$")) 1; default 0; }\n"
        } else {
            http += "map $host $detour_site_host { default 1; }\n"
        }
        // Everything after the hash sizes (which depend on the whole set) goes into `body`.
        var body: [UInt8] = []
        var mapEntries = 0
        var maxKey = 0
        var groupCount = 0
        var i = 0
        let rules = plan.rules
        while i < rules.count {
            if rules[i].isMapEntry {
                // A run of plain exact rules: disjoint paths, so any order inside the run is exact.
                var j = i
                // Indices into `rules`, not copies: a run can hold 10^6 rules.
                var groups: [GroupKey: Int] = [:]
                var slots: [[Int]] = []
                var order: [GroupKey] = []
                var lastKey: GroupKey? = nil
                var lastSlot: Int? = nil
                var seen = Set<String>()
                seen.reserveCapacity(min(rules.count - i, 1 << 21))
                while j < rules.count, rules[j].isMapEntry {
                    let r = rules[j]
                    if seen.insert(r.exactPath!).inserted {
                        let k = GroupKey(code: r.code, cache: r.cacheHeader, keepsQuery: r.keepsQuery, targetHasQuery: r.targetHasQuery)
                        // Neighbours usually share their key: append without hashing it again.
                        if k == lastKey, let slot = lastSlot {
                            slots[slot].append(j)
                        } else {
                            let slot: Int
                            if let existing = groups[k] {
                                slot = existing
                            } else {
                                order.append(k)
                                slots.append([])
                                slot = slots.count - 1
                                groups[k] = slot
                            }
                            slots[slot].append(j)
                            lastKey = k
                            lastSlot = slot
                        }
                    }
                    j += 1
                }
                // The map lines are appended as bytes into one buffer: no String per line.
                body.reserveCapacity(body.count + (j - i) * 110)
                for k in order {
                    let members = slots[groups[k]!]
                    groupCount += 1
                    let name = "detour_g\(groupCount)"
                    NginxMapWriter.append("map $detour_path $\(name) {\n", to: &body)
                    for m in members {
                        let r = rules[m]
                        maxKey = max(maxKey, NginxMapWriter.appendEntry(key: r.exactPath!, target: r.literalTarget!, to: &body))
                    }
                    mapEntries += members.count
                    NginxMapWriter.append("  default \"\";\n}\n", to: &body)
                    // nginx compares map strings case-insensitively: the back-reference keeps exact case.
                    NginxMapWriter.append("map \"$\(name) $detour_site_host$detour_path\" $\(name)_hit { \"~^(?<\(name)_k>\\S+) (?<\(name)_t>\\S+) 1\\k<\(name)_k>$\" $\(name)_t; default \"\"; }\n", to: &body)
                    let first = rules[members[0]]
                    server += "if ($\(name)_hit) { "
                    if let cc = first.cacheHeader { server += "set $detour_cc \(NginxSyntax.quoted(cc)); " }
                    server += "return \(first.code) \"$\(name)_hit\(first.keepsQuery ? (first.targetHasQuery ? "$detour_amp_args" : "$is_args$args") : "")\"; }\n"
                }
                i = j
                continue
            }
            let (h, s) = renderRule(rules[i], siteHostKnown: true)
            NginxMapWriter.append(h, to: &body)
            server += s
            i += 1
        }
        if mapEntries > 0 {
            // The defaults already fail near 10^5 entries (DESIGN §7.3): size the hash for the set.
            var bucket = 128
            while bucket < maxKey * 2 + 32 { bucket *= 2 }
            let maxSize = max(2048, mapEntries * 2)
            http = "map_hash_max_size \(maxSize);\nmap_hash_bucket_size \(bucket);\n" + http
        }
        http = NginxMapWriter.string(http, body)
        var files = [ExportedFile(name: "detour-http.conf", contents: http), ExportedFile(name: "detour-server.conf", contents: server)]
        var main: String? = nil
        if let listen = plan.options.standaloneListen {
            main = "nginx.conf"
            files.append(ExportedFile(name: "nginx.conf", contents: plan.header.text() + """
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
        let code: Int
        let cache: String?
        let keepsQuery: Bool
        let targetHasQuery: Bool
    }

    /// The maps (http level) and the `if` (server level) of one rule.
    private func renderRule(_ r: PreparedRule, siteHostKnown: Bool) -> (String, String) {
        let v = "detour_r\(r.index)"
        var http = "# rule \(r.id) (line \(r.line))\n"
        var flags: [String] = []
        if r.rule.host != nil, let re = r.hostRegex {
            http += "map $host $\(v)_host { \(NginxSyntax.regex("~^(?:" + re + ")$")) 1; default 0; }\n"
            flags.append("$\(v)_host")
        } else {
            flags.append("$detour_site_host")
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
            http += "map $msec $\(v)_started { \(NginxSyntax.regex("~^" + NumericRegex.lessThan(NumericRegex.tenDigits(s)) + "\\.")) 0; default 1; }\n"
            flags.append("$\(v)_started")
        }
        if let e = r.rule.expires {
            http += "map $msec $\(v)_unexpired { \(NginxSyntax.regex("~^" + NumericRegex.lessThan(NumericRegex.tenDigits(e)) + "\\.")) 1; default 0; }\n"
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

    private func readme(_ plan: ExportPlan) -> String {
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

        Capabilities
        \(capabilities.markdown)
        Residual differences from Detour's semantics (modelled by `detour simulate --as nginx`)
        \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

        """
    }
}
