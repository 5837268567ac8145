/// Traefik 3.7 (cookbook-traefik-envoy §1): a dynamic configuration for the file provider with one
/// router per rule, `priority = rules − position + 1` so the first rule that applies wins (the
/// standalone catch-all has priority 1), every router ending at `noop@internal`, and the answer
/// written by middlewares (`TraefikRedirect`). Standalone, `traefik.yml` is the static config.
public struct TraefikExporter: Exporter {
    public init() {}

    public var capabilities: CapabilityTable {
        CapabilityTable(
            server: .traefik,
            support: [
                .exact: .native("`Path` on the router's view of the path"),
                .prefix: .native("`PathPrefix`, rest captured by `redirectRegex` on the raw URL"),
                .regex: .native("`PathRegexp` (Go RE2) on the router's view, captures by `redirectRegex` on the raw URL"),
                .host: .native("`HostRegexp`, case-insensitive, trailing dot allowed"),
                .methods: .native("`Method`"),
                .conditions: .native("`Header`/`HeaderRegexp`, the Cookie header for cookie presence or value, `Query`/`QueryRegexp`"),
                .queryKeep: .native("captured from the raw URL (two chained redirectRegex when the query may be empty)"),
                .queryDrop: .native("consumed by the regex without capture"),
                .cacheHeader: .native("`headers` middleware before the redirect"),
                .rolloutByIP: .unsupported("Traefik's only hash is the highestRandomWeight service, which cannot fall through to the next rule"),
                .rolloutByCookie: .unsupported("Traefik has no matcher that hashes a cookie"),
                .rolloutByHeader: .unsupported("Traefik has no matcher that hashes a header"),
                .timeWindow: .unsupported("Traefik's router rules have no clock")
            ],
            residualDifferences: [
                "a target built from the request (captures, a kept query) is answered by redirectRegex: GET gets 301 (permanent rules) or 302, every other method, HEAD included, gets 308 or 307; a constant target gets the rule's code for every method",
                "paths are matched after Traefik's normalisation: dot segments removed, slashes merged, and escapes of non-reserved characters decoded (`%20` is a space, `%2F` stays encoded)",
                "header and query conditions compare Traefik's values: query values decoded (`id=%37` is `7`)",
                "a cookie condition tests every cookie of that name, not only the first",
                "a 303 rule whose target is built from the request, or that keeps the query, is refused (redirectRegex has no 303)"
            ])
    }

    public func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput {
        try ExportPipeline.run(set, options: options, capabilities: capabilities, check: check, render: render)
    }

    private func check(_ r: PreparedRule) throws { _ = try entry(r, priority: 2) }

    /// The router and middlewares of one rule, as YAML under `routers:` and `middlewares:`.
    private func entry(_ r: PreparedRule, priority: Int) throws -> (router: String, middlewares: String) {
        let redirect: TraefikRedirect
        let rule: String
        do {
            redirect = try TraefikRedirect(r)
            rule = try TraefikRouterRule.rule(r)
        } catch let refusal as TraefikRedirect.Refusal {
            throw ExportError.unsupportedFeature(rule: r.id, line: r.line, feature: refusal.feature, why: refusal.why)
        } catch let e as TraefikSyntax.Unwritable {
            throw ExportError.unsafeCharacter(
                rule: r.id, line: r.line, field: "rule text", character: e.character, reason: "a Traefik rule matcher cannot carry it")
        }
        var chain: [(String, String)] = []
        if let cc = r.cacheHeader {
            chain.append(("-cache", "{headers: {customResponseHeaders: {Cache-Control: \(YAMLScalar.quoted(cc))}}}"))
        }
        chain += redirect.middlewares
        let name = TraefikSyntax.name(r)
        var router = "    # rule \(r.id.replacingControlCharacters()) (line \(r.line))\n"
        router += "    \(name):\n      rule: \(YAMLScalar.quoted(rule))\n      priority: \(priority)\n"
        router += "      middlewares: [" + chain.map { YAMLScalar.quoted(name + $0.0) }.joined(separator: ", ") + "]\n"
        router += "      service: noop@internal\n"
        let middlewares = chain.map { "    \(name + $0.0): \($0.1)\n" }.joined()
        return (router, middlewares)
    }

    private func render(_ plan: ExportPlan) throws -> (files: [ExportedFile], mainFile: String?) {
        var routers = ""
        var middlewares = ""
        for (position, r) in plan.rules.enumerated() {
            let (router, chain) = try entry(r, priority: plan.rules.count - position + 1)
            routers += router
            middlewares += chain
        }
        if plan.options.isStandalone {
            routers += "    # no rule applies: 200 from ping@internal (ping.manualRouting in traefik.yml)\n"
            routers += "    detour-no-rule: {rule: \"PathPrefix(`/`)\", priority: 1, service: ping@internal}\n"
        }
        let header = plan.header.text()
        let dynamic =
            header + "# Traefik dynamic configuration (file provider). Routers answer with middlewares in front of noop@internal.\n"
            + "http:\n  routers:\n" + (routers.isEmpty ? "    {}\n" : routers) + "  middlewares:\n" + (middlewares.isEmpty ? "    {}\n" : middlewares)
        var files = [ExportedFile(name: "dynamic.yml", contents: TraefikSyntax.templateSafe(dynamic))]
        var main: String? = nil
        if let listen = plan.options.standaloneListen {
            main = "traefik.yml"
            files.append(
                ExportedFile(
                    name: "traefik.yml",
                    contents: header + """
                        # Standalone redirect-only Traefik. From DIR: traefik --configFile=traefik.yml
                        entryPoints:
                          detour:
                            address: \(YAMLScalar.quoted(listen.description))
                        providers:
                          file:
                            filename: \(YAMLScalar.quoted(plan.options.directory + "/dynamic.yml"))
                            watch: false
                        ping:
                          manualRouting: true
                        global:
                          checkNewVersion: false
                          sendAnonymousUsage: false
                        log:
                          level: ERROR
                          noColor: true

                        """))
        }
        files.append(ExportedFile(name: "README", contents: readme(plan)))
        return (files, main)
    }

    private func readme(_ plan: ExportPlan) -> String {
        """
        Detour export for Traefik 3.7 (\(plan.rules.count) rules)

        - dynamic.yml: routers and middlewares for the file provider (`providers.file.filename`). Each
          rule is one router with an explicit priority (the first rule has the highest), so the first
          rule that applies wins; routers you define yourself get Traefik's default priority (the
          length of their rule) and therefore lose to these unless you give them a higher one.
        - traefik.yml (standalone only): the static configuration: the entry point on the --listen
          address, the file provider on dynamic.yml, ping for the catch-all. From DIR run
              traefik --configFile=traefik.yml
          Traefik has no syntax check: a bad dynamic.yml is only logged (ERR) and every request then gets 404.
          Requests no rule applies to get 200 "OK".

        Capabilities
        \(capabilities.markdown)
        Residual differences from Detour's semantics (modelled by `detour simulate --as traefik`)
        \(capabilities.residualDifferences.map { "- " + $0 }.joined(separator: "\n"))

        """
    }
}
