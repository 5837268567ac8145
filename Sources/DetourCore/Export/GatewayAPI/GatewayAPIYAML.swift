/// The YAML text of one HTTPRoute object of the export stream. Every string is a double-quoted
/// scalar (`YAMLScalar`), so no rule text is read as YAML syntax.
enum GatewayAPIYAML {
    static func route(name: String, parent: GatewayAPIParent?, hostnames: [String], rules: [GatewayAPIRouteRule]) -> String {
        var s = "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n"
        s += "  name: \(YAMLScalar.quoted(name))\n  labels:\n    app.kubernetes.io/managed-by: \"detour\"\nspec:\n"
        if let parent {
            s += "  parentRefs:\n  - name: \(YAMLScalar.quoted(parent.name))\n"
            if let ns = parent.namespace { s += "    namespace: \(YAMLScalar.quoted(ns))\n" }
        }
        if !hostnames.isEmpty { s += "  hostnames: [" + hostnames.map(YAMLScalar.quoted).joined(separator: ", ") + "]\n" }
        s += "  rules:\n"
        for r in rules { s += rule(r) }
        return s
    }

    private static func rule(_ r: GatewayAPIRouteRule) -> String {
        guard r.routeRuleCount == 1 else { return r.methods.map { rule(r, methods: [$0]) }.joined() }
        return rule(r, methods: r.methods)
    }

    private static func rule(_ r: GatewayAPIRouteRule, methods: [String?]) -> String {
        var s = "  # rule \(r.ruleID.replacingControlCharacters()) (line \(r.line))\n  - matches:\n"
        for m in methods {
            let type = r.path.isExactMatch ? "Exact" : "PathPrefix"
            s += "    - path: {type: \(type), value: \(YAMLScalar.quoted(r.path.value))}\n"
            if let m { s += "      method: \(m)\n" }
            if !r.headers.isEmpty {
                s += "      headers:\n"
                for h in r.headers { s += "      - {type: Exact, name: \(YAMLScalar.quoted(h.name)), value: \(YAMLScalar.quoted(h.value))}\n" }
            }
            if !r.queryParams.isEmpty {
                s += "      queryParams:\n"
                for q in r.queryParams { s += "      - {type: Exact, name: \(YAMLScalar.quoted(q.name)), value: \(YAMLScalar.quoted(q.value))}\n" }
            }
        }
        s += "    filters:\n    - type: RequestRedirect\n      requestRedirect:\n"
        if let scheme = r.scheme { s += "        scheme: \(scheme)\n" }
        if let h = r.hostname { s += "        hostname: \(YAMLScalar.quoted(h))\n" }
        if let p = r.port { s += "        port: \(p)\n" }
        switch r.pathModifier {
        case .replaceFullPath(let p): s += "        path: {type: ReplaceFullPath, replaceFullPath: \(YAMLScalar.quoted(p))}\n"
        case .replacePrefixMatch(let p): s += "        path: {type: ReplacePrefixMatch, replacePrefixMatch: \(YAMLScalar.quoted(p))}\n"
        }
        s += "        statusCode: \(r.statusCode)\n"
        return s
    }
}
