/// Cloudflare (developers.cloudflare.com/rules/url-forwarding): `bulk-redirects.csv`, the URL
/// redirects of one Bulk Redirect List for the dashboard's CSV import, `bulk-redirect-rule.json`,
/// the account rule that enables the list, and `single-redirects.json`, the zone's
/// `http_request_dynamic_redirect` ruleset for the rules that need an expression or an order the
/// list cannot keep (`CloudflarePlacement`). Quotas follow the site's plan (`CloudflarePlan`).
/// Neither CSV nor JSON has comments: the README carries the export header.
public struct CloudflareExporter: Exporter {
    public init() {}

    static let bulkFile = "bulk-redirects.csv"
    static let bulkRuleFile = "bulk-redirect-rule.json"
    static let singleFile = "single-redirects.json"
    /// The list's name, as the account rule names it.
    static let listName = "detour_redirects"

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .cloudflare,
            support: [
                .exact: .native(
                    "a Bulk Redirect List entry `host/path` (one per host, per scheme for a relative target), or `http.request.uri.path eq`"),
                .prefix: .native(
                    "a list entry with subpath matching (and preserve path suffix for `/new/*`) when the prefix ends with `/`, or `starts_with()` and `substring()`"
                ),
                .regex: .workaround(
                    "`matches` and one `regex_replace()` over the whole path (`^.*?(?:regex).*$`): Business and Enterprise plans only; a target naming captures on both sides of another placeholder is refused"
                ),
                .host: .native("the list entry's host, or `http.host eq` / `in` / `ends_with()` for `*.` hosts"),
                .scheme: .native("an `http://` or `https://` list source, or `ssl` / `not ssl`"),
                .schemeHeader: .unsupported("Cloudflare terminates TLS itself; `ssl` tells the scheme, not a forwarded header"),
                .methods: .native("`http.request.method in {…}`"),
                .conditions: .native(
                    "the first value of `http.request.headers[…]`, `http.request.cookies[…]` (Pro plan and up) or `raw.http.request.uri.args[…]`: `eq`, `len() gt 0` for presence, `matches` (Business and up)"
                ),
                .queryKeep: .native(
                    "preserve query string; refused onto a target with a query or fragment of its own (where Cloudflare puts it is not documented)"),
                .queryDrop: .native("preserve query string off"),
                .timeWindow: .native("`http.request.timestamp.sec ge STARTS and … lt EXPIRES` in a single redirect"),
                .cacheHeader: .unsupported("Cloudflare sets the headers of its redirect answers itself"),
                .rolloutByIP: .unsupported("Cloudflare redirects have no deterministic client hash"),
                .rolloutByCookie: .unsupported("Cloudflare redirects have no deterministic client hash"),
                .rolloutByHeader: .unsupported("Cloudflare redirects have no deterministic client hash"),
                .pathFolding: .unsupported("Cloudflare compares paths case-sensitively and keeps the trailing slash")
            ],
            residualDifferences: [
                "Cloudflare normalises incoming URLs before any redirect (the zone default, RFC 3986): escapes of unreserved characters decoded, dot segments removed (modelled by `simulate --as cloudflare`); with the Cloudflare normalisation type it also merges `//` and turns `\\` into `/`, which the simulation does not model",
                "single redirects run before the Bulk Redirect List and stop at the first match; Detour puts a rule in the list only when no later single redirect and no list entry Cloudflare would rank above it could answer its requests, so the order still holds",
                "a relative target becomes an absolute URL with the request's scheme and host, without the port: on Cloudflare's other HTTP(S) ports the Location leaves the port out",
                "only 301, 302, 307 and 308 are sent; a 303 rule is refused",
                "Cloudflare does not document whether list sources compare paths case-sensitively; the simulation assumes so, as every Rules language string comparison is",
                "quotas depend on the plan (`plan:` in the site's cloudflare exports entry, Free when unset): regex and cookie tests need higher plans"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        if options.isStandalone { throw ExportRefusal(errors: [CloudflareTarget().standaloneRefusal]) }
        let plan: CloudflarePlan
        do { plan = try CloudflarePlan.of(set.site) } catch let e as ExportError { throw ExportRefusal(errors: [e]) }
        let site = set.site
        var omitted: [ExportOmission] = []
        var out = try ExportPipeline.run(
            set, options: options, capabilities: capabilities,
            check: { r in
                // A rule passes when a single redirect or the list can carry it.
                do { _ = try CloudflareSingleRedirect.make(r, plan: plan, site: site) } catch let e as ExportError {
                    guard case .success = CloudflareBulkRow.rows(r) else { throw e }
                }
            },
            render: { plan2 in try render(plan2, plan: plan, omitted: &omitted) })
        out.omissions += omitted
        out.exportedRuleCount -= omitted.count
        return out
    }

