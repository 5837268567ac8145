/// Everything a check reads: the rule set, the clock, the trusted hosts, the plug-ins (an example
/// runner, export capability reports), and analyses several checks share, computed once.
public final class ValidationContext {
    public let ruleSet: RuleSet
    public let now: Timestamp
    public let trusted: TrustedHosts
    let exampleRunner: ExampleRunner
    let exportCapabilities: [ExportCapabilityReport]

    var rules: [Rule] { ruleSet.rules }
    /// The rules left out of `ruleSet` because fields of theirs did not parse, with their lines:
    /// DT070 reports them, every other check works without them.
    var invalidRules: [(rule: Rule, line: Int)] = []
    /// Cores the per-rule lookups may use.
    var workers = Parallel.cores

    init(ruleSet: RuleSet, now: Timestamp, exampleRunner: ExampleRunner?, exportCapabilities: [ExportCapabilityReport]) {
        self.ruleSet = ruleSet
        self.now = now
        self.trusted = TrustedHosts(site: ruleSet.site)
        self.exampleRunner = exampleRunner ?? SimulatorExampleRunner()
        self.exportCapabilities = exportCapabilities
    }

    /// Rules that can still apply: enabled and not expired at `now`.
    lazy var live: [Bool] = ruleSet.rules.map { RuleFacts.isLive($0, now: now) }

    lazy var languages = PathLanguages(ruleSet)
    lazy var index = RuleIndex(ruleSet) { [live] in live[$0] }
    lazy var evaluator: FirstMatchEvaluator = {
        var e = FirstMatchEvaluator(ruleSet)
        e.honourWindows = false
        return e
    }()
    lazy var redirects = RedirectGraph(self)
    lazy var shadows = ShadowAnalysis(self)
    /// Open-redirect and scheme verdicts of every live rule that has one.
    lazy var openRedirects: [Int: OpenRedirectAnalysis.Result] = {
        var out: [Int: OpenRedirectAnalysis.Result] = [:]
        for i in rules.indices where live[i] {
            if let r = OpenRedirectAnalysis.analyse(rules[i], site: ruleSet.site, trusted: trusted) { out[i] = r }
        }
        return out
    }()

    /// A request for a witness on the rule's host.
    func request(method: String, rule: Int, path: String, query: String? = nil) -> HTTPRequest {
        let r = rules[rule]
        let time = max(now, r.starts ?? now)
        return HTTPRequest(
            method: method, scheme: r.scheme ?? ruleSet.site.scheme, host: RuleFacts.witnessHost(r, site: ruleSet.site), path: path, query: query,
            time: time)
    }
}
