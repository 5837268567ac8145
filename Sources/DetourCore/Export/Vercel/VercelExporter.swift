/// Vercel (vercel.com/docs/redirects): `vercel.json` with one `redirects` entry per rule in
/// Detour's order (Vercel's router takes the first that matches), and `bulk-redirects.json` for
/// the exact rules the configuration cannot hold (`VercelBulkPlan`), named by `bulkRedirectsPath`.
/// JSON has no comments: the README carries the export header.
public struct VercelExporter: Exporter {
    public init() {}

    static let configFile = "vercel.json"
    static let bulkFile = "bulk-redirects.json"

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .vercel,
            support: [
                .exact: .native("a literal path-to-regexp source (special characters escaped), or a bulk redirect"),
                .prefix: .native("`/dir/(.*)`, the rest as `$1`"),
                .regex: .workaround(
                    "anchored with `^`: literals stay literal, each capturing group without groups inside becomes an unnamed parameter `(…)`; nested or repeated captures are refused"
                ),
                .host: .native("`has` host, the name as a regex of itself (`*.` as one more label)"),
                .conditions: .native("`has` header, cookie or query: presence, the exact value, or a regex as `.*(?:regex).*`"),
                .queryKeep: .native("Vercel passes the request's query on; a target with a query of its own is refused (Vercel merges the two)"),
                .queryDrop: .workaround(
                    "only as a bulk redirect (`query: false`): an exact rule with a constant target and no condition that no earlier rule could answer"
                ),
                .scheme: .unsupported("Vercel terminates TLS and redirects http itself; a redirect cannot test the scheme"),
                .schemeHeader: .unsupported("a redirect cannot test the scheme"),
                .methods: .unsupported("Vercel redirects match every method"),
                .cacheHeader: .unsupported("Vercel sets the headers of its redirect answers itself"),
                .rolloutByIP: .unsupported("Vercel redirects have no percentage split"),
                .rolloutByCookie: .unsupported("Vercel redirects have no percentage split"),
                .rolloutByHeader: .unsupported("Vercel redirects have no percentage split"),
                .timeWindow: .unsupported("Vercel redirects have no clock"),
                .pathFolding: .unsupported("Vercel compiles sources strict and case-sensitive; `trailingSlash` would add redirects of its own")
            ],
            residualDifferences: [
                "bulk redirects run before every configuration redirect; Detour moves a rule there only when no earlier rule could answer its path, so the order still holds",
                "a `has` value is a regex to Vercel, matched against the whole value: Detour writes exact values with punctuation escaped",
                "Vercel's documentation does not say whether sources match the raw or the decoded path; Detour writes the url-encoded path and `simulate --as vercel` compares the raw path",
                "bulk redirects need a Pro or Enterprise plan (1,000 or 10,000 included, more bought in groups of 25,000)"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        if options.isStandalone {
            throw ExportRefusal(errors: [VercelTarget().standaloneRefusal])
        }
        var omitted: [ExportOmission] = []
        var out = try ExportPipeline.run(
            set, options: options, capabilities: capabilities, check: check,
            render: { plan in try render(plan, omitted: &omitted) })
        out.omissions += omitted
        out.exportedRuleCount -= omitted.count
        return out
    }

    /// A rule passes when the configuration can say it, or when it is one bulk can carry.
    private func check(_ r: PreparedRule) throws {
        do { _ = try VercelRedirect.make(r) } catch let e as ExportError {
            guard case .unsupportedFeature(_, _, .queryDrop, _) = e, VercelBulkPlan.canCarry(r) else { throw e }
        }
    }