    private func render(_ exportPlan: ExportPlan, plan: CloudflarePlan, omitted: inout [ExportOmission]) throws -> (
        files: [ExportedFile], mainFile: String?
    ) {
        let rules = exportPlan.rules
        let placement = CloudflarePlacement(rules)
        var refused: [(Int, ExportError)] = []
        var singles: [Int: [CloudflareSingleRedirect]] = [:]
        for (i, r) in rules.enumerated() where placement.rows[i] == nil {
            do { singles[i] = try CloudflareSingleRedirect.make(r, plan: plan, site: exportPlan.site) } catch let e as ExportError {
                let why = " (the Bulk Redirect List could carry it, but a later single redirect or list entry would answer its requests first)"
                refused.append((i, .invalidOption(e.description + why)))
            }
        }
        refused += Self.overLimit(
            rules.indices.filter { singles[$0] != nil }, cost: { singles[$0]!.count }, limit: plan.singleRedirectRules, rules: rules)
        refused += Self.overLimit(
            rules.indices.filter { placement.rows[$0] != nil }, cost: { placement.rows[$0]!.count }, limit: plan.bulkRedirectItems, rules: rules)
        refused.sort { $0.0 < $1.0 }
        if !refused.isEmpty {
            guard exportPlan.options.lenient else { throw ExportRefusal(errors: refused.map(\.1)) }
            omitted = refused.map { ExportOmission(ruleID: rules[$0.0].id, line: rules[$0.0].line, reason: $0.1.description) }
        }
        let skip = Set(refused.map(\.0))
        var csv: [String] = []
        var singleJSON: [String] = []
        for i in rules.indices where !skip.contains(i) {
            if let rows = placement.rows[i] { csv += rows.map(\.csvLine) } else { singleJSON += singles[i]!.map { "    " + $0.json } }
        }
        let kept = rules.indices.filter { !skip.contains($0) }.map { rules[$0] }
        let header = ExportHeader(server: .cloudflare, options: exportPlan.options, rules: kept, omissions: exportPlan.header.omissions + omitted)
            .text()
        var files = [
            ExportedFile(name: "README", contents: header + "\n" + readme(plan: plan, singles: singleJSON.count, rows: csv.count)),
            ExportedFile(
                name: Self.singleFile,
                contents: "{\n  \"rules\": [" + (singleJSON.isEmpty ? "]\n" : "\n" + singleJSON.joined(separator: ",\n") + "\n  ]\n") + "}\n")
        ]
        if !csv.isEmpty {
            files.append(ExportedFile(name: Self.bulkFile, contents: csv.joined(separator: "\n") + "\n"))
            files.append(ExportedFile(name: Self.bulkRuleFile, contents: Self.bulkRule))
        }
        return (files, nil)
    }

    /// The account's `http_request_redirect` ruleset rule that enables the list.
    static let bulkRule = """
        {
          "rules": [
            {"description": "detour bulk redirects", "expression": "http.request.full_uri in $\(listName)", "action": "redirect", "action_parameters": {"from_list": {"name": "\(listName)", "key": "http.request.full_uri"}}}
          ]
        }

        """

    /// The rules written to a ruleset file (one `"action": "redirect"` each).
    static func ruleCount(inRuleset json: String) -> Int {
        json.components(separatedBy: "\"action\": \"redirect\"").count - 1
    }

    /// A quota: one error per rule whose entries go past it, naming the limit, the count and the
    /// first rule over it.
    private static func overLimit(_ indices: [Int], cost: (Int) -> Int, limit: PlatformLimit, rules: [PreparedRule]) -> [(Int, ExportError)] {
        var used = 0
        var over: [Int] = []
        for i in indices {
            used += cost(i)
            if used > limit.maximum { over.append(i) }
        }
        guard let first = over.first else { return [] }
        return over.map {
            let r = rules[$0]
            return (
                $0,
                .invalidOption(
                    "\(r.line > 0 ? "line \(r.line): " : "")rule \(r.id): over the limit of \(limit.maximum) \(limit.what) (\(limit.source)): \(used) would be needed, \(over.count) rule\(over.count == 1 ? "" : "s") over it from rule \(rules[first].id) on"
                )
            )
        }
    }

    private func readme(plan: CloudflarePlan, singles: Int, rows: Int) -> String {
        """
        Detour export for Cloudflare (\(rows) URL redirect\(rows == 1 ? "" : "s") in a Bulk Redirect List, \(singles) Single Redirect rule\(singles == 1 ? "" : "s"); \(plan.title) plan quotas)

        - \(Self.singleFile): the rules of the zone's `http_request_dynamic_redirect` phase, in Detour's order
          (Cloudflare stops at the first that matches). PUT it to
          /zones/ZONE_ID/rulesets/phases/http_request_dynamic_redirect/entrypoint; it replaces the phase's rules.
        - \(Self.bulkFile) (only when needed): the URL redirects of one Bulk Redirect List, in the CSV format of the
          dashboard's import (no header). Create a list named \(Self.listName) and import it, then enable it with
          \(Self.bulkRuleFile), the account's `http_request_redirect` ruleset rule.

        Order. Single redirects run before Bulk Redirects; inside a list the most specific source wins, not the
        list order. Detour puts a rule in the list only when the list can hold it (an exact path or a prefix ending
        with `/`, exact hosts, 301/302/307/308, no condition) and no later rule that became a single redirect, and
        no list entry Cloudflare would rank above it, could answer its requests; every other rule is a single
        redirect. A list entry needs a host, so a rule without one uses the site's hosts (`site.hosts`); a relative
        target is written once per scheme (`http://host/…` and `https://host/…`), so the Location keeps the
        request's scheme.

        Limits (the \(plan.title) plan; set `plan: free|pro|business|enterprise` in the site's cloudflare exports entry)
        - at most \(plan.singleRedirectRules.maximum) \(plan.singleRedirectRules.what) (\(plan.singleRedirectRules.source))
        - at most \(plan.bulkRedirectItems.maximum) \(plan.bulkRedirectItems.what) (\(plan.bulkRedirectItems.source)); the quota counts
          every list of the account, so splitting into several lists would not hold more
        \([CloudflareLimits.urlLength, CloudflareLimits.subpathSlashes, CloudflareLimits.expressionLength].map { "- at most \($0.maximum) \($0.what) (\($0.source))" }.joined(separator: "\n"))
        An export over a quota is refused naming the limit and the rules over it (`--lenient` leaves them out
        and lists them).

        Capabilities
        \(capabilities.markdown)
        Residual differences from Detour's semantics (modelled by `detour simulate --as cloudflare`)
        \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

        """
    }
}
