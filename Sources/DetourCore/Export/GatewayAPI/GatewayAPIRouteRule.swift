/// One Detour rule as one `HTTPRoute` rule: a path match (Exact or PathPrefix) repeated once per
/// method, the `when` conditions as exact header and query parameter matches, and a
/// `RequestRedirect` filter. Building it refuses, naming the rule, what the CRD cannot say exactly.
struct GatewayAPIRouteRule: Sendable {
    /// The path match; a prefix value is written without its trailing slash (`/` stays `/`), as
    /// Gateway API matches prefixes element by element.
    enum PathMatch: Sendable, Hashable {
        case exact(String)
        case prefix(String)

        var value: String {
            switch self {
            case .exact(let v), .prefix(let v): return v
            }
        }
    }

    /// How the redirect writes the path of its `Location`.
    enum PathModifier: Sendable, Hashable {
        case replaceFullPath(String)
        case replacePrefixMatch(String)
    }

    let ruleID: String
    let line: Int
    let index: Int
    let path: PathMatch
    /// One match per entry; nil: any method.
    let methods: [String?]
    let headers: [(name: String, value: String)]
    let queryParams: [(name: String, value: String)]
    let scheme: String?
    let hostname: String?
    let port: Int?
    let pathModifier: PathModifier
    let statusCode: Int

    var matchCount: Int { methods.count }

    /// How many HTTPRoute rules it takes: the CRD allows ReplacePrefixMatch only on a rule with
    /// exactly one match, so such a rule is written once per method (consecutive, same precedence).
    var routeRuleCount: Int {
        if case .replacePrefixMatch = pathModifier { return methods.count }
        return 1
    }

    /// The path Gateway API's PathPrefix matches beyond Detour's prefix: `/old` for `/old/*`.
    var barePath: String? {
        if case .prefix(let v) = path, v != "/" { return v }
        return nil
    }

    /// Whether the rule matches its path whatever the method, headers and query.
    var isUnconditional: Bool { methods == [nil] && headers.isEmpty && queryParams.isEmpty }

    private static func refuse(_ r: PreparedRule, _ feature: ExportFeature, _ why: String) -> ExportError {
        .unsupportedFeature(rule: r.id, line: r.line, feature: feature, why: why)
    }

    init(_ r: PreparedRule) throws {
        ruleID = r.id
        line = r.line
        index = r.index
        guard GatewayAPILimits.statusCodes.contains(r.code) else {
            throw Self.refuse(r, r.rule.source.isExact ? .exact : .prefix, "requestRedirect.statusCode allows only 301, 302, 303, 307 and 308")
        }
        statusCode = r.code
        let sourcePrefix: String?
        if let exact = r.exactPath {
            if let problem = GatewayAPILimits.pathValueProblem(exact) {
                throw Self.refuse(r, .exact, "an Exact path match cannot hold '\(exact)': \(problem)")
            }
            path = .exact(exact)
            sourcePrefix = nil
        } else if let prefix = r.prefix {
            guard prefix.hasSuffix("/") else {
                throw Self.refuse(
                    r, .prefix, "PathPrefix matches whole path segments, so a prefix that does not end with '/' ('\(prefix)*') cannot be written")
            }
            let value = prefix == "/" ? "/" : String(prefix.dropLast())
            if let problem = GatewayAPILimits.pathValueProblem(value) {
                throw Self.refuse(r, .prefix, "a PathPrefix match cannot hold '\(value)': \(problem)")
            }
            path = .prefix(value)
            sourcePrefix = value
        } else {
            throw Self.refuse(r, .regex, "RegularExpression path matches are implementation-specific (dialect and precedence)")
        }
        methods = try Self.methods(r)
        (headers, queryParams) = try Self.conditions(r)
        let target = try GatewayAPIRedirectTarget(r, prefixValue: sourcePrefix)
        scheme = target.scheme
        hostname = target.hostname
        port = target.port
        pathModifier = target.path
    }

    private static func methods(_ r: PreparedRule) throws -> [String?] {
        guard let list = r.methods else { return [nil] }
        for m in list where !GatewayAPILimits.methods.contains(m) {
            throw refuse(r, .methods, "a match's method must be one of \(GatewayAPILimits.methods.sorted().joined(separator: ", ")), not \(m)")
        }
        return list.map { Optional($0) }
    }

    private static func conditions(_ r: PreparedRule) throws -> ([(name: String, value: String)], [(name: String, value: String)]) {
        var headers: [(name: String, value: String)] = []
        var query: [(name: String, value: String)] = []
        for c in r.conditions {
            guard case .exact(let v) = c.value else {
                throw refuse(
                    r, .conditions,
                    "\(c.kind) '\(c.name)' is tested for \(c.value == .present ? "presence" : "a regex"); only exact values are portable")
            }
            guard GatewayAPILimits.isHeaderName(c.name) else { throw refuse(r, .conditions, "'\(c.name)' is not a valid \(c.kind) name for a match") }
            switch c.kind {
            case .cookie:
                throw refuse(r, .conditions, "HTTPRoute matches have no cookie field (a Cookie header match would compare the whole header)")
            case .header:
                guard !v.isEmpty, v.utf8.count <= GatewayAPILimits.headerValueLength else {
                    throw refuse(r, .conditions, "a header match value needs 1 to \(GatewayAPILimits.headerValueLength) characters")
                }
                guard !headers.contains(where: { $0.name.lowercased() == c.name.lowercased() }) else {
                    throw refuse(r, .conditions, "two conditions on header '\(c.name)': a match keeps only the first entry of a name")
                }
                headers.append((c.name, v))
            case .query:
                guard !v.isEmpty, v.utf8.count <= GatewayAPILimits.queryValueLength else {
                    throw refuse(r, .conditions, "a query parameter match value needs 1 to \(GatewayAPILimits.queryValueLength) characters")
                }
                guard !query.contains(where: { $0.name == c.name }) else {
                    throw refuse(r, .conditions, "two conditions on query parameter '\(c.name)': a match keeps only the first entry of a name")
                }
                query.append((c.name, v))
            }
        }
        if headers.count > GatewayAPILimits.headerMatchesPerMatch {
            throw refuse(
                r, .conditions,
                "\(headers.count) header conditions, over the limit of \(GatewayAPILimits.headerMatchesPerMatch) header matches per match")
        }
        if query.count > GatewayAPILimits.queryMatchesPerMatch {
            throw refuse(
                r, .conditions,
                "\(query.count) query conditions, over the limit of \(GatewayAPILimits.queryMatchesPerMatch) query parameter matches per match")
        }
        return (headers, query)
    }
}
