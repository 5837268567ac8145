extension ServerKind {
    public static let gateway = ServerKind(declaring: "gateway")
}

/// The Kubernetes Gateway API (`HTTPRoute`, gateway.networking.k8s.io/v1): a hosted platform
/// target — any conformant implementation runs the exported routes, none runs offline here.
public struct GatewayAPITarget: PlatformTarget {
    public init() {}
    public var kind: ServerKind { .gateway }
    public var exporter: any Exporter { GatewayAPIExporter() }
    /// Regex paths are refused (implementation-specific), so no engine ever runs one.
    public var regexEngine: RegexEngineLimits { RegexEngineLimits(engine: "none (regex paths are refused)", exponentialBacktracking: nil) }
    public var observedView: ServerView {
        ServerView(server: kind, path: exportedPath, locationForm: exportedLocationForm, rollout: rollout)
    }
    /// Gateway API leaves normalisation to the implementation; RFC 3986's (unreserved escapes
    /// decoded, dot segments removed) is what the CRD's ban on dot segments in match values assumes.
    public var exportedPath: PathSemantics { PathSemantics(decoding: .unreservedOnly, removesDotSegments: true) }
    /// The request's scheme and Host name with the listener's port (HTTPRequestRedirectFilter.port).
    public var exportedLocationForm: ServerView.LocationForm { .absoluteWithListenPort(nil) }
    /// Rollouts are refused, so this formula never decides.
    public var rollout: RolloutDecider { .canonical }
    public var standaloneMainFile: String { GatewayAPIExporter.fileName }
    public var limits: [PlatformLimit] { GatewayAPILimits.all }
    public var documentation: [String] {
        [
            "https://gateway-api.sigs.k8s.io/reference/spec/#httproute",
            "https://gateway-api.sigs.k8s.io/api-types/httproute/",
            "https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/"
        ]
    }

    /// One line for the export dialog about what the rule set needs on this target, nil when nothing
    /// stands out: how many HTTPRoutes the export makes, and how many rules it refuses.
    public func limitSummary(for set: RuleSet) -> String? {
        let rules = GatewayAPIExporter.translatable(set, now: .now())
        let refused = GatewayAPIPrecedence.refusals(rules)
        let kept = rules.filter { refused[$0.index] == nil }
        let routes = GatewayAPIRouteSplit.routes(kept).count
        let enabled = set.rules.filter(\.enabled).count
        let notExpressible = enabled - kept.count
        var parts: [String] = []
        if routes > 1 { parts.append("\(routes) HTTPRoutes (\(GatewayAPILimits.rulesPerRoute) rules each at most)") }
        if notExpressible > 0 { parts.append("\(notExpressible) rule\(notExpressible == 1 ? "" : "s") not expressible") }
        return parts.isEmpty ? nil : "gateway: " + parts.joined(separator: "; ")
    }
}
