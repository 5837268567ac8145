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
    /// Open-redirect and scheme verdicts of every live rule that has one: one result per exploit
    /// class the rule's target can reach.
    lazy var openRedirects: [Int: [OpenRedirectAnalysis.Result]] = {
        var out: [Int: [OpenRedirectAnalysis.Result]] = [:]
        for i in rules.indices where live[i] {
            let r = OpenRedirectAnalysis.analyse(rules[i], site: ruleSet.site, trusted: trusted)
            if !r.isEmpty { out[i] = r }
        }
        return out
    }()

    /// Evaluates requests at their own time: a rule outside its window does not apply.
    lazy var timedEvaluator = FirstMatchEvaluator(ruleSet)

    /// Every instant at which some live rule starts or stops applying, in order: between two of
    /// them the rules in force do not change.
    lazy var windowBoundaries: [Timestamp] = {
        var all = Set<Timestamp>()
        for (i, r) in rules.enumerated() where live[i] {
            if let s = r.starts, s > now { all.insert(s) }
            if let e = r.expires, e > now { all.insert(e) }
        }
        return all.sorted()
    }()

    /// The instants within `[from, to)` worth trying, one per stretch in which the rules in force
    /// stay the same (at most `limit`).
    func instants(from: Timestamp, to: Timestamp?, limit: Int = 4) -> [Timestamp] {
        var out = [from]
        for b in windowBoundaries where b > from {
            if let to, b >= to { break }
            if out.count >= limit { break }
            out.append(b)
        }
        return out
    }

    /// A request for a witness on the rule's host, carrying values that meet the rule's conditions.
    /// `meetConditions: false` leaves that to the caller (a chain meets two rules' conditions at once).
    func request(method: String, rule: Int, path: String, query: String? = nil, meetConditions: Bool = true) -> HTTPRequest {
        let r = rules[rule]
        let time = max(now, r.starts ?? now)
        var req = HTTPRequest(
            method: method, scheme: r.scheme ?? ruleSet.site.scheme, host: RuleFacts.witnessHost(r, site: ruleSet.site), path: path, query: query,
            time: time)
        if meetConditions, !r.allConditions.isEmpty { ConditionWitness.satisfying(r.allConditions)?.apply(to: &req) }
        return req
    }
}
