/// Runs rule examples and says what response each gets (DT090). The default is the simulator;
/// another engine (a live server in `verify`) can plug in here.
public protocol ExampleRunner: Sendable {
    /// The result of each example, in order; `examples` name their rule by index in `set`.
    func results(for set: RuleSet, examples: [(rule: Int, example: RuleExample, time: Timestamp)]) -> [ExampleResult]
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

/// The export side of DT080: what a server cannot enforce of a rule set. The exporters provide it;
/// with none registered DT080 reports nothing.
public protocol ExportCapabilityReport: Sendable {
    /// The server this report is about (`nginx`, …).
    var server: String { get }
    /// What an export of `set` at `now` leaves out, rule by rule (`ruleIndex` into `set.rules`).
    /// Decided for the whole set, since some refusals depend on the other rules (a gateway's
    /// precedence that would reorder two of them).
    func refusals(in set: RuleSet, now: Timestamp) -> [ExportRuleRefusal]
}

/// One rule an export target cannot carry exactly: what the server cannot do, as the words after
/// "nginx cannot" (`enforce rollout by ip (…)`), and whether a strict export refuses the rule (an
/// error finding) or only warns.
public struct ExportRuleRefusal: Sendable, Hashable {
    public let ruleIndex: Int
    public let what: String
    public let refusedWhenStrict: Bool

    public init(ruleIndex: Int, what: String, refusedWhenStrict: Bool = true) {
        self.ruleIndex = ruleIndex
        self.what = what
        self.refusedWhenStrict = refusedWhenStrict
    }
}

/// Runs examples through the simulator — the engine `detour simulate` uses, with the site's default
/// server view and its rollout hash — so `check` and `simulate` never disagree about an example.
public struct SimulatorExampleRunner: ExampleRunner {
    public init() {}

    public func results(for set: RuleSet, examples: [(rule: Int, example: RuleExample, time: Timestamp)]) -> [ExampleResult] {
        guard !examples.isEmpty else { return [] }
        let simulator = Simulator(ruleSet: set)
        return examples.map { item in
            let rule = set.rules[item.rule]
            let ex = item.example
            guard let u = HTTPRequest.parseURL(ex.url, defaultScheme: set.site.scheme, defaultHost: RuleFacts.witnessHost(rule, site: set.site))
            else {
                return .invalid("'\(ex.url)' is not a path or an http(s) URL")
            }
            let req = HTTPRequest(
                method: ex.method, scheme: u.scheme, host: u.host, port: u.port, path: u.path, query: u.query,
                headers: ex.headers.map { HTTPRequest.HeaderField($0.0, $0.1) }, time: item.time)
            let response = simulator.respond(to: req)
            guard let status = response.status, let location = response.location else { return .origin }
            return .redirect(status, location: location, rule: response.ruleID ?? "?")
        }
    }
}