    private func render(_ plan: ExportPlan, omitted: inout [ExportOmission]) throws -> (files: [ExportedFile], mainFile: String?) {
        let bulkPlan = VercelBulkPlan(plan.rules)
        var refused: [(Int, ExportError)] = bulkPlan.blocked.map {
            let r = plan.rules[$0]
            return (
                $0,
                .unsupportedFeature(
                    rule: r.id, line: r.line, feature: .queryDrop,
                    why:
                        "only a bulk redirect drops the query, and bulk redirects run before every other redirect while an earlier rule could answer this path"
                )
            )
        }
        refused += Self.overLimit(
            bulkPlan.overConfigLimit, limit: VercelLimits.configRedirects, plan: plan, note: "no exact rule was left to move to bulk redirects")
        refused += Self.overLimit(bulkPlan.overBulkLimit, limit: VercelLimits.bulkRedirects, plan: plan, note: "")
        refused.sort { $0.0 < $1.0 }
        if !refused.isEmpty {
            guard plan.options.lenient else { throw ExportRefusal(errors: refused.map(\.1)) }
            omitted = refused.map { ExportOmission(ruleID: plan.rules[$0.0].id, line: plan.rules[$0.0].line, reason: $0.1.description) }
        }
        let skip = Set(refused.map(\.0))
        var config: [String] = []
        var bulk: [String] = []
        for (i, r) in plan.rules.enumerated() where !skip.contains(i) {
            if bulkPlan.inBulk[i] {
                bulk.append(Self.bulkEntry(r))
            } else {
                config.append("    " + (try VercelRedirect.make(r)).json)
            }
        }
        var json = "{\n  \"$schema\": \"https://openapi.vercel.sh/vercel.json\",\n"
        if !bulk.isEmpty { json += "  \"bulkRedirectsPath\": \(JSON.string(Self.bulkFile)),\n" }
        json += "  \"redirects\": [" + (config.isEmpty ? "]\n" : "\n" + config.joined(separator: ",\n") + "\n  ]\n") + "}\n"
        let kept = plan.rules.indices.filter { !skip.contains($0) }.map { plan.rules[$0] }
        let header = ExportHeader(server: .vercel, options: plan.options, rules: kept, omissions: plan.header.omissions + omitted).text()
        var files = [
            ExportedFile(name: "README", contents: header + "\n" + readme(config: config.count, bulk: bulk.count)),
            ExportedFile(name: Self.configFile, contents: json)
        ]
        if !bulk.isEmpty { files.append(ExportedFile(name: Self.bulkFile, contents: "[\n" + bulk.joined(separator: ",\n") + "\n]\n")) }
        return (files, nil)
    }

    /// A set-level limit: one error per rule past it, each naming the limit, the count and the first rule over it.
    private static func overLimit(_ indices: [Int], limit: PlatformLimit, plan: ExportPlan, note: String) -> [(Int, ExportError)] {
        guard let first = indices.first else { return [] }
        let total = limit.maximum + indices.count
        return indices.map {
            let r = plan.rules[$0]
            return (
                $0,
                .invalidOption(
                    "\(r.line > 0 ? "line \(r.line): " : "")rule \(r.id): over the limit of \(limit.maximum) \(limit.what) (\(limit.source)): \(total) would be needed, \(indices.count) over it from rule \(plan.rules[first].id) on\(note.isEmpty ? "" : "; " + note)"
                )
            )
        }
    }

    /// A bulk redirect: the exact path, the constant target, the code, case-sensitive, the query
    /// kept or dropped as the rule says.
    static func bulkEntry(_ r: PreparedRule) -> String {
        "{\"source\": \(JSON.string(r.exactPath!)), \"destination\": \(JSON.string(r.literalTarget!)), \"statusCode\": \(r.code), \"caseSensitive\": true, \"query\": \(r.rule.query == .keep)}"
    }

    private func readme(config: Int, bulk: Int) -> String {
        """
        Detour export for Vercel (\(config) configuration redirects, \(bulk) bulk redirects)

        - vercel.json: the `redirects` array in Detour's order (Vercel takes the first that matches).
          Merge it into the project's vercel.json; redirects of your own placed before these win.
        - bulk-redirects.json (only when needed): bulk redirects, named by `bulkRedirectsPath`. Vercel
          runs them before every other route; Detour puts a rule there only when no earlier rule could
          answer its path, when vercel.json cannot say it (it drops the query) or when vercel.json would
          otherwise hold more than \(VercelLimits.configRedirects.maximum) redirects. Bulk redirects need a Pro or
          Enterprise plan.

        Limits
        \(VercelTarget().limits.map { "- at most \($0.maximum) \($0.what) (\($0.source))" }.joined(separator: "\n"))
        An export over a limit is refused naming the limit and the rules over it (`--lenient` leaves them out
        and lists them).

        Capabilities
        \(capabilities.markdown)
        Residual differences from Detour's semantics (modelled by `detour simulate --as vercel`)
        \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

        """
    }
}
