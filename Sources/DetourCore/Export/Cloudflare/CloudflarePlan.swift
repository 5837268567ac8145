/// The Cloudflare plan whose quotas the export holds to, named by the `plan` option of the site's
/// `exports` entry for cloudflare (`exports: [{to: cloudflare, plan: business}]`); Free when
/// unset, the smallest quotas, so an export that fits deploys on every plan. Bulk Redirect
/// quotas are per account (the highest plan on it), Single Redirect quotas per zone.
public enum CloudflarePlan: String, Sendable, CaseIterable {
    case free, pro, business, enterprise

    /// The option key in a site `exports` entry.
    public static let optionKey = "plan"

    /// The plan named by the site's `exports` entry for cloudflare; Free when none is named.
    static func of(_ site: SiteSettings) throws -> CloudflarePlan {
        guard let text = site.exports.first(where: { $0.server == ServerKind.cloudflare.name })?.options[optionKey] else { return .free }
        guard let plan = CloudflarePlan(rawValue: text.lowercased()) else {
            throw ExportError.invalidOption(
                "exports: cloudflare plan '\(text)': write one of \(allCases.map(\.rawValue).joined(separator: ", ")) (the plan decides the redirect quotas)"
            )
        }
        return plan
    }

    /// The name as Cloudflare's pages write it.
    var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// Single Redirect rules per zone (the `http_request_dynamic_redirect` phase).
    var singleRedirectRules: PlatformLimit {
        let n: Int
        switch self {
        case .free: n = 10
        case .pro: n = 25
        case .business: n = 50
        case .enterprise: n = 300
        }
        return PlatformLimit(what: "Single Redirect rules per zone (\(title) plan)", maximum: n, source: CloudflareLimits.singleAvailability)
    }

    /// URL redirects across all Bulk Redirect Lists of the account.
    var bulkRedirectItems: PlatformLimit {
        let n: Int
        switch self {
        case .free: n = 10_000
        case .pro: n = 25_000
        case .business: n = 50_000
        case .enterprise: n = 1_000_000
        }
        return PlatformLimit(what: "URL redirects across Bulk Redirect Lists (\(title) plan)", maximum: n, source: CloudflareLimits.bulkQuotas)
    }

    /// The `matches` operator and `regex_replace()` need a Business or Enterprise plan.
    var allowsRegex: Bool { self == .business || self == .enterprise }

    /// The `http.request.cookies` field needs a Pro, Business or Enterprise plan.
    var allowsCookies: Bool { self != .free }
}

/// The documented limits that do not depend on the plan, and where each is written.
enum CloudflareLimits {
    static let singleAvailability = "https://developers.cloudflare.com/rules/url-forwarding/#availability"
    static let bulkQuotas = "https://developers.cloudflare.com/changelog/post/2025-02-12-rules-upgraded-limits/"
    static let parameters = "https://developers.cloudflare.com/rules/url-forwarding/bulk-redirects/reference/parameters/"
    static let howBulkWorks = "https://developers.cloudflare.com/rules/url-forwarding/bulk-redirects/how-it-works/"
    static let expressions = "https://developers.cloudflare.com/ruleset-engine/rules-language/expressions/"

    /// A URL redirect's source or target URL.
    static let urlLength = PlatformLimit(what: "bytes of a URL redirect's source or target URL (32 KB)", maximum: 32_768, source: parameters)
    /// Slashes in the source path of a redirect with subpath matching.
    static let subpathSlashes = PlatformLimit(
        what: "`/` characters in the source path of a URL redirect with subpath matching", maximum: 16, source: howBulkWorks)
    /// A rule expression.
    static let expressionLength = PlatformLimit(what: "characters of a rule expression", maximum: 4_096, source: expressions)
    /// `${n}` references in one `regex_replace()` replacement.
    static let replacementReferences = 8
}
