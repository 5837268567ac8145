extension ServerKind {
    public static let netlify = ServerKind(declaring: "netlify")
}

/// Netlify: a `_redirects` file (and the same rules as `[[redirects]]` of `netlify.toml`) that
/// Netlify's CDN reads at deploy time. No engine runs it offline: the export is proven by reading
/// it back with Detour's Netlify importer (`NetlifyExportTests`).
public struct NetlifyTarget: PlatformTarget {
    public init() {}
    public var kind: ServerKind { .netlify }
    public var exporter: any Exporter { NetlifyExporter() }
    /// Netlify's rules have placeholders and splats, no regex engine a rule could overload.
    public var regexEngine: RegexEngineLimits { RegexEngineLimits(engine: "none (placeholders and splats)", exponentialBacktracking: nil) }
    /// Netlify compares rule paths with the path as sent (special characters must be written
    /// url-encoded, paths are case-sensitive) after its CDN has normalised a trailing slash away:
    /// `/about` and `/about/` are the same request to every rule.
    public var observedView: ServerView { ServerView(server: kind, path: exportedPath, locationForm: .asWritten, rollout: rollout) }
    public var exportedPath: PathSemantics { PathSemantics(decoding: .none, upperCasesHex: false, foldsTrailingSlash: true) }
    public var exportedLocationForm: ServerView.LocationForm { .asWritten }
    /// Netlify has no percentage rollouts in redirect rules; they are refused, so this never decides.
    public var rollout: RolloutDecider { .canonical }
    public var standaloneMainFile: String { NetlifyExporter.mainFile }

    public var limits: [PlatformLimit] { [NetlifyLimits.rules] }

    public var documentation: [String] {
        [
            "https://docs.netlify.com/routing/redirects/",
            "https://docs.netlify.com/routing/redirects/redirect-options/",
            "https://docs.netlify.com/routing/redirects/rewrites-proxies/"
        ]
    }

    /// One line for the export dialog: how much of Netlify's rule budget the set uses and how many
    /// rules need more than one Netlify rule; nil when there is nothing to say.
    public func limitSummary(for set: RuleSet) -> String? {
        let active = set.rules.filter(\.enabled)
        let hosted = active.filter { $0.host != nil }.count
        let lines = active.count + hosted
        var parts: [String] = []
        if lines > NetlifyLimits.rules.maximum {
            parts.append("\(lines) Netlify rules, over the \(NetlifyLimits.rules.maximum) Netlify recommends")
        }
        if hosted > 0 { parts.append("\(hosted) host rule\(hosted == 1 ? "" : "s") written twice (http and https)") }
        return parts.isEmpty ? nil : "netlify: " + parts.joined(separator: "; ")
    }
}

/// The documented limits the Netlify export holds to.
enum NetlifyLimits {
    /// Netlify serialises all rules of `_redirects` and `netlify.toml` at deploy time and fails
    /// the deploy when the result is too large; from 10,000 rules on it asks for wildcards,
    /// placeholders or Edge Functions instead. There is one rule list per site, so nothing can be
    /// split: a larger export is refused.
    static let rules = PlatformLimit(
        what: "redirect rules per site (`_redirects` and `netlify.toml` together)", maximum: 10_000,
        source: "https://docs.netlify.com/routing/redirects/")
}
