/// The site-wide settings of a rule file (DESIGN §2.1).
public struct SiteSettings: Sendable, Hashable {
    /// The site's own hosts; targets on them are local.
    public var hosts: [HostPattern] = []
    /// Trusted external hosts targets may point to.
    public var allow: [HostPattern] = []
    /// Scheme assumed for requests when a rule has no host.
    public var scheme: String = "https"
    public var trailingSlash: TrailingSlash = .exact
    public var pathCase: PathCase = .sensitive
    /// Default export targets, in order; the first decides `simulate`'s default server view.
    public var exports: [ExportTarget] = []

    public init() {}

    public enum TrailingSlash: String, Sendable, Hashable, CaseIterable { case exact, fold }
    public enum PathCase: String, Sendable, Hashable, CaseIterable { case sensitive, insensitive }

    /// The host requests go to when nothing else says: the first exact site host, else `example.com`.
    public var primaryHost: String {
        for h in hosts { if case .exact(let name) = h { return name } }
        if case .suffix(let s)? = hosts.first { return s }
        return "example.com"
    }

    /// Whether a host is one of the site's own.
    public func isSiteHost(_ host: String) -> Bool { hosts.contains { $0.matches(host) } }

    /// Whether a host is the site's or explicitly allowed.
    public func isTrustedHost(_ host: String) -> Bool { isSiteHost(host) || allow.contains { $0.matches(host) } }
}

/// One entry of `site.exports`: a server name and its options as written.
public struct ExportTarget: Sendable, Hashable {
    public var server: String
    public var options: [String: String]
    public init(server: String, options: [String: String] = [:]) {
        self.server = server
        self.options = options
    }
}
