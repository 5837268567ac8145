/// Cuts the exported rules, in rule order, into HTTPRoutes under the CRD's per-route limits:
/// at most 16 HTTPRoute rules and 128 matches (a rule's methods are one match each; a
/// ReplacePrefixMatch rule is one HTTPRoute rule per method).
enum GatewayAPIRouteSplit {
    static func routes(_ rules: [GatewayAPIRouteRule]) -> [[GatewayAPIRouteRule]] {
        var out: [[GatewayAPIRouteRule]] = []
        var current: [GatewayAPIRouteRule] = []
        var matches = 0
        var routeRules = 0
        for r in rules {
            if routeRules + r.routeRuleCount > GatewayAPILimits.rulesPerRoute || matches + r.matchCount > GatewayAPILimits.matchesPerRoute {
                out.append(current)
                current = []
                matches = 0
                routeRules = 0
            }
            current.append(r)
            matches += r.matchCount
            routeRules += r.routeRuleCount
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
