extension ServerKind {
    public static let apache = ServerKind(declaring: "apache")
}

/// Apache httpd 2.4 (`apache2` on Debian): mod_rewrite rules and `RewriteMap`s (cookbook §3).
public struct ApacheTarget: ServerTarget {
    public init() {}
    public var kind: ServerKind { .apache }
    public var exporter: any Exporter { ApacheExporter() }
    public var regexEngine: RegexEngineLimits { .pcre2("PCRE2 gives up at its match limit after a long search and mod_rewrite does not redirect") }
    public var observedView: ServerView {
        var p = ServerView.decodedNormalisedPath
        p.encodedSlash = .reject  // AllowEncodedSlashes Off: 404
        return ServerView(server: kind, path: p, locationForm: .absolute, rollout: rollout)
    }
    /// The exporter makes relative targets absolute with the site's scheme and the Host header.
    public var exportedLocationForm: ServerView.LocationForm { .absolute }
    public var rollout: RolloutDecider { RolloutDecider(hash: ApacheExprHash(algorithm: .md5)) }
    public var program: String { "apache2" }
    public var standaloneMainFile: String { "httpd.conf" }
    public func startArguments(directory: String, listen: ListenAddress) -> [String] {
        [program, "-d", directory, "-f", standaloneMainFile, "-DFOREGROUND"]
    }
    public func syntaxCheckArguments(directory: String) -> [String] {
        [program, "-t", "-d", directory, "-f", directory + "/" + standaloneMainFile]
    }
    /// Debian's apache2 reads its runtime paths from these (normally set by apachectl's envvars).
    public func startEnvironment(directory: String) -> [String] {
        ["APACHE_RUN_DIR=" + directory, "APACHE_LOG_DIR=" + directory, "APACHE_LOCK_DIR=" + directory, "APACHE_PID_FILE=" + directory + "/httpd.pid"]
    }
}
