extension ServerKind {
    public static let vercel = ServerKind(declaring: "vercel")
}

/// Vercel: `vercel.json` `redirects` (path-to-regexp sources, `has` conditions) and bulk
/// redirects for exact rules the configuration cannot hold. No engine runs it offline: the export
/// is proven by reading it back with Detour's Vercel importer (`VercelExportTests`).
public struct VercelTarget: PlatformTarget {
    public init() {}
    public var kind: ServerKind { .vercel }
    public var exporter: any Exporter { VercelExporter() }
    /// The router compiles sources and `has` values to JavaScript regular expressions, which
    /// backtrack; Vercel documents no step limit, so exponential patterns are refused (DT071).
    public var regexEngine: RegexEngineLimits {
        RegexEngineLimits(
            engine: "JavaScript RegExp (path-to-regexp 6)",
            exponentialBacktracking: "a backtracking JavaScript regex that can run for exponential time on one request")
    }
    /// Sources are compiled `strict` and `sensitive`: the path as sent, case-sensitive, `/a` and
    /// `/a/` different (no `trailingSlash` or `cleanUrls` in the exported vercel.json).
    public var observedView: ServerView { ServerView(server: kind, path: exportedPath, locationForm: .asWritten, rollout: rollout) }
    public var exportedPath: PathSemantics { ServerView.rawPath }
    public var exportedLocationForm: ServerView.LocationForm { .asWritten }
    /// Vercel redirects have no percentage split; rollouts are refused, so this never decides.
    public var rollout: RolloutDecider { .canonical }
    public var standaloneMainFile: String { VercelExporter.configFile }

    public var limits: [PlatformLimit] {
        [VercelLimits.configRedirects, VercelLimits.configString, VercelLimits.bulkRedirects, VercelLimits.bulkString]
    }

    public var documentation: [String] {
        [
            "https://vercel.com/docs/redirects/configuration-redirects",
            "https://vercel.com/docs/project-configuration#redirects",
            "https://vercel.com/docs/redirects/bulk-redirects",
            "https://vercel.com/docs/redirects/bulk-redirects/getting-started"
        ]
    }

    /// One line for the export dialog: how many rules need bulk redirects (a Pro or Enterprise
    /// feature) and how many the export would refuse; nil when everything fits in vercel.json.
    public func limitSummary(for set: RuleSet) -> String? {
        var options = ExportOptions(directory: "/")
        options.lenient = true
        guard let out = try? exporter.export(set, options: options) else { return nil }
        var parts: [String] = []
        if let bulk = out.files.first(where: { $0.name == VercelExporter.bulkFile }) {
            let n = bulk.contents.split(separator: "\n").filter { $0.hasPrefix("{") }.count
            parts.append("\(n) rule\(n == 1 ? "" : "s") need\(n == 1 ? "s" : "") bulk redirects")
        }
        if !out.omissions.isEmpty { parts.append("\(out.omissions.count) rule\(out.omissions.count == 1 ? "" : "s") not expressible") }
        return parts.isEmpty ? nil : "vercel: " + parts.joined(separator: "; ")
    }
}

/// The documented limits the Vercel export holds to.
enum VercelLimits {
    static let configRedirects = PlatformLimit(
        what: "redirects in the `redirects` array of vercel.json", maximum: 2_048, source: "https://vercel.com/docs/redirects/configuration-redirects"
    )
    static let configString = PlatformLimit(
        what: "characters of a configuration redirect's source or destination", maximum: 4_096,
        source: "https://vercel.com/docs/redirects/configuration-redirects")
    static let bulkRedirects = PlatformLimit(
        what: "bulk redirects per project", maximum: 1_000_000, source: "https://vercel.com/docs/redirects/bulk-redirects")
    static let bulkString = PlatformLimit(
        what: "characters of a bulk redirect's source or destination", maximum: 2_048, source: "https://vercel.com/docs/redirects/bulk-redirects")
}
