/// The scheme and host of a source written as a URL: `http://example.com/*` applies to plain-HTTP
/// requests for example.com only. This is how the most common redirect on the web — http to https —
/// is one rule.
public struct SourceOrigin: Sendable, Hashable {
    /// `http` or `https`.
    public let scheme: String
    public let host: HostPattern

    public init(scheme: String, host: HostPattern) {
        self.scheme = scheme
        self.host = host
    }

    /// The origin of `text` and where its path starts, nil when the text does not start with
    /// `http://` or `https://`. A URL source names a host and an exact or prefix path, no port or
    /// userinfo (a regex source takes the `scheme` and `host` fields instead).
    static func parse(_ text: String) throws(SourceSyntaxError) -> (SourceOrigin, String.Index)? {
        let lower = text.prefix(8).lowercased()
        let scheme: String
        if lower.hasPrefix("http://") {
            scheme = "http"
        } else if lower.hasPrefix("https://") {
            scheme = "https"
        } else {
            return nil
        }
        let authorityStart = text.index(text.startIndex, offsetBy: scheme.count + 3)
        let rest = text[authorityStart...]
        let offset = scheme.count + 3
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }), rest[slash] == "/" else {
            throw SourceSyntaxError(message: "a source URL needs a path after the host, like \(scheme)://example.com/*", offset: text.count)
        }
        let authority = String(rest[..<slash])
        if authority.contains("@") {
            throw SourceSyntaxError(message: "a source URL cannot carry userinfo ('@')", offset: offset)
        }
        if authority.contains(":") {
            throw SourceSyntaxError(message: "a source URL cannot name a port; rules match every port of their host", offset: offset)
        }
        guard !authority.isEmpty, let host = HostPattern(text: authority) else {
            throw SourceSyntaxError(message: "'\(authority)' is not a host name (example.com or *.example.com)", offset: offset)
        }
        return (SourceOrigin(scheme: scheme, host: host), slash)
    }
}
