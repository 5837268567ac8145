extension ServerKind {
    public static let haproxy = ServerKind(declaring: "haproxy")
}

/// HAProxy 2.6: `http-request redirect` rules and exact-path map files (cookbook §4).
public struct HAProxyTarget: ServerTarget {
    public init() {}
    public var kind: ServerKind { .haproxy }
    public var exporter: any Exporter { HAProxyExporter() }
    public var regexEngine: RegexEngineLimits { .pcre2("PCRE2 gives up at its match limit after a long search and HAProxy does not redirect") }
    /// `path` is the raw request target, and `http-request redirect` adds `Cache-Control: no-cache`
    /// to 302, 303 and 307 when nothing sets the header (the export sets the rule's own policy).
    public var observedView: ServerView {
        ServerView(server: kind, path: ServerView.rawPath, locationForm: .asWritten, rollout: rollout, addsNoCacheToTemporaryRedirects: true)
    }
    public var exportedLocationForm: ServerView.LocationForm { .asWritten }
    public var rollout: RolloutDecider { RolloutDecider(hash: HAProxyHash(function: .xxh32(seed: 0))) }
    public var program: String { "haproxy" }
    public var standaloneMainFile: String { "haproxy.cfg" }
    public func startArguments(directory: String, listen: ListenAddress) -> [String] {
        [program, "-f", standaloneMainFile]
    }
    public func syntaxCheckArguments(directory: String) -> [String] {
        [program, "-c", "-f", directory + "/" + standaloneMainFile]
    }
}
