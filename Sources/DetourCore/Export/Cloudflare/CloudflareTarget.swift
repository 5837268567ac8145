extension ServerKind {
    public static let cloudflare = ServerKind(declaring: "cloudflare")
}

/// Cloudflare: a Bulk Redirect List (CSV for the dashboard import, with the account rule that
/// enables it) for plain exact and subpath rules, and Single Redirect rules (the zone's
/// `http_request_dynamic_redirect` ruleset) for what needs an expression. No engine runs it
/// offline: the list is read back by Detour's Cloudflare CSV importer and the rules by a reader of
/// the expressions Detour writes (`CloudflareExportTests`).
public struct CloudflareTarget: PlatformTarget {
    public init() {}
    public var kind: ServerKind { .cloudflare }
    public var exporter: any Exporter { CloudflareExporter() }
    /// `matches` runs the Rust regex crate: no backtracking, linear time.
    public var regexEngine: RegexEngineLimits { RegexEngineLimits(engine: "Rust regex (finite automata)", exponentialBacktracking: nil) }
    public var observedView: ServerView { ServerView(server: kind, path: exportedPath, locationForm: exportedLocationForm, rollout: rollout) }
    /// Cloudflare normalises incoming URLs before any rule sees them (zone default: "Normalize
    /// incoming URLs" on, RFC 3986 type): unreserved escapes decoded, the rest upper-case, dot
    /// segments removed. String comparisons are case-sensitive; no trailing-slash folding.
    public var exportedPath: PathSemantics { PathSemantics(decoding: .unreservedOnly, removesDotSegments: true) }
    /// The export writes every Location absolute: bulk rows per scheme and host, single redirects
    /// with the request's scheme and `http.host` in front of a relative target.
    public var exportedLocationForm: ServerView.LocationForm { .absolute }
    /// Rollouts are refused, so this formula never decides.
    public var rollout: RolloutDecider { .canonical }
    public var standaloneMainFile: String { CloudflareExporter.singleFile }

    public var limits: [PlatformLimit] {
        CloudflarePlan.allCases.map(\.singleRedirectRules) + CloudflarePlan.allCases.map(\.bulkRedirectItems) + [
            CloudflareLimits.urlLength, CloudflareLimits.subpathSlashes, CloudflareLimits.expressionLength
        ]
    }

    public var documentation: [String] {
        [
            "https://developers.cloudflare.com/rules/url-forwarding/",
            "https://developers.cloudflare.com/rules/url-forwarding/bulk-redirects/how-it-works/",
            "https://developers.cloudflare.com/rules/url-forwarding/bulk-redirects/reference/parameters/",
            "https://developers.cloudflare.com/rules/url-forwarding/bulk-redirects/reference/csv-file-format/",
            "https://developers.cloudflare.com/rules/url-forwarding/single-redirects/settings/",
            "https://developers.cloudflare.com/ruleset-engine/rules-language/",
            "https://developers.cloudflare.com/rules/normalization/how-it-works/",
            CloudflareLimits.bulkQuotas
        ]
    }

    /// One line for the export dialog: how the rules split between the bulk list and single
    /// redirects, against the plan's quota, and how many the export would refuse.
    public func limitSummary(for set: RuleSet) -> String? {
        var options = ExportOptions(directory: "/")
        options.lenient = true
        guard let out = try? exporter.export(set, options: options), let plan = try? CloudflarePlan.of(set.site) else { return nil }
        let singles = out.files.first { $0.name == CloudflareExporter.singleFile }.map { CloudflareExporter.ruleCount(inRuleset: $0.contents) } ?? 0
        var parts: [String] = []
        if singles > 0 {
            parts.append("\(singles) single redirect\(singles == 1 ? "" : "s") of \(plan.singleRedirectRules.maximum) (\(plan.title) plan)")
        }
        if !out.omissions.isEmpty { parts.append("\(out.omissions.count) rule\(out.omissions.count == 1 ? "" : "s") not expressible") }
        return parts.isEmpty ? nil : "cloudflare: " + parts.joined(separator: "; ")
    }
}
