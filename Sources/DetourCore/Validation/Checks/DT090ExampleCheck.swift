/// DT090: a rule's own example does not get the response it promises.
public struct ExampleCheck: Check {
    public init() {}
    public let id = "DT090"
    public let name = "example-fails"
    public let severity = Severity.error
    public let summary = "A rule's own example does not produce the expected response."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        let set = context.ruleSet
        var items: [(rule: Int, example: RuleExample, time: Timestamp)] = []
        for (i, rule) in context.rules.enumerated() where !rule.examples.isEmpty {
            let time = max(context.now, rule.starts ?? context.now)
            for ex in rule.examples { items.append((i, ex, time)) }
        }
        let results = context.exampleRunner.results(for: set, examples: items)
        for (item, got) in zip(items, results) {
            let (i, ex, time) = item
            let rule = context.rules[i]
            if case .invalid = got { continue }  // DT070 reports it
            guard !ExampleCheck.matches(got, ex, rule: rule, site: set.site) else { continue }
            let host = RuleFacts.witnessHost(rule, site: set.site)
            var witness: [HTTPRequest] = []
            if let u = HTTPRequest.parseURL(ex.url, defaultScheme: set.site.scheme, defaultHost: host) {
                witness = [
                    HTTPRequest(
                        method: ex.method, scheme: u.scheme, host: u.host, port: u.port, path: u.path, query: u.query,
                        headers: ex.headers.map { HTTPRequest.HeaderField($0.0, $0.1) }, time: time)
                ]
            }
            out.append(
                finding(
                    context, rule: i, field: .examples,
                    message: "example \(ex.requestText) expects \(ex.expect) but gets \(got)",
                    why: "The rule file's own promise about this rule is broken: the rule, an earlier rule, or the example is wrong.",
                    witness: witness))
        }
        return out
    }

    static func matches(_ got: ExampleResult, _ ex: RuleExample, rule: Rule, site: SiteSettings) -> Bool {
        switch (got, ex.expect) {
        case (.origin, .origin): return true
        case (.redirect(let c, let location, _), .redirect(let ec, let expected)):
            guard c == ec else { return false }
            if location == expected { return true }
            // An expected Location written as a path means the request's own scheme and host.
            let host = RuleFacts.witnessHost(rule, site: site)
            guard let req = HTTPRequest.parseURL(ex.url, defaultScheme: site.scheme, defaultHost: host),
                let e = LocationResolver.resolve(expected, scheme: req.scheme, host: req.host, port: req.port, path: req.path),
                let g = LocationResolver.resolve(location, scheme: req.scheme, host: req.host, port: req.port, path: req.path)
            else { return false }
            return e == g
        default: return false
        }
    }
}
