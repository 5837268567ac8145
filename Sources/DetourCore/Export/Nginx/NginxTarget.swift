extension ServerKind {
    public static let nginx = ServerKind(declaring: "nginx")
}

/// nginx 1.22: rewrite-phase rules at server level with hash `map`s for exact paths (cookbook §2).
public struct NginxTarget: ServerTarget {
    public init() {}
    public var kind: ServerKind { .nginx }
    public var exporter: any Exporter { NginxExporter() }
    public var regexEngine: RegexEngineLimits { .pcre2("nginx answers 500 (pcre2_match() error -47, match limit exceeded) instead of redirecting") }
    public var observedView: ServerView {
        ServerView(server: kind, path: ServerView.decodedNormalisedPath, locationForm: .absoluteWithListenPort(nil), rollout: rollout)
    }
    public var exportedLocationForm: ServerView.LocationForm { .asWritten }
    public var rollout: RolloutDecider { RolloutDecider(hash: NginxSplitClients()) }
    public var program: String { "nginx" }
    public var standaloneMainFile: String { "nginx.conf" }
    public func startArguments(directory: String, listen: ListenAddress) -> [String] {
        [program, "-p", directory, "-c", standaloneMainFile]
    }
    public func syntaxCheckArguments(directory: String) -> [String] {
        [program, "-t", "-q", "-p", directory, "-c", standaloneMainFile]
    }
}
