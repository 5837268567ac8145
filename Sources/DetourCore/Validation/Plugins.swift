/// Runs a rule's example request and says what response it gets (DT090). The simulator plugs in
/// here; without one the validator's own first-match evaluator answers.
public protocol ExampleRunner: Sendable {
    func run(_ example: RuleExample, of rule: Rule, in set: RuleSet, at time: Timestamp) -> ExampleResult
}

/// The response an example request gets.
public enum ExampleResult: Sendable, Hashable, CustomStringConvertible {
    case redirect(StatusCode, location: String, rule: String)
    case origin
    /// The example's request could not be formed (for instance a URL on no host).
    case invalid(String)

    public var description: String {
        switch self {
        case .redirect(let c, let l, let r): return "\(c.rawValue) \(l) (rule \(r))"
        case .origin: return "origin"
        case .invalid(let why): return why
        }
    }
}

/// The export side of DT080: what a server cannot enforce of a rule. The exporters provide it;
/// with none registered DT080 reports nothing.
public protocol ExportCapabilityReport: Sendable {
    /// The server this report is about (`nginx`, …).
    var server: String { get }
    /// The features of `rule` the server cannot express, each with whether a strict export refuses it.
    func unsupportedFeatures(of rule: Rule, site: SiteSettings) -> [(feature: String, refusedWhenStrict: Bool)]
}

/// Answers examples with `FirstMatchEvaluator` (every client inside partial rollouts).
public struct EvaluatorExampleRunner: ExampleRunner {
    public init() {}

    public func run(_ example: RuleExample, of rule: Rule, in set: RuleSet, at time: Timestamp) -> ExampleResult {
        guard let u = HTTPRequest.parseURL(example.url, defaultScheme: set.site.scheme, defaultHost: RuleFacts.witnessHost(rule, site: set.site)) else {
            return .invalid("'\(example.url)' is not a path or an http(s) URL")
        }
        let req = HTTPRequest(method: example.method, scheme: u.scheme, host: u.host, port: u.port, path: u.path, query: u.query,
                              headers: example.headers.map { HTTPRequest.HeaderField($0.0, $0.1) }, time: time)
        guard let out = FirstMatchEvaluator(set).evaluate(req) else { return .origin }
        return .redirect(out.status, location: out.location, rule: set.rules[out.ruleIndex].id)
    }
}
