/// The site-wide settings of a rule file (DESIGN §2.1).
public struct SiteSettings: Sendable, Hashable {
    /// The site's own hosts; targets on them are local.
    public var hosts: [HostPattern] = []
    /// Trusted external hosts targets may point to.
    public var allow: [HostPattern] = []
    /// Scheme assumed for requests when a rule has no host.
    public var scheme: String = "https"
    /// The request header a TLS-terminating proxy in front of the server sets to the scheme the
    /// client used (`X-Forwarded-Proto`); nil: the scheme of the server's own connection. Only a
    /// proxy that always sets (or overwrites) it may be trusted, since clients can send it too.
    public var schemeHeader: String?
    public var trailingSlash: TrailingSlash = .exact
    public var pathCase: PathCase = .sensitive
    /// Default export targets, in order; the first decides `simulate`'s default server view.
    public var exports: [ExportTarget] = []
    /// `hosts` and `allow` entries as typed where that is not the pattern's ASCII name
    /// (`bücher.example` for `xn--bcher-kva.example`): saves and the editor show them so.
    public var typedHosts: [HostPattern: String] = [:]

    public init() {}

    public enum TrailingSlash: String, Sendable, Hashable, CaseIterable { case exact, fold }
    public enum PathCase: String, Sendable, Hashable, CaseIterable { case sensitive, insensitive }

    /// The host requests go to when nothing else says: the first exact site host, else `example.com`.
    public var primaryHost: String {
        for h in hosts { if case .exact(let name) = h { return name } }
        if case .suffix(let s)? = hosts.first { return s }
        return "example.com"
    }

    /// A `hosts` or `allow` entry as the user typed it.
    public func typedText(of host: HostPattern) -> String { typedHosts[host] ?? host.description }

    /// Reads `hosts` or `allow` entries: the patterns, and the typed text of Unicode ones kept in
    /// `typedHosts`; nil for each entry that is not a host name.
    public mutating func parseHosts(_ texts: [String]) -> [HostPattern?] {
        texts.map { text in
            guard let pattern = HostPattern(text: text) else { return nil }
            if IRI.hasNonASCII(text) { typedHosts[pattern] = text }
            return pattern
        }
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

extension SiteSettings {
    /// A header name of letters, digits, `-` and `_`: the names every exporter can carry (nginx
    /// reaches a header through a `$http_` variable).
    public static func isValidHeaderName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x2d || b == 0x5f
            }
    }

    /// The scheme a server sees for `request` (DESIGN §4): the trusted header's value when the site
    /// names one and the request carries `http` or `https` in it (any case), otherwise the scheme of
    /// the connection — `connectionScheme` when the server only speaks one (Varnish: `http`), else
    /// the request's own.
    public func scheme(of request: HTTPRequest, connectionScheme: String? = nil) -> String {
        Self.scheme(of: request, header: schemeHeader, connectionScheme: connectionScheme)
    }

    /// `scheme(of:connectionScheme:)` for a site whose `scheme_header` is `header`.
    static func scheme(of request: HTTPRequest, header: String?, connectionScheme: String?) -> String {
        if let header, let value = request.header(header) {
            let v = value.lowercased()
            if v == "http" || v == "https" { return v }
        }
        return connectionScheme ?? request.scheme
    }

    /// Headers a proxy in front of the server sets for one request: a client following a redirect
    /// never sends them itself, so `simulate` drops them after the first hop.
    public var proxyHeaders: Set<String> {
        var names: Set<String> = [
            "x-forwarded-proto", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-ssl", "x-real-ip", "forwarded",
            "x-forwarded-scheme", "front-end-https"
        ]
        if let schemeHeader { names.insert(schemeHeader.lowercased()) }
        return names
    }
}
