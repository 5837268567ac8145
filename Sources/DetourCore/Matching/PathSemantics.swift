/// How request paths are turned into the bytes that sources are compared with: Detour's own
/// contract (DESIGN §4: only unreserved percent-escapes decoded, `%2F` stays) or the way a given
/// server sees the path (server-cookbook "How each server sees the request path").
public struct PathSemantics: Sendable, Hashable {
    /// What happens to percent-escapes before matching.
    public enum Decoding: String, Sendable, Hashable {
        /// Decode `%41`-style escapes of unreserved characters only, upper-case the rest (Detour).
        case unreservedOnly
        /// Decode every escape (nginx, Apache, Caddy, lighttpd `$HTTP["url"]`).
        case full
        /// Compare the raw request target (HAProxy `path`, Varnish `req.url`).
        case none
        /// Decode every escape except those of reserved characters (RFC 3986 gen- and sub-delims)
        /// and `%`, which stay encoded with upper-case hex (Traefik 3.7's router matchers). A `%`
        /// not followed by two hex digits is refused (Go's URL parser: 400 Bad Request).
        case keepingReserved
    }

    /// What an encoded slash `%2F` becomes under full decoding.
    public enum EncodedSlash: String, Sendable, Hashable {
        /// Stays `%2F` (Detour; lighttpd's default).
        case keep
        /// Becomes `/` (nginx, Caddy).
        case decode
        /// The server refuses the request (Apache `AllowEncodedSlashes Off` answers 404): no rule applies.
        case reject
    }

    public var decoding: Decoding
    public var encodedSlash: EncodedSlash
    /// Remove `.`/`..` segments (RFC 3986 §5.2.4) after decoding.
    public var removesDotSegments: Bool
    /// Collapse `//` into `/`.
    public var mergesSlashes: Bool
    /// Upper-case the hex digits of escapes that stay encoded (`%c3` → `%C3`).
    public var upperCasesHex: Bool
    /// Exact and prefix sources ignore ASCII case.
    public var caseInsensitiveLiterals: Bool
    /// Regex sources ignore ASCII case.
    public var caseInsensitiveRegex: Bool
    /// `/a` and `/a/` are the same source (`site.trailing_slash: fold`).
    public var foldsTrailingSlash: Bool

    public init(
        decoding: Decoding, encodedSlash: EncodedSlash = .keep, removesDotSegments: Bool = false,
        mergesSlashes: Bool = false, upperCasesHex: Bool = true, caseInsensitiveLiterals: Bool = false,
        caseInsensitiveRegex: Bool = false, foldsTrailingSlash: Bool = false
    ) {
        self.decoding = decoding
        self.encodedSlash = encodedSlash
        self.removesDotSegments = removesDotSegments
        self.mergesSlashes = mergesSlashes
        self.upperCasesHex = upperCasesHex
        self.caseInsensitiveLiterals = caseInsensitiveLiterals
        self.caseInsensitiveRegex = caseInsensitiveRegex
        self.foldsTrailingSlash = foldsTrailingSlash
    }

    /// Detour's own semantics for a site (DESIGN §4 with the site's `trailing_slash` and `case`).
    public static func detour(_ site: SiteSettings) -> PathSemantics {
        PathSemantics(
            decoding: .unreservedOnly, caseInsensitiveLiterals: site.pathCase == .insensitive,
            caseInsensitiveRegex: site.pathCase == .insensitive, foldsTrailingSlash: site.trailingSlash == .fold)
    }

    /// The same semantics with the site's `trailing_slash` and `case` added, which exporters honour
    /// on every server.
    public func honouring(_ site: SiteSettings) -> PathSemantics {
        var s = self
        if site.pathCase == .insensitive {
            s.caseInsensitiveLiterals = true
            s.caseInsensitiveRegex = true
        }
        if site.trailingSlash == .fold { s.foldsTrailingSlash = true }
        return s
    }

    /// The bytes a request path is matched as, nil when the server refuses the path.
    public func requestPath(_ raw: String) -> [UInt8]? {
        var bytes = Array(raw.utf8)
        switch decoding {
        case .none:
            if upperCasesHex { bytes = PercentEncoding.upperCaseHex(bytes) }
        case .unreservedOnly:
            if !bytes.allSatisfy(PercentEncoding.isAllowedRawNotPercent) { bytes = PercentEncoding.normalize(bytes) }
        case .full:
            if encodedSlash == .reject && PercentEncoding.containsEncodedSlash(bytes) { return nil }
            bytes = PercentEncoding.decode(bytes, keepingSlashes: encodedSlash == .keep)
        case .keepingReserved:
            guard PercentEncoding.hasOnlyWellFormedEscapes(bytes) else { return nil }
            bytes = PercentEncoding.decodeKeepingReserved(bytes)
        }
        if mergesSlashes { bytes = PercentEncoding.mergeSlashes(bytes) }
        if removesDotSegments { bytes = PercentEncoding.removeDotSegments(bytes) }
        return bytes
    }

    /// Whether `requestPath` would return these bytes unchanged.
    func isCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch decoding {
        case .none:
            guard !upperCasesHex || !bytes.contains(0x25) else { return false }
        case .unreservedOnly:
            guard bytes.allSatisfy(PercentEncoding.isAllowedRawNotPercent) else { return false }
        case .full, .keepingReserved:
            guard !bytes.contains(0x25) else { return false }
        }
        if mergesSlashes || removesDotSegments {
            var previous: UInt8 = 0
            for b in bytes {
                if b == 0x2f && previous == 0x2f && mergesSlashes { return false }
                if b == 0x2e && previous == 0x2f && removesDotSegments { return false }
                previous = b
            }
        }
        return true
    }

    /// The bytes an exact or prefix source is compared as: decoded for decoding servers, the
    /// canonical percent-encoded form (upper-case hex) otherwise.
    public func sourcePath(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        switch decoding {
        case .full: return PercentEncoding.decode(bytes, keepingSlashes: encodedSlash == .keep)
        case .keepingReserved: return PercentEncoding.decodeKeepingReserved(PercentEncoding.normalize(bytes))
        case .unreservedOnly, .none:
            return bytes.allSatisfy(PercentEncoding.isAllowedRawNotPercent) ? bytes : PercentEncoding.normalize(bytes)
        }
    }
}
