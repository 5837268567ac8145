/// Netlify (docs.netlify.com/routing/redirects): every rule as one forced line of `_redirects`,
/// and the same rules as `[[redirects]]` tables in `netlify.toml` for sites that keep their
/// configuration there. Deploy one of the two: Netlify reads `_redirects` first and then the TOML
/// rules, so both together count every rule twice against the limit (the second copies never
/// answer: the first copy of each rule matches first).
public struct NetlifyExporter: Exporter {
    public init() {}

    static let mainFile = "_redirects"

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .netlify,
            support: [
                .exact: .native("the path as written (url-encoded, case-sensitive); `:name` or `*` in it are refused"),
                .prefix: .native("a splat `/dir/*`, the rest as `:splat`; a prefix that ends inside a segment is refused"),
                .regex: .workaround(
                    "only `^` + segments that are literal or a whole-segment group `([^/]+)` + an optional final `/(.*)` + `$`: `:placeholders` and a splat"
                ),
                .host: .workaround("a domain rule `https://host/path`, written once per scheme; a `*.` host is refused"),
                .conditions: .workaround(
                    "query parameters by exact value (`id=5`) or presence (`id=:q1`), cookie presence (`Cookie=name`); header tests, cookie values and regex values are refused"
                ),
                .queryKeep: .native("Netlify passes the query on when the rule matches no query parameter and the target has no query"),
                .queryDrop: .native("Netlify drops the query when the rule matches query parameters or the target has a query of its own"),
                .pathFolding: .workaround(
                    "`site.trailing_slash: fold` is what Netlify always does; `site.case: insensitive` is refused (Netlify paths are case-sensitive)"),
                .scheme: .unsupported(
                    "a Netlify rule for one scheme needs a domain rule, and Detour's importer reads those only in http/https pairs"),
                .schemeHeader: .unsupported("Netlify terminates TLS itself; no rule reads a forwarded scheme header"),
                .methods: .unsupported("Netlify redirect rules match every method"),
                .cacheHeader: .unsupported("Netlify sets the headers of its redirect answers itself"),
                .rolloutByIP: .unsupported("Netlify redirect rules have no percentage split"),
                .rolloutByCookie: .unsupported("Netlify redirect rules have no percentage split"),
                .rolloutByHeader: .unsupported("Netlify redirect rules have no percentage split"),
                .timeWindow: .unsupported("Netlify redirect rules have no clock")
            ],
            residualDifferences: [
                "Netlify normalises a trailing slash away before its rules run: a rule for /about also answers /about/ and one for /about/ answers /about (modelled by `simulate --as netlify`)",
                "every rule is forced (`!`): it redirects even when the deploy has a file at its path; without the `!` a deployed file would shadow it",
                "only 301 and 302 are exported (Netlify documents 307 as unsupported); a rule with another code is refused",
                "a rule without a host applies to every domain of the Netlify site; set the site's domains to `site.hosts`",
                "Netlify itself serves rules of other sites' files, proxies (200) and its own `_headers`; they are not part of the export"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        if options.isStandalone {
            throw ExportRefusal(errors: [NetlifyTarget().standaloneRefusal])
        }
        let site = set.site
        var overflow: [ExportOmission] = []
        var out = try ExportPipeline.run(
            set, options: options, capabilities: capabilities, check: { _ = try NetlifyRedirect.make($0, site: site) },
            render: { plan in try render(plan, overflow: &overflow) })
        out.omissions += overflow
        out.exportedRuleCount -= Set(overflow.map(\.ruleID)).count
        return out
    }

    private func render(_ plan: ExportPlan, overflow: inout [ExportOmission]) throws -> (files: [ExportedFile], mainFile: String?) {
        var rules: [[NetlifyRedirect]] = try plan.rules.map { try NetlifyRedirect.make($0, site: plan.site) }
        let total = rules.reduce(0) { $0 + $1.count }
        let limit = NetlifyLimits.rules
        if total > limit.maximum {
            // Whole rules past the limit: a rule is never written for only one of its schemes.
            var kept = 0
            var cut = rules.count
            for (i, r) in rules.enumerated() {
                if kept + r.count > limit.maximum {
                    cut = i
                    break
                }
                kept += r.count
            }
            let over = plan.rules[cut...]
            let named =
                over.prefix(5).map { "\($0.id) (line \($0.line))" }.joined(separator: ", ") + (over.count > 5 ? " and \(over.count - 5) more" : "")
            let message =
                "netlify: \(total) Netlify rules, over the limit of \(limit.maximum) \(limit.what) (\(limit.source)); a site has one rule list, so nothing can be split. Over the limit: \(named)"
            guard plan.options.lenient else { throw ExportError.invalidOption(message) }
            overflow = over.map {
                ExportOmission(
                    ruleID: $0.id, line: $0.line,
                    reason: "\($0.line > 0 ? "line \($0.line): " : "")rule \($0.id): over the limit of \(limit.maximum) \(limit.what)")
            }
            rules = Array(rules[..<cut])
        }
        let header = ExportHeader(
            server: .netlify, options: plan.options, rules: Array(plan.rules.prefix(rules.count)), omissions: plan.header.omissions + overflow
        ).text()
        var lines = header + "# Netlify _redirects: first matching rule wins; every rule is forced (!).\n"
        var toml = header + "# Netlify [[redirects]] tables: the same rules as _redirects; deploy one of the two.\n"
        for (r, entries) in zip(plan.rules, rules) {
            let comment = "# rule \(r.id.replacingControlCharacters()) (line \(r.line))\n"
            lines += comment
            toml += "\n" + comment
            for e in entries {
                lines += NetlifySyntax.redirectsLine(e) + "\n"
                toml += NetlifySyntax.tomlTable(e)
            }
        }
        let files = [
            ExportedFile(name: Self.mainFile, contents: lines),
            ExportedFile(name: "netlify.toml", contents: toml),
            ExportedFile(name: "README", contents: readme(ruleCount: rules.count, lineCount: rules.reduce(0) { $0 + $1.count }))
        ]
        return (files, nil)
    }

    private func readme(ruleCount: Int, lineCount: Int) -> String {
        """
        Detour export for Netlify (\(ruleCount) rules, \(lineCount) Netlify rules)

        - _redirects: put it in the site's publish directory. One line per rule, in Detour's order
          (Netlify takes the first rule that matches). Every line ends its status with `!` (forced):
          without it Netlify serves a deployed file at the path instead of redirecting (shadowing),
          while a Detour rule always redirects.
        - netlify.toml: the same rules as [[redirects]] tables, for sites configured in netlify.toml.
          Use one of the two files, not both: Netlify reads _redirects first, then netlify.toml, and
          counts the rules of both.
        - A rule limited to a host becomes two domain rules (http:// and https://).

        Limits (\(NetlifyLimits.rules.source)): Netlify serialises the rules of both files at deploy
        time and the deploy may fail when they are too large; from \(NetlifyLimits.rules.maximum) rules on it
        asks for wildcards, placeholders or Edge Functions. A site has one rule list, so Detour refuses
        an export over \(NetlifyLimits.rules.maximum) Netlify rules (`--lenient` leaves the rules past it out and lists them).

        Capabilities
        \(capabilities.markdown)
        Residual differences from Detour's semantics (modelled by `detour simulate --as netlify`)
        \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

        """
    }
}
