/// Envoy 1.40 (cookbook-traefik-envoy §2): one virtual host whose routes are the rules in order
/// (Envoy tries routes in order, so the first rule that applies wins), each a `RouteMatch` on the
/// raw path plus header and query matchers, a `redirect` action, and the rule's Cache-Control in
/// `response_headers_to_add`. Standalone, `envoy.yaml` is a complete bootstrap around it.
public struct EnvoyExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .envoy,
            support: [
                .exact: .native("route `path` on the raw path"),
                .prefix: .native("route `prefix` on the raw path, rest by `regex_rewrite`"),
                .regex: .native("RE2 `safe_regex` on the whole raw path, captures by `regex_rewrite` (\\1–\\9)"),
                .host: .native("`:authority` regex in each route, case-insensitive, port and trailing dot allowed"),
                .methods: .native("`:method` header matcher"),
                .conditions: .native("header matchers, the `cookie` header for cookie presence or value, `query_parameters` (raw)"),
                .queryKeep: .native("Envoy keeps the query unless `strip_query` (a target with its own query cannot also keep it)"),
                .queryDrop: .native("`strip_query: true`"),
                .cacheHeader: .native("`response_headers_to_add` on the route"),
                .rolloutByIP: .workaround(
                    "runtime_fraction on x-forwarded-for, which the bootstrap makes the client address (use_remote_address, client header removed)"),
                .rolloutByCookie: .unsupported("Envoy has no cookie input for a matcher's hash"),
                .rolloutByHeader: .native("matcher tree: runtime_fraction (xxHash64, seeded with the salt) on the header"),
                .timeWindow: .unsupported("Envoy's route table has no clock")
            ],
            residualDifferences: [
                "a relative target is sent absolute: the scheme of X-Forwarded-Proto (the connection's on an edge Envoy such as the standalone bootstrap; a client's or proxy's header otherwise) plus the Host header as sent",
                "a target that is only a host (`https://example.com`) is sent with the path `/` (the same request for clients)",
                "a cookie condition tests every cookie of that name, not only the first"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(
            set, options: options, capabilities: capabilities,
            check: { r in
                if set.site.schemeHeader != nil, EnvoyRedirect.keepsRequestScheme(r) {
                    // The standalone bootstrap is an edge proxy: it sets X-Forwarded-Proto from its own
                    // connection, and a relative redirect takes its scheme from there, not from the
                    // site's trusted header (measured: `X-Forwarded-Proto: https` still got http://).
                    throw ExportError.unsupportedFeature(
                        rule: r.id, line: r.line, feature: .schemeHeader,
                        why: "Envoy makes a relative target absolute with the scheme of its own connection, not site.scheme_header's")
                }
                _ = try route(r)
                if r.partialRollout != nil { _ = try EnvoyMatcherTree.predicates(r) }
            }, render: render)
    }

    /// The rule's answer as `Route` fields in flow text: `redirect: {…}` and its Cache-Control.
    private func action(_ r: PreparedRule) throws -> [String] {
        let redirect: EnvoyRedirect
        do { redirect = try EnvoyRedirect(r) } catch let refusal as EnvoyRedirect.Refusal {
            throw ExportError.unsupportedFeature(rule: r.id, line: r.line, feature: refusal.feature, why: refusal.why)
        }
        var fields = ["redirect: {" + redirect.fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"]
        if let cc = r.cacheHeader {
            fields.append(
                "response_headers_to_add: [{header: {key: Cache-Control, value: \(EnvoySyntax.quoted(cc))}, append_action: OVERWRITE_IF_EXISTS_OR_ADD}]"
            )
        }
        return fields
    }

    /// One route, as YAML lines indented by `indent` (a list item).
    private func route(_ r: PreparedRule, indent: String = "") throws -> String {
        var s = "\(indent)# rule \(r.id.replacingControlCharacters()) (line \(r.line))\n"
        s += "\(indent)- name: \(EnvoySyntax.quoted(r.id))\n"
        s += "\(indent)  match: \(try EnvoyRouteMatch.match(r))\n"
        for field in try action(r) { s += "\(indent)  \(field)\n" }
        return s
    }

    /// Whether the rules need the matcher tree (a partial rollout) instead of a route list.
    private static func needsMatcherTree(_ rules: [PreparedRule]) -> Bool { rules.contains { $0.partialRollout != nil } }

    /// The route configuration (`RouteConfiguration`), each line prefixed by `indent`.
    private func routeConfiguration(_ plan: ExportPlan, indent: String, fallback: Bool) throws -> String {
        var s = "\(indent)name: detour\n\(indent)virtual_hosts:\n\(indent)- name: detour\n\(indent)  domains: [\"*\"]\n"
        let noRule = "direct_response: {status: 404, body: {inline_string: \"no redirect\\n\"}}"
        if Self.needsMatcherTree(plan.rules) {
            s += "\(indent)  # a rule has a rollout: the rules are the entries of a matcher list, in order; the first that matches wins\n"
            s += "\(indent)  matcher:\n\(indent)    matcher_list:\n\(indent)      matchers:\n"
            for r in plan.rules {
                let body = try action(r).joined(separator: ", ")
                s += try EnvoyMatcherTree.entry(r, action: body, indent: indent + "      ")
            }
            if fallback {
                s += "\(indent)    on_no_match: {action: {name: no-rule, typed_config: {\"@type\": \(EnvoyMatcherTree.routeType), "
                s += "match: {prefix: \"/\"}, \(noRule)}}}\n"
            }
            return s
        }
        s += "\(indent)  routes:\n"
        for r in plan.rules { s += try route(r, indent: indent + "  ") }
        if fallback {
            s += "\(indent)  # no rule applies\n"
            s += "\(indent)  - match: {prefix: \"/\"}\n\(indent)    \(noRule)\n"
        }
        return s
    }

    private func render(_ plan: ExportPlan) throws -> (files: [ExportedFile], mainFile: String?) {
        let header = plan.header.text()
        var files = [
            ExportedFile(
                name: "detour-routes.yaml",
                contents: header + "# An Envoy RouteConfiguration: use it as an HTTP connection manager's route_config (or serve it by RDS).\n"
                    + (try routeConfiguration(plan, indent: "", fallback: false)))
        ]
        var main: String? = nil
        if let listen = plan.options.standaloneListen {
            main = "envoy.yaml"
            files.append(ExportedFile(name: "envoy.yaml", contents: header + (try bootstrap(plan, listen: listen))))
        }
        files.append(ExportedFile(name: "README", contents: readme(plan)))
        return (files, main)
    }

    private func bootstrap(_ plan: ExportPlan, listen: ListenAddress) throws -> String {
        """
        # Standalone redirect-only Envoy. Check: envoy --mode validate -c envoy.yaml; run: envoy -c envoy.yaml --base-id N
        static_resources:
          listeners:
          - name: detour
            address: {socket_address: {address: \(EnvoySyntax.quoted(listen.host)), port_value: \(listen.port)}}
            filter_chains:
            - filters:
              - name: envoy.filters.network.http_connection_manager
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                  stat_prefix: detour
                  # rollouts by ip hash x-forwarded-for: drop the client's own, let Envoy set the peer address
                  use_remote_address: true
                  early_header_mutation_extensions:
                  - name: envoy.http.early_header_mutation.header_mutation
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.http.early_header_mutation.header_mutation.v3.HeaderMutation
                      mutations: [{remove: x-forwarded-for}]
                  http_filters:
                  - name: envoy.filters.http.router
                    typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
                  route_config:

        """ + (try routeConfiguration(plan, indent: String(repeating: " ", count: 12), fallback: true)) + """
            # Envoy refuses RE2 programs over 100 instructions by default; Detour's path patterns are larger.
            layered_runtime:
              layers:
              - name: detour
                static_layer: {re2.max_program_size.error_level: 1000000, re2.max_program_size.warn_level: 1000000}

            """
    }

    private func readme(_ plan: ExportPlan) -> String {
        """
        Detour export for Envoy 1.40 (\(plan.rules.count) rules)

        - detour-routes.yaml: an Envoy RouteConfiguration with one virtual host (domains "*") whose routes
          are the rules in order; Envoy takes the first route that matches, as Detour does. Use it as the
          route_config of your HTTP connection manager, or merge its routes in front of your own.
          Keep `normalize_path` and `merge_slashes` off (Envoy's defaults): the routes match the path as sent.
          Regexes need more than Envoy's default RE2 program size: set the runtime keys
          re2.max_program_size.error_level and re2.max_program_size.warn_level (envoy.yaml shows how).
        - envoy.yaml (standalone only): a complete bootstrap listening on the --listen address. Check it with
              envoy --mode validate -c envoy.yaml
          and run it with
              envoy -c envoy.yaml --base-id N
          (a base id of its own per instance on one machine). Every other request gets 404.
        - Rollouts: when a rule has a partial rollout, the virtual host is a matcher tree instead of a route
          list (one matcher per rule, in order; see the comments). A rollout by header hashes the header's
          value with xxHash64, seeded with the rule's salt. A rollout by ip hashes x-forwarded-for: your
          connection manager must set `use_remote_address: true` and remove the client's own
          X-Forwarded-For with an early header mutation, as envoy.yaml does. The runtime keys
          detour.rollout.* must not exist in your runtime (their default fraction is the rule's share).

        Capabilities
        \(capabilities.markdown)
        Residual differences from Detour's semantics (modelled by `detour simulate --as envoy`)
        \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

        """
    }
}
