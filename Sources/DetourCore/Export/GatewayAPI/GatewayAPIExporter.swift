/// Kubernetes Gateway API (gateway.networking.k8s.io/v1, standard channel): one YAML stream of
/// `HTTPRoute` objects whose rules answer with `RequestRedirect` filters. Rules are cut into routes
/// of at most 16 rules and 128 matches (the CRD's limits) named `detour-redirects-0001`, … so the
/// documented tie-break (oldest route, then name) keeps rule order; what the gateway's own
/// precedence would reorder is refused (`GatewayAPIPrecedence`).
public struct GatewayAPIExporter: Exporter {
    public init() {}

    /// The stream's file name.
    public static let fileName = "httproutes.yaml"
    /// The name every route starts with; a zero-padded number follows.
    static let routeNamePrefix = "detour-redirects-"

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .gateway,
            support: [
                .exact: .native("`Exact` path match, `ReplaceFullPath` redirect"),
                .prefix: .workaround(
                    "`PathPrefix` on the prefix without its trailing `/`, the rest kept by `ReplacePrefixMatch`; needs an exact rule without conditions for the bare path (`/old` for `/old/*`), which PathPrefix matches too"
                ),
                .regex: .unsupported("`RegularExpression` path matches are implementation-specific (dialect and precedence)"),
                .host: .unsupported("hostnames belong to a whole HTTPRoute, and hostname specificity ranks routes before rule order"),
                .scheme: .unsupported("an HTTPRoute match has no scheme; it would need one route per listener (`sectionName`)"),
                .schemeHeader: .unsupported("an HTTPRoute match has no scheme; it would need one route per listener (`sectionName`)"),
                .methods: .native("one match per method (`method`)"),
                .conditions: .workaround(
                    "exact header and query parameter values as `headers` / `queryParams` matches; presence, regex and cookie tests are refused"),
                .queryKeep: .native("a RequestRedirect keeps the request's query"),
                .queryDrop: .unsupported("a RequestRedirect has no field to drop the request's query"),
                .cacheHeader: .unsupported(
                    "whether a ResponseHeaderModifier applies to a redirect the gateway answers itself is implementation-specific"),
                .rolloutByIP: .unsupported("HTTPRoute has no client hash"),
                .rolloutByCookie: .unsupported("HTTPRoute has no client hash"),
                .rolloutByHeader: .unsupported("HTTPRoute has no client hash"),
                .timeWindow: .unsupported("HTTPRoute has no clock"),
                .pathFolding: .unsupported("Exact and PathPrefix matches are case-sensitive and keep the trailing slash")
            ],
            residualDifferences: [
                "how a gateway normalises the request path before matching is implementation-specific: `simulate --as gateway` models RFC 3986 normalisation (escapes of unreserved characters decoded, dot segments removed)",
                "a relative target becomes an absolute Location with the request's scheme and Host and the listener's port (left out for 80 and 443)",
                "header and query parameter values are compared as the implementation reads them; a repeated query parameter is undefined (most use the first, as Detour does)",
                "HTTPRoutes of your own on the same Gateway share the gateway's precedence with these routes: an Exact or longer PathPrefix match of yours wins over an exported rule"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        if options.isStandalone {
            throw ExportRefusal(errors: [GatewayAPITarget().standaloneRefusal])
        }
        let parent: GatewayAPIParent?
        do { parent = try GatewayAPIParent.of(set.site) } catch let e as ExportError { throw ExportRefusal(errors: [e]) }
        let refusals = GatewayAPIPrecedence.refusals(Self.translatable(set, now: options.now))
        return try ExportPipeline.run(set, options: options, capabilities: capabilities) { r in
            if let refusal = refusals[r.index] { throw refusal }
            _ = try GatewayAPIRouteRule(r)
        } render: { (plan: ExportPlan) in
            try render(plan, parent: parent)
        }
    }

