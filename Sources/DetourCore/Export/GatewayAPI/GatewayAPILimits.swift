/// The bounds of the `HTTPRoute` CRD (gateway.networking.k8s.io/v1, standard channel) that an
/// export can reach, read from the API types (`apis/v1/httproute_types.go` of kubernetes-sigs/gateway-api):
/// the exporter splits rules over several HTTPRoutes to stay under the per-route counts and refuses
/// what no split can fix, naming the limit.
enum GatewayAPILimits {
    static let source = "https://gateway-api.sigs.k8s.io/reference/spec/#httproute (HTTPRouteSpec, HTTPRouteRule, HTTPRouteMatch)"
    /// `spec.rules`: MaxItems=16.
    static let rulesPerRoute = 16
    /// `spec.rules[].matches`: MaxItems=64.
    static let matchesPerRule = 64
    /// CEL rule on `spec.rules`: the matches of all rules of a route add up to at most 128.
    static let matchesPerRoute = 128
    /// `spec.hostnames`: MaxItems=16.
    static let hostnamesPerRoute = 16
    /// `matches[].headers` and `matches[].queryParams`: MaxItems=16 each.
    static let headerMatchesPerMatch = 16
    static let queryMatchesPerMatch = 16
    /// `matches[].path.value`, `requestRedirect.path.replaceFullPath`/`replacePrefixMatch`: MaxLength=1024.
    static let pathLength = 1024
    /// `matches[].headers[].value`: MaxLength=4096; `queryParams[].value`: MaxLength=1024.
    static let headerValueLength = 4096
    static let queryValueLength = 1024
    /// `metadata.name` of any object: a DNS subdomain of at most 253 characters.
    static let nameLength = 253
    /// `requestRedirect.statusCode`: Enum=301;302;303;307;308 (301 and 302 Core, the others Extended).
    static let statusCodes: Set<Int> = [301, 302, 303, 307, 308]
    /// `matches[].method`: Enum.
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// The documented limits, as `PlatformTarget.limits` lists them.
    static var all: [PlatformLimit] {
        [
            PlatformLimit(what: "rules per HTTPRoute (`spec.rules`)", maximum: rulesPerRoute, source: source),
            PlatformLimit(what: "matches per HTTPRoute rule (`spec.rules[].matches`)", maximum: matchesPerRule, source: source),
            PlatformLimit(what: "matches across the rules of one HTTPRoute", maximum: matchesPerRoute, source: source),
            PlatformLimit(what: "hostnames per HTTPRoute (`spec.hostnames`)", maximum: hostnamesPerRoute, source: source),
            PlatformLimit(what: "header matches per match", maximum: headerMatchesPerMatch, source: source),
            PlatformLimit(what: "query parameter matches per match", maximum: queryMatchesPerMatch, source: source),
            PlatformLimit(what: "characters of a path match or redirect path", maximum: pathLength, source: source),
            PlatformLimit(what: "characters of a header match value", maximum: headerValueLength, source: source),
            PlatformLimit(what: "characters of a query parameter match value", maximum: queryValueLength, source: source)
        ]
    }

    /// The character set the CRD allows in an `Exact` or `PathPrefix` path value
    /// (`^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$`).
    static func isAllowedPathValue(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty else { return false }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x25 {
                guard i + 2 < bytes.count, URLText.isHex(bytes[i + 1]), URLText.isHex(bytes[i + 2]) else { return false }
                i += 3
                continue
            }
            let isAlnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
            guard isAlnum || "-/._~!$&'()*+,;=:@".utf8.contains(c) else { return false }
            i += 1
        }
        return true
    }

    /// The CEL checks on `Exact`/`PathPrefix` values beyond the character set: why the value is
    /// rejected, nil when it is accepted.
    static func pathValueProblem(_ path: String) -> String? {
        if !path.hasPrefix("/") { return "it does not start with '/'" }
        if path.utf8.count > pathLength { return "it is \(path.utf8.count) characters long, over the limit of \(pathLength)" }
        if !isAllowedPathValue(path) { return "it holds a character outside the CRD's path alphabet (-A-Za-z0-9/._~!$&'()*+,;=:@ and %XX)" }
        for bad in ["//", "/./", "/../", "%2f", "%2F", "#"] where path.contains(bad) { return "it contains '\(bad)'" }
        if path.hasSuffix("/..") || path.hasSuffix("/.") { return "it ends with a dot segment" }
        return nil
    }

    /// An HTTP header or query parameter name as the CRD's `HTTPHeaderName` allows it.
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 256
            && name.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || "!#$%&'*+-.^_`|~".utf8.contains(c)
            }
    }

    /// A `PreciseHostname` (lower-case RFC 1123 labels).
    static func isPreciseHostname(_ h: String) -> Bool {
        guard !h.isEmpty, h.utf8.count <= 253 else { return false }
        return h.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let b = Array(label.utf8)
            guard let first = b.first, let last = b.last else { return false }
            func alnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) }
            return alnum(first) && alnum(last) && b.allSatisfy { alnum($0) || $0 == 0x2d }
        }
    }
}
