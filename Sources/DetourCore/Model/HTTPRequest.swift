/// A request as Detour reasons about it (DESIGN §4): what the matcher, simulator, validator
/// witnesses and `verify` all exchange.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var scheme: String
    /// Lower-case host without port.
    public var host: String
    /// Explicit port, nil for the scheme's default.
    public var port: Int?
    /// The path as sent on the wire (percent-encoding untouched), starting with `/`.
    public var path: String
    /// The query string without `?`, nil when the URL has no `?`.
    public var query: String?
    /// Header fields in order; names compare case-insensitively.
    public var headers: [HeaderField]
    /// The client's address (for rollouts by `ip`).
    public var clientAddress: String
    /// When the request is made (time windows).
    public var time: Timestamp

    public struct HeaderField: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        method: String, scheme: String = "https", host: String, port: Int? = nil, path: String, query: String? = nil,
        headers: [HeaderField] = [], clientAddress: String = "127.0.0.1", time: Timestamp = Timestamp.now()
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.clientAddress = clientAddress
        self.time = time
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.name.lowercased() == n }?.value
    }

    /// A cookie's value from the `Cookie` header(s).
    public func cookie(_ name: String) -> String? {
        for h in headers where h.name.lowercased() == "cookie" {
            for pair in h.value.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if kv.count == 2, kv[0].trimmingSpacesSub() == name { return String(kv[1].trimmingSpacesSub()) }
            }
        }
        return nil
    }

    /// `scheme://host[:port]/path[?query]`.
    public var url: String {
        var s = "\(scheme)://\(host)"
        if let port { s += ":\(port)" }
        s += path
        if let query { s += "?" + query }
        return s
    }

    /// Parses an absolute `http(s)://host[:port]/path?query` URL (fragment dropped), or a path
    /// (`/a?b`) on `defaultHost`. Nil when the text is neither.
    public static func parseURL(_ text: String, defaultScheme: String = "https", defaultHost: String) -> (
        scheme: String, host: String, port: Int?, path: String, query: String?
    )? {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var scheme = defaultScheme
        var host = defaultHost
        var port: Int? = nil
        if let sep = rest.range(of: "://") {
            scheme = rest[..<sep.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { return nil }
            rest = rest[sep.upperBound...]
            let authEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            var authority = rest[..<authEnd]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
                guard let p = Int(authority[authority.index(after: colon)...]), p > 0, p < 65536 else { return nil }
                port = p
                authority = authority[..<colon]
            }
            guard !authority.isEmpty else { return nil }
            host = authority.lowercased()
            rest = rest[authEnd...]
            if rest.isEmpty || rest.first == "?" { rest = "/" + rest }
        }
        guard rest.first == "/" else { return nil }
        var query: String? = nil
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        return (scheme, host, port, String(rest), query)
    }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        let n = Array(needle)
        guard !n.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            var j = i
            var k = 0
            while k < n.count, j < endIndex, self[j] == n[k] {
                j = index(after: j)
                k += 1
            }
            if k == n.count { return i..<j }
            i = index(after: i)
        }
        return nil
    }
}