    /// The rules the pipeline will hand on that translate on their own, in rule order: the
    /// precedence check sees exactly the rules that can be exported.
    static func translatable(_ set: RuleSet, now: Timestamp) -> [GatewayAPIRouteRule] {
        var out: [GatewayAPIRouteRule] = []
        for (i, rule) in set.rules.enumerated() {
            guard rule.enabled, rule.expires.map({ $0 > now }) ?? true, rule.rollout?.basisPoints != 0 else { continue }
            let line = i < set.lines.count ? set.lines[i] : 0
            guard let p = try? PreparedRule(rule: rule, line: line, index: i, site: set.site),
                !GatewayAPIExporter().capabilities.support.contains(where: { !$0.value.isSupported && p.features.contains($0.key) }),
                let r = try? GatewayAPIRouteRule(p)
            else { continue }
            out.append(r)
        }
        return out
    }

    private func render(_ plan: ExportPlan, parent: GatewayAPIParent?) throws -> (files: [ExportedFile], mainFile: String?) {
        let hostnames = plan.site.hosts.map(\.description)
        if hostnames.count > GatewayAPILimits.hostnamesPerRoute {
            throw ExportError.invalidOption(
                "site.hosts: \(hostnames.count) hosts, over Gateway API's limit of \(GatewayAPILimits.hostnamesPerRoute) hostnames per HTTPRoute (spec.hostnames); "
                    + "hosts over it: \(hostnames.dropFirst(GatewayAPILimits.hostnamesPerRoute).joined(separator: ", "))")
        }
        let rules = try plan.rules.map { try GatewayAPIRouteRule($0) }
        let routes = GatewayAPIRouteSplit.routes(rules)
        let width = max(4, String(routes.count).count)
        var stream = plan.header.text()
        stream += "# Kubernetes Gateway API HTTPRoutes (gateway.networking.k8s.io/v1). Apply: kubectl apply -f \(Self.fileName)\n"
        for (n, route) in routes.enumerated() {
            let number = String(n + 1)
            let name = Self.routeNamePrefix + String(repeating: "0", count: width - number.count) + number
            stream += GatewayAPIYAML.route(name: name, parent: parent, hostnames: hostnames, rules: route)
        }
        return (
            [
                ExportedFile(name: Self.fileName, contents: stream),
                ExportedFile(name: "README", contents: readme(plan, routes: routes.count, parent: parent))
            ], nil
        )
    }

    private func readme(_ plan: ExportPlan, routes: Int, parent: GatewayAPIParent?) -> String {
        let attach =
            parent.map { "They attach to the Gateway \($0.name)\($0.namespace.map { " in namespace " + $0 } ?? " in the routes' own namespace")." }
            ?? "They carry no parentRefs, so they attach to no Gateway: export with --gateway NAME[/NAMESPACE], or set `gateway:` in the site's exports entry for gateway."
        return """
            Detour export for the Kubernetes Gateway API (\(plan.rules.count) rule\(plan.rules.count == 1 ? "" : "s") in \(routes) HTTPRoute\(routes == 1 ? "" : "s"))

            - \(Self.fileName): a YAML stream of HTTPRoute objects (gateway.networking.k8s.io/v1, standard
              channel). Apply it with `kubectl apply -n NAMESPACE -f \(Self.fileName)`. \(attach)
            - Each rule is one HTTPRoute rule (one match per method) with a RequestRedirect filter. The CRD
              allows \(GatewayAPILimits.rulesPerRoute) rules and \(GatewayAPILimits.matchesPerRoute) matches per route, so the rules are split over routes
              named \(Self.routeNamePrefix)0001, … in rule order. Gateway API orders matches itself (Exact before
              PathPrefix, longer prefixes first, then method, header and query matches); on a tie the older route
              wins, then the name alphabetically, then the first rule of a route — which is rule order when the
              stream is applied in one go. Rules the gateway's order would move ahead of an earlier rule were
              refused by the export. Re-export and re-apply the whole stream after a change (delete routes
              numbered beyond the new count).
            - 303, 307 and 308 are Extended support (features HTTPRoute303/307/308RedirectStatusCode); 301 and 302
              are Core. Query parameter and method matches are Extended.

            Capabilities
            \(capabilities.markdown)
            Residual differences from Detour's semantics (modelled by `detour simulate --as gateway`)
            \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

            Limits (\(GatewayAPILimits.source))
            \(GatewayAPILimits.all.map { "- \($0.what): \($0.maximum)" }.joined(separator: "\n"))

            """
    }
}
