extension ServerKind {
    public static let varnish = ServerKind(declaring: "varnish")
}

/// Varnish 7.1: an `if` chain in `vcl_recv` answered by `vcl_synth` (cookbook §7).
public struct VarnishTarget: ServerTarget {
    public init() {}
    public var kind: ServerKind { .varnish }
    public var exporter: any Exporter { VarnishExporter() }
    public var regexEngine: RegexEngineLimits {
        .pcre2("PCRE2 gives up at Varnish's pcre2_match_limit and the VCL match fails instead of redirecting")
    }
    /// `req.url` is the raw request target.
    public var observedView: ServerView {
        ServerView(server: kind, path: ServerView.rawPath, locationForm: .asWritten, rollout: rollout, connectionScheme: connectionScheme)
    }
    /// Varnish has no TLS: every connection it takes is plain HTTP (a TLS proxy in front of it
    /// says the client's scheme in `site.scheme_header`).
    public var connectionScheme: String? { "http" }
    public var exportedLocationForm: ServerView.LocationForm { .asWritten }
    public var rollout: RolloutDecider { RolloutDecider(hash: VarnishShardKey()) }
    public var program: String { "varnishd" }
    public var package: String { "varnish" }
    public var standaloneMainFile: String { "default.vcl" }
    /// varnishd takes the listen address on the command line and needs absolute paths.
    public func startArguments(directory: String, listen: ListenAddress) -> [String] {
        [program, "-F", "-f", directory + "/" + standaloneMainFile, "-a", listen.description, "-n", directory + "/varnish"]
    }
    public func syntaxCheckArguments(directory: String) -> [String] {
        [program, "-C", "-f", directory + "/" + standaloneMainFile, "-n", directory + "/varnish"]
    }
    /// varnishd compiles the VCL to C with gcc before it listens: minutes for large sets on a busy machine.
    public var startTimeoutSeconds: Double { 300 }
}
