/// Varnish 7.1 VCL (cookbook §7): the rules are one `if` chain in `vcl_recv`, in file order, each
/// ending in `return (synth(CODE))`, so the first rule that applies wins; `vcl_synth` writes the
/// Location and Cache-Control. Paths are matched raw (`req.url` without the query).
public struct VarnishExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .varnish,
            support: [
                .exact: .native("`==` on the raw path"),
                .prefix: .native("PCRE on the raw path, rest captured with `regsub`"),
                .regex: .native("PCRE on the raw path"),
                .host: .native("`Host` lower-cased, port and trailing dot removed"),
                .scheme: .unsupported(
                    "Varnish has no TLS, so every connection it takes is http; behind a TLS-terminating proxy set `site.scheme_header: X-Forwarded-Proto`"
                ),
                .schemeHeader: .native("`req.http.NAME` of the trusted header (`https`, any case), else http (Varnish's own connections)"),
                .methods: .native("`req.method ==`"),
                .conditions: .native("`req.http.*`, cookie and query parameter extracted with `regsub`"),
                .queryKeep: .native("query copied from `req.url`"),
                .queryDrop: .native("target without the query"),
                .cacheHeader: .native("`resp.http.Cache-Control` in `vcl_synth`"),
                .rolloutByIP: .native("`directors.shard().key(\"salt:\" + client.ip) % 10000`"),
                .rolloutByCookie: .native("`directors.shard().key(\"salt:\" + cookie) % 10000`"),
                .rolloutByHeader: .native("`directors.shard().key(\"salt:\" + req.http.NAME) % 10000`"),
                .timeWindow: .native("`std.integer(time=now)` compared with the epoch seconds")
            ],
            residualDifferences: [
                "paths are matched as sent (raw): percent-encoded unreserved characters are not decoded and hex case is kept"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(set, options: options, capabilities: capabilities, check: check, render: render)
    }

    private func check(_ r: PreparedRule) throws {
        for c in r.conditions where c.kind == .header && !VarnishSyntax.isHeaderName(c.name) {
            throw ExportError.unsafeCharacter(
                rule: r.id, line: r.line, field: "header condition name", character: "'\(c.name)'",
                reason: "VCL header names carry only letters, digits, '-' and '_'")
        }
        if case .header(let n)? = r.partialRollout?.key, !VarnishSyntax.isHeaderName(n) {
            throw ExportError.unsafeCharacter(
                rule: r.id, line: r.line, field: "rollout header", character: "'\(n)'",
                reason: "VCL header names carry only letters, digits, '-' and '_'")
        }
        do { _ = try body(r) } catch let e as VarnishSyntaxError {
            throw ExportError.unsafeCharacter(
                rule: r.id, line: r.line, field: "rule text", character: e.character, reason: "a VCL long string cannot hold it")
        }
    }

    private func render(_ plan: ExportPlan) throws -> (files: [ExportedFile], mainFile: String?) {
        let needsShard = plan.rules.contains { $0.partialRollout != nil }
        var recv = """
                # Detour redirects: the first rule that applies wins.
                unset req.http.X-Detour-Location;
                unset req.http.X-Detour-CC;
                set req.http.X-Detour-Path = regsub(req.url, {"\\?.*$"}, "");
                set req.http.X-Detour-Host = regsub(std.tolower(req.http.host), {"\\.?(:[0-9]*)?$"}, "");
                set req.http.X-Detour-Query = "";
                set req.http.X-Detour-QQ = "";
                set req.http.X-Detour-AQ = "";
                if (req.url ~ {"\\?"}) { set req.http.X-Detour-Query = regsub(req.url, {"^[^?]*\\?"}, ""); }
                if (req.url ~ {"\\?."}) {
                    set req.http.X-Detour-QQ = "?" + req.http.X-Detour-Query;
                    set req.http.X-Detour-AQ = "&" + req.http.X-Detour-Query;
                }

            """
        if let re = plan.site.hosts.isEmpty ? nil : PreparedRule.hostAlternation(plan.site.hosts) {
            recv +=
                "    set req.http.X-Detour-Site = \"0\";\n    if (req.http.X-Detour-Host ~ {\"^(?:\(re))$\"}) { set req.http.X-Detour-Site = \"1\"; }\n"
        } else {
            recv += "    set req.http.X-Detour-Site = \"1\";\n"
        }
        if let h = plan.site.schemeHeader, VarnishSyntax.isHeaderName(h) {
            // The trusted proxy's header decides; Varnish's own connections are plain http.
            recv +=
                "    set req.http.X-Detour-Scheme = \"http\";\n    if (req.http.\(h) ~ {\"(?i)^https$\"}) { set req.http.X-Detour-Scheme = \"https\"; }\n"
        }
        // Rules in subroutines of 100: a `return (synth())` inside one ends vcl_recv, and many small
        // C functions compile far faster than one huge one (12 000 rules in one sub took gcc minutes).
        var subs = ""
        var chunk = 0
        for start in stride(from: 0, to: plan.rules.count, by: 100) {
            chunk += 1
            subs += "sub detour_rules_\(chunk) {\n"
            for r in plan.rules[start..<min(start + 100, plan.rules.count)] { subs += try body(r) }
            subs += "}\n\n"
            recv += "    call detour_rules_\(chunk);\n"
        }
        let header = plan.header.text()
        let synth = """
            sub vcl_synth {
                if (req.http.X-Detour-Location) {
                    set resp.http.Location = req.http.X-Detour-Location;
                    if (req.http.X-Detour-CC) { set resp.http.Cache-Control = req.http.X-Detour-CC; }
                    set resp.body = "";
                    return (deliver);
                }
            }

            """
        let initSub = needsShard ? "sub vcl_init {\n    new detour_shard = directors.shard();\n}\n\n" : ""
        var files: [ExportedFile] = []
        let includeFile =
            header + """
                # Include from your VCL after `import std;` and `import directors;`:  include "detour.vcl";
                # It adds to vcl_init, vcl_recv and vcl_synth (VCL concatenates subroutines of the same name,
                # so include it before your own vcl_recv to run the redirects first).

                \(initSub)\(subs)sub vcl_recv {
                \(recv)}

                \(synth)
                """
        files.append(ExportedFile(name: "detour.vcl", contents: includeFile))
        var main: String? = nil
        if plan.options.isStandalone {
            main = "default.vcl"
            // The include file itself, so the file a user includes is the file varnishd compiled.
            files.append(
                ExportedFile(
                    name: "default.vcl",
                    contents: header + """
                        # Standalone redirect-only Varnish: varnishd -F -f DIR/default.vcl -a ADDR:PORT -n DIR/varnish
                        vcl 4.1;
                        import std;
                        import directors;

                        backend default none;

                        include \(try includePath(plan.options.directory));

                        # Runs after detour.vcl's vcl_recv (VCL joins subroutines of the same name in order).
                        sub vcl_recv {
                            return (synth(404, "no redirect"));
                        }

                        """))
        }
        files.append(
            ExportedFile(
                name: "README",
                contents: """
                    Detour export for Varnish 7.1 (\(plan.rules.count) rules)

                    - detour.vcl: `include "detour.vcl";` near the top of your VCL, after `import std;` and
                      `import directors;` and before your own `vcl_recv`, so the redirects are decided first.
                      Requests no rule applies to continue into your own vcl_recv.
                    - default.vcl (standalone only): a complete redirect-only service:
                          varnishd -F -f DIR/default.vcl -a 127.0.0.1:PORT -n DIR/varnish
                      (`-n` keeps Varnish's working directory inside DIR.) Every other request gets 404.
                    \(plan.site.schemeHeader.map { h in
                        "- Rules with a `scheme` read it from the `\(h)` header (site.scheme_header), which the\n"
                        + "  TLS-terminating proxy in front of Varnish (hitch, HAProxy, nginx) must always set or\n"
                        + "  overwrite; without it a request is http, since Varnish itself has no TLS."
                    } ?? "- Varnish has no TLS: rules with a `scheme` are refused (DT080) unless the TLS-terminating\n"
                        + "  proxy in front of it names the scheme in a header: set `site.scheme_header: X-Forwarded-Proto`.")

                    Capabilities
                    \(capabilities.markdown)
                    Residual differences from Detour's semantics (modelled by `detour simulate --as varnish`)
                    \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

                    """))
        return (files, main)
    }

    /// The `if` of one rule.
    /// The include of `detour.vcl` from the standalone `default.vcl`, as a long string `{"…"}` so a
    /// `"` in the directory stays in the path; it cannot hold `"}` (nor `*`, see below).
    private func includePath(_ directory: String) throws -> String {
        if directory.containsByte(0x2a) {
            // varnishd copies the path into C comments of the code it compiles: `*/` would end one.
            throw ExportDirectory.refusal(directory, holds: "'*'", server: "Varnish", why: "varnishd writes the include path into C comments")
        }
        do {
            return try VarnishSyntax.string(directory + "/detour.vcl")
        } catch let e as VarnishSyntaxError {
            throw ExportDirectory.refusal(directory, holds: e.character, server: "Varnish", why: "a VCL long string ends at \"}")
        }
    }

    private func body(_ r: PreparedRule) throws -> String {
        var conds: [String] = []
        if r.rule.host != nil, let re = r.hostRegex {
            conds.append("req.http.X-Detour-Host ~ " + (try VarnishSyntax.string("^(?:" + re + ")$")))
        } else {
            conds.append("req.http.X-Detour-Site == \"1\"")
        }
        if let exact = r.exactPath {
            conds.append("req.http.X-Detour-Path == " + (try VarnishSyntax.string(exact)))
        } else {
            conds.append("req.http.X-Detour-Path ~ " + (try VarnishSyntax.string(r.pathRegex)))
        }
        if let scheme = r.scheme { conds.append("req.http.X-Detour-Scheme == \"\(scheme)\"") }
        if let m = r.methods {
            conds.append("(" + (try m.map { "req.method == " + (try VarnishSyntax.string($0)) }).joined(separator: " || ") + ")")
        }
        for c in r.conditions {
            let value: String
            let present: String
            switch c.kind {
            case .header:
                value = "req.http.\(c.name)"
                present = value
            case .cookie:
                let n = RegexEmitter.literalString(c.name)
                present = "req.http.Cookie ~ " + (try VarnishSyntax.string("(?:^|;\\s*)" + n + "="))
                value = "regsub(req.http.Cookie, " + (try VarnishSyntax.string("^(?:.*?;\\s*)?" + n + "=([^;]*).*$")) + ", {\"\\1\"})"
            case .query:
                let n = RegexEmitter.literalString(c.name)
                present = "req.http.X-Detour-Query ~ " + (try VarnishSyntax.string("(?:^|&)" + n + "(?:=|&|$)"))
                value =
                    "regsub(req.http.X-Detour-Query, " + (try VarnishSyntax.string("^(?:[^&]*&)*?" + n + "(?:=([^&]*))?(?:&.*)?$")) + ", {\"\\1\"})"
            }
            switch c.value {
            case .present: conds.append(present)
            case .exact(let v): conds.append(present + " && " + value + " == " + (try VarnishSyntax.string(v)))
            case .regex(let re): conds.append(present + " && " + value + " ~ " + (try VarnishSyntax.string(RegexEmitter.emit(re.root))))
            }
        }
        if let ro = r.partialRollout {
            let salt = try VarnishSyntax.string(r.rule.rolloutSalt + ":")
            switch ro.key {
            case .ip: conds.append("detour_shard.key(\(salt) + client.ip) % 10000 < \(ro.basisPoints)")
            case .header(let n): conds.append("req.http.\(n) && detour_shard.key(\(salt) + req.http.\(n)) % 10000 < \(ro.basisPoints)")
            case .cookie(let n):
                let rn = RegexEmitter.literalString(n)
                conds.append("req.http.Cookie ~ " + (try VarnishSyntax.string("(?:^|;\\s*)" + rn + "=")))
                conds.append(
                    "detour_shard.key(\(salt) + regsub(req.http.Cookie, " + (try VarnishSyntax.string("^(?:.*?;\\s*)?" + rn + "=([^;]*).*$"))
                        + ", {\"\\1\"})) % 10000 < \(ro.basisPoints)")
            }
        }
        if let s = r.rule.starts { conds.append("std.integer(time=now) >= \(s.secondsSinceEpoch)") }
        if let e = r.rule.expires { conds.append("std.integer(time=now) < \(e.secondsSinceEpoch)") }
        var out = "    # rule \(r.id) (line \(r.line))\n    if (" + conds.joined(separator: "\n        && ") + ") {\n"
        out += "        set req.http.X-Detour-Location = " + (try location(r)) + ";\n"
        if let cc = r.cacheHeader { out += "        set req.http.X-Detour-CC = " + (try VarnishSyntax.string(cc)) + ";\n" }
        out += "        return (synth(\(r.code)));\n    }\n"
        return out
    }

    /// The Location as a VCL string expression.
    private func location(_ r: PreparedRule) throws -> String {
        let (before, after) = r.targetAroundQuery
        var parts: [String] = []
        let captured = r.target.contains {
            if case .capture = $0 { return true }
            return false
        }
        for p in before + (r.keepsQuery ? [] : after) {
            parts.append(try piece(p, r, captured: captured))
        }
        if r.keepsQuery {
            parts.append(r.targetHasQuery ? "req.http.X-Detour-AQ" : "req.http.X-Detour-QQ")
            for p in after { parts.append(try piece(p, r, captured: captured)) }
        }
        return parts.isEmpty ? "\"\"" : parts.joined(separator: " + ")
    }

    private func piece(_ p: PreparedRule.Piece, _ r: PreparedRule, captured: Bool) throws -> String {
        switch p {
        case .literal(let t): return try VarnishSyntax.string(t)
        case .capture(let n):
            // The whole path replaced by one capture of the leftmost match.
            return "regsub(req.http.X-Detour-Path, " + (try VarnishSyntax.string("^.*?(?:" + r.pathRegex + ").*$")) + ", {\"\\\(n)\"})"
        case .host: return "req.http.X-Detour-Host"
        case .path: return "req.http.X-Detour-Path"
        case .query: return "req.http.X-Detour-Query"
        }
    }
}
