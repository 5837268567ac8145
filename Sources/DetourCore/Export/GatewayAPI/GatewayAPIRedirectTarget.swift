/// A rule's target as the fields of a `RequestRedirect` filter: the scheme, hostname and port of
/// an absolute target (absent for a relative one, so the request's scheme, Host and the listener
/// port are kept), and the path as `ReplaceFullPath` or — for a prefix rule whose target ends in
/// `/*` — `ReplacePrefixMatch`. The filter keeps the request's query and has nothing for a literal
/// query, a fragment or any other part built from the request: those are refused.
struct GatewayAPIRedirectTarget: Sendable {
    let scheme: String?
    let hostname: String?
    let port: Int?
    let path: GatewayAPIRouteRule.PathModifier

    private static func refuse(_ r: PreparedRule, _ why: String) -> ExportError {
        .unsupportedFeature(rule: r.id, line: r.line, feature: r.exactPath != nil ? .exact : .prefix, why: why)
    }

    /// `prefixValue` is the rule's PathPrefix value for a prefix rule, nil for an exact one.
    init(_ r: PreparedRule, prefixValue: String?) throws {
        guard r.rule.query == .keep else {
            throw Self.refuse(r, "a RequestRedirect keeps the request's query; it has no field to drop it (query: drop)")
        }
        let literal: String
        let carriesRest: Bool
        if let t = r.literalTarget {
            literal = t
            carriesRest = false
        } else if prefixValue != nil, r.target.count == 2, case .literal(let t) = r.target[0], r.target[1] == .capture(1) {
            literal = t
            carriesRest = true
        } else {
            throw Self.refuse(
                r, "the target is built from the request in a way a RequestRedirect cannot write (only a prefix's rest after '/' can be kept)")
        }
        if literal.contains("?") || literal.contains("#") {
            throw Self.refuse(r, "a RequestRedirect cannot add a query or a fragment to the Location")
        }
        var pathText = literal
        if let s = Target.schemeOf(literal) {
            let rest = literal.dropFirst(s.count + 3)
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = String(rest[..<authorityEnd])
            pathText = String(rest[authorityEnd...])
            guard s == "http" || s == "https" else { throw Self.refuse(r, "requestRedirect.scheme allows only http and https") }
            guard !authority.contains("@") else { throw Self.refuse(r, "a RequestRedirect has no field for user information in the Location") }
            var host = authority
            var port: Int? = nil
            if let colon = authority.lastIndex(of: ":"), !authority.hasPrefix("[") {
                host = String(authority[..<colon])
                guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else {
                    throw Self.refuse(r, "'\(authority)' has no valid port for requestRedirect.port")
                }
                guard !(s == "http" && p == 80) && !(s == "https" && p == 443) else {
                    throw Self.refuse(r, "the gateway leaves the default port \(p) out of the Location, which the target writes")
                }
                port = p
            }
            guard GatewayAPILimits.isPreciseHostname(host) else {
                throw Self.refuse(r, "'\(host)' is not a lower-case DNS name as requestRedirect.hostname requires")
            }
            scheme = s
            hostname = host
            self.port = port
        } else {
            guard literal.hasPrefix("/"), !literal.hasPrefix("//") else {
                throw Self.refuse(r, "a RequestRedirect writes an absolute URL or an absolute path, not '\(literal)'")
            }
            scheme = nil
            hostname = nil
            port = nil
        }
        guard pathText.hasPrefix("/") else {
            throw Self.refuse(r, "the target has no path; the gateway would keep the request's path (write the target with '/')")
        }
        guard pathText.utf8.count <= GatewayAPILimits.pathLength else {
            throw Self.refuse(r, "the redirect path is \(pathText.utf8.count) characters long, over the limit of \(GatewayAPILimits.pathLength)")
        }
        if carriesRest {
            guard prefixValue != "/" else {
                throw Self.refuse(r, "ReplacePrefixMatch on the root prefix '/' is written differently by each implementation")
            }
            guard pathText.hasSuffix("/") else {
                throw Self.refuse(r, "ReplacePrefixMatch replaces whole path segments: the target must end with '/*', not '\(literal)*'")
            }
            path = .replacePrefixMatch(pathText == "/" ? "" : String(pathText.dropLast()))
        } else {
            path = .replaceFullPath(pathText)
        }
    }
}
