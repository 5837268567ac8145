extension ServerKind {
    public static let caddy = ServerKind(declaring: "caddy")
}

/// Caddy 2.6: one `route` of `redir` handlers in a Caddyfile (cookbook §5).
public struct CaddyTarget: ServerTarget {
    public init() {}
    public var kind: ServerKind { .caddy }
    public var exporter: any Exporter { CaddyExporter() }
    public var regexEngine: RegexEngineLimits { .goRegexp }
    public var observedView: ServerView {
        var p = ServerView.decodedNormalisedPath
        p.caseInsensitiveLiterals = true  // the path matcher ignores case; path_regexp does not
        return ServerView(server: kind, path: p, locationForm: .asWritten, rollout: rollout)
    }
    public var exportedLocationForm: ServerView.LocationForm { .asWritten }
    public var rollout: RolloutDecider { RolloutDecider(hash: CaddyHighestRandomWeight()) }
    public var program: String { "caddy" }
    public var standaloneMainFile: String { "Caddyfile" }
    public func startArguments(directory: String, listen: ListenAddress) -> [String] {
        [program, "run", "--config", standaloneMainFile, "--adapter", "caddyfile"]
    }
    public func syntaxCheckArguments(directory: String) -> [String] {
        [program, "validate", "--adapter", "caddyfile", "--config", directory + "/" + standaloneMainFile]
    }
}
