/// lighttpd 1.4 (cookbook §6): the config language has no hash and no clock, so the whole rule
/// list runs in one mod_magnet Lua script attached to every request before lighttpd normalises
/// it. The script walks the rules in file order (first match wins), on the raw path from
/// `request.orig-uri`; runs of plain exact rules are Lua hash tables.
public struct LighttpdExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .lighttpd,
            support: [
                .exact: .workaround("mod_magnet: Lua table lookup on the raw path"),
                .prefix: .workaround("mod_magnet: prefix compare on the raw path"),
                .regex: .workaround("mod_magnet: Detour's backtracking matcher (PCRE semantics) on the raw path"),
                .host: .workaround("mod_magnet: the Host lighttpd normalised (lower-case, no port or trailing dot)"),
                .scheme: .workaround("mod_magnet: `uri.scheme` (https on a `ssl.engine = \"enable\"` socket)"),
                .schemeHeader: .workaround("mod_magnet: the trusted header (`http`/`https`, any case), else `uri.scheme`"),
                .methods: .workaround("mod_magnet: request.method"),
                .conditions: .workaround("mod_magnet: header, cookie and first query value as sent"),
                .queryKeep: .workaround("mod_magnet: query from the raw URI"),
                .queryDrop: .workaround("mod_magnet: target without the query"),
                .cacheHeader: .workaround("mod_magnet: response header"),
                .rolloutByIP: .workaround("mod_magnet: md5(\"salt:\" .. addr) first 32 bits % 10000"),
                .rolloutByCookie: .workaround("mod_magnet: md5(\"salt:\" .. cookie) first 32 bits % 10000"),
                .rolloutByHeader: .workaround("mod_magnet: md5(\"salt:\" .. header) first 32 bits % 10000"),
                .timeWindow: .workaround("mod_magnet: os.time()")
            ],
            residualDifferences: [
                "paths are matched as sent (raw): percent-encoded unreserved characters are not decoded and hex case is kept",
                "repeated headers are joined with ', ' by lighttpd",
                "with lighttpd's default url-ctrls-reject an encoded control character (%0D) in the target gets 400 before any rule runs (the standalone config disables it)"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(set, options: options, capabilities: capabilities, check: { _ in }, render: render)
    }

    private func render(_ plan: ExportPlan) throws -> (files: [ExportedFile], mainFile: String?) {
        let dir = plan.options.directory
        func quoted(_ path: String) throws -> String { try LighttpdSyntax.quotedPath(path, directory: dir) }
        var lua = plan.header.text(comment: "--") + "-- mod_magnet script: attach with magnet.attract-raw-url-to (see README).\n"
        lua += LighttpdMatcherLua.prelude
        lua += "\nlocal SITE = {" + plan.site.hosts.map(hostEntry).joined(separator: ", ") + "}\n"
        lua += "local SCHEME_HEADER = " + (plan.site.schemeHeader.map(LuaSyntax.string) ?? "nil") + "\n"
        lua += "local RULES = {}\n"
        var i = 0
        let rules = plan.rules
        while i < rules.count {
            if rules[i].isPlainExact, rules[i].literalTarget != nil, rules[i].targetHasFragment == false {
                // mod_magnet re-runs the script for every request, so a run of plain exact rules is
                // one string constant (compiled once) searched with a plain find, not a table built
                // per request. Grouped by what the Location needs besides the target.
                let (groups, j) = ExactRuns.collect(
                    rules, from: i, while: { $0.isPlainExact && $0.literalTarget != nil && $0.targetHasFragment == false },
                    key: { "\($0.code)|\($0.cacheHeader ?? "")|\($0.keepsQuery)|\($0.targetHasQuery)" })
                for g in groups {
                    let first = g[0]
                    var text = "\n"
                    for r in g { text += r.exactPath! + "\t" + r.literalTarget! + "\n" }
                    var f = ["code=\(first.code)", "keep=\(first.keepsQuery)", "hasq=\(first.targetHasQuery)"]
                    if let cc = first.cacheHeader { f.append("cc=" + LuaSyntax.string(cc)) }
                    lua += "-- \(g.count) exact rule\(g.count == 1 ? "" : "s") (first: \(first.id), line \(first.line))\n"
                    lua += "RULES[#RULES + 1] = {list=" + LuaSyntax.string(text) + ", " + f.joined(separator: ", ") + "}\n"
                }
                i = j
                continue
            }
            lua += "-- rule \(rules[i].id) (line \(rules[i].line))\nRULES[#RULES + 1] = \(ruleTable(rules[i]))\n"
            i += 1
        }
        lua += LighttpdMatcherLua.main
        var files = [ExportedFile(name: "detour.lua", contents: lua)]
        let include =
            plan.header.text() + """
                # Include in lighttpd.conf:  include \(try quoted(dir + "/detour-lighttpd.conf"))
                # Needs mod_magnet (package lighttpd-modules-lua) in server.modules.
                magnet.attract-raw-url-to += ( \(try quoted(dir + "/detour.lua")) )

                """
        files.append(ExportedFile(name: "detour-lighttpd.conf", contents: include))
        var main: String? = nil
        if let listen = plan.options.standaloneListen {
            main = "lighttpd.conf"
            files.append(
                ExportedFile(
                    name: "lighttpd.conf",
                    contents: plan.header.text() + """
                        # Standalone redirect-only lighttpd. From DIR: lighttpd -D -f lighttpd.conf
                        server.modules = ( "mod_magnet" )
                        server.bind = "\(listen.host)"
                        server.port = \(listen.port)
                        server.document-root = \(try quoted(dir + "/empty"))
                        server.pid-file = \(try quoted(dir + "/lighttpd.pid"))
                        server.errorlog = \(try quoted(dir + "/error.log"))
                        server.upload-dirs = ( \(try quoted(dir)) )
                        magnet.attract-raw-url-to = ( \(try quoted(dir + "/detour.lua")) )
                        # Encoded control characters (%0D%0A) reach the rules, which keep them encoded in Location.
                        server.http-parseopts = ( "url-ctrls-reject" => "disable" )

                        """))
        }
        files.append(
            ExportedFile(
                name: "README",
                contents: """
                    Detour export for lighttpd 1.4 (\(plan.rules.count) rules)

                    - detour.lua: the mod_magnet script with every rule (first match wins).
                    - detour-lighttpd.conf: `include` it in lighttpd.conf; it attaches the script to every request
                      with `magnet.attract-raw-url-to`. mod_magnet must be in server.modules (Debian package
                      lighttpd-modules-lua). Requests no rule applies to continue unchanged.
                    - lighttpd.conf (standalone only): a complete redirect-only server; from DIR run
                          lighttpd -D -f lighttpd.conf
                      Every other request gets 404 (the document root DIR/empty does not exist).
                    \(plan.site.schemeHeader.map { h in
                        "- Rules with a `scheme` read it from the `\(h)` header (site.scheme_header), which the\n"
                        + "  TLS-terminating proxy in front of lighttpd must always set or overwrite; without it\n"
                        + "  lighttpd's own uri.scheme decides."
                    } ?? "- Rules with a `scheme` read lighttpd's uri.scheme: https on a socket with\n"
                        + "  `ssl.engine = \"enable\"`. Behind a TLS-terminating proxy set `site.scheme_header: X-Forwarded-Proto`.")

                    Capabilities
                    \(capabilities.markdown)
                    Residual differences from Detour's semantics (modelled by `detour simulate --as lighttpd`)
                    \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

                    """))
        return (files, main)
    }

    private func hostEntry(_ h: HostPattern) -> String {
        switch h {
        case .exact(let n): return "{exact=\(LuaSyntax.string(n))}"
        case .suffix(let s): return "{suffix=\(LuaSyntax.string(s))}"
        }
    }

    private func ruleTable(_ r: PreparedRule) -> String {
        var f: [String] = ["code=\(r.code)"]
        switch r.rule.source.kind {
        case .exact: f.append("exact=" + LuaSyntax.string(r.exactPath!))
        case .prefix: f.append("prefix=" + LuaSyntax.string(r.prefix!))
        case .regex(let re):
            f.append("re=" + LuaSyntax.regex(re.root, excluding: URLText.neverInRawPath))
            f.append("groups=\(re.groupCount)")
        }
        if r.rule.host != nil { f.append("hosts={" + r.hosts.map(hostEntry).joined(separator: ",") + "}") }
        if let scheme = r.scheme { f.append("scheme=" + LuaSyntax.string(scheme)) }
        if let m = r.methods { f.append("methods={" + m.map { "[\(LuaSyntax.string($0))]=true" }.joined(separator: ",") + "}") }
        var conds: [String] = []
        for c in r.conditions {
            var e: [String] = ["\(c.kind.rawValue)=\(LuaSyntax.string(c.name))"]
            switch c.value {
            case .present: e.append("present=true")
            case .exact(let v): e.append("exact=" + LuaSyntax.string(v))
            case .regex(let re): e.append("re=" + LuaSyntax.regex(re.root))
            }
            conds.append("{" + e.joined(separator: ",") + "}")
        }
        f.append("conds={" + conds.joined(separator: ",") + "}")
        if let ro = r.partialRollout {
            var e = ["bp=\(ro.basisPoints)", "salt=" + LuaSyntax.string(r.rule.rolloutSalt + ":")]
            switch ro.key {
            case .ip: e.append("ip=true")
            case .cookie(let n): e.append("cookie=" + LuaSyntax.string(n))
            case .header(let n): e.append("header=" + LuaSyntax.string(n))
            }
            f.append("rollout={" + e.joined(separator: ",") + "}")
        }
        if let s = r.rule.starts { f.append("starts=\(s.secondsSinceEpoch)") }
        if let e = r.rule.expires { f.append("expires=\(e.secondsSinceEpoch)") }
        if let cc = r.cacheHeader { f.append("cc=" + LuaSyntax.string(cc)) }
        if r.targetHasQuery { f.append("hasq=true") }
        let (before, after) = r.targetAroundQuery
        func piece(_ p: PreparedRule.Piece) -> String {
            switch p {
            case .literal(let t): return LuaSyntax.string(t)
            case .capture(let n): return "{cap=\(n)}"
            case .host: return "{host=true}"
            case .path: return "{path=true}"
            case .query: return "{query=true}"
            }
        }
        var t = before.map(piece)
        if r.keepsQuery { t.append("{keep=true}") }
        t += after.map(piece)
        f.append("target={" + t.joined(separator: ",") + "}")
        return "{" + f.joined(separator: ", ") + "}"
    }
}
