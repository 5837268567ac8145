extension ServerKind {
    public static let lighttpd = ServerKind(declaring: "lighttpd")
}

/// lighttpd 1.4: one mod_magnet Lua script walks the rules (cookbook §6).
public struct LighttpdTarget: ServerTarget {
    public init() {}
    public var kind: ServerKind { .lighttpd }
    public var exporter: any Exporter { LighttpdExporter() }
    public var regexEngine: RegexEngineLimits {
        RegexEngineLimits(
            engine: "Detour's Lua matcher (backtracking)",
            exponentialBacktracking: "the Lua matcher has no step limit: the request holds lighttpd's single worker for hours")
    }
    /// `$HTTP["url"]` is decoded and normalised but keeps %2F (url-path-2f-decode is off).
    public var observedView: ServerView {
        var p = ServerView.decodedNormalisedPath
        p.encodedSlash = .keep
        return ServerView(server: kind, path: p, locationForm: .asWritten, rollout: rollout)
    }
    public var exportedLocationForm: ServerView.LocationForm { .asWritten }
    public var rollout: RolloutDecider { RolloutDecider(hash: LighttpdMagnetMD5()) }
    public var program: String { "lighttpd" }
    public var standaloneMainFile: String { "lighttpd.conf" }
    public func startArguments(directory: String, listen: ListenAddress) -> [String] {
        [program, "-D", "-f", standaloneMainFile]
    }
    public func syntaxCheckArguments(directory: String) -> [String] {
        [program, "-tt", "-f", directory + "/" + standaloneMainFile]
    }
}
