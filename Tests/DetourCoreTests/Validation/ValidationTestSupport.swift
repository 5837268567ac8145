import Testing

@testable import DetourCore

/// Helpers for the validator tests: a rule file from YAML text, run through chosen checks.
enum V {
    static let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!

    static let site = """
        site:
          hosts: [example.com, www.example.com]
          allow: [api-v2.example.com, "*.cdn.example.net"]
        rules:

        """

    /// A rule set from YAML text (`site` + `rules:` prepended when `withSite`).
    static func set(_ rules: String, withSite: Bool = true) throws -> RuleSet {
        try TestSupport.yaml(withSite ? site + rules : rules).ruleSet
    }

    static func run(_ check: any Check, _ rules: String, now: Timestamp = V.now) throws -> [Finding] {
        Validator(checks: [check], now: now).validate(try set(rules))
    }

    static func run(_ check: any Check, set: RuleSet, now: Timestamp = V.now) -> [Finding] {
        Validator(checks: [check], now: now).validate(set)
    }

    /// Walks a witness hop by hop with the validator's evaluator (the simulator takes over this role
    /// once it is merged): the outcome and the rules that fired.
    static func walk(_ set: RuleSet, _ request: HTTPRequest, limit: Int = 40) -> (rules: [String], end: String) {
        var e = FirstMatchEvaluator(set)
        e.honourWindows = false
        var seen = Set<String>()
        var req = request
        var rules: [String] = []
        while rules.count < limit {
            if !seen.insert(req.method + " " + req.url).inserted { return (rules, "loop") }
            guard let out = e.evaluate(req) else { return (rules, "origin") }
            rules.append(set.rules[out.ruleIndex].id)
            guard let next = LocationResolver.resolve(out.location, scheme: req.scheme, host: req.host, path: req.path),
                set.site.isSiteHost(next.host)
            else { return (rules, "external") }
            let m = MethodSet.only([req.method]).after(out.status).preferred
            req = HTTPRequest(method: m, scheme: next.scheme, host: next.host, port: next.port, path: next.path, query: next.query, time: req.time)
        }
        return (rules, "limit")
    }
}
