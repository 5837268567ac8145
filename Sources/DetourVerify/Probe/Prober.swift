import DetourCore
import Foundation

/// `detour probe BASEURL FILE` (issue 17 §2): sends the requests `verify` would send to a live
/// deployment and compares each first hop with `simulate --as SERVER`; with `follow`, follows
/// each redirect the deployment answers and reports chains that end badly. No server is started;
/// every request goes to `endpoint`, with the Host header (and TLS server name) of the request.
public struct Prober: Sendable {
    public let ruleSet: RuleSet
    public let view: ServerView
    public let endpoint: ProbeEndpoint
    public let options: ProbeOptions

    public init(ruleSet: RuleSet, view: ServerView, endpoint: ProbeEndpoint, options: ProbeOptions) {
        self.ruleSet = ruleSet
        self.view = view
        self.endpoint = endpoint
        self.options = options
    }

    /// The requests a run sends, in order, as they go on the wire, and how many were left out.
    /// Under `maxRequests` every rule's examples and witness come first, then the variations, so
    /// a limit below the full set still reaches every rule.
    public func requests() -> (probes: [VerifyRequests.Probe], skipped: Int) {
        var seen = Set<String>()
        var out: [VerifyRequests.Probe] = []
        var skipped = 0
        let all = VerifyRequests.generate(ruleSet, limit: Int.max, time: options.now)
        let isFirst = { (p: VerifyRequests.Probe) in p.purpose.hasPrefix("example of rule ") || p.purpose.hasPrefix("witness of rule ") }
        for var probe in all.filter(isFirst) + all.filter({ !isFirst($0) }) {
            guard out.count < options.maxRequests else { break }
            probe.request = endpoint.scheme == "https" ? Self.overTLS(probe.request) : ProbeScheme.onTheWire(probe.request, site: ruleSet.site)
            probe.request.time = options.now
            // Over the network the client address is ours, not one probe can choose.
            if !endpoint.isLoopback, probe.request.clientAddress != "127.0.0.1" {
                skipped += 1
                continue
            }
            let key = "\(probe.request.method) \(probe.request.url) \(probe.request.clientAddress) \(probe.request.headers)"
            if seen.insert(key).inserted { out.append(probe) }
        }
        return (out, skipped)
    }

    static func overTLS(_ request: HTTPRequest) -> HTTPRequest {
        var r = request
        r.scheme = "https"
        return r
    }

    /// Runs the probe. `progress` is called from worker threads, one call at a time.
    public func run(progress: @escaping @Sendable (ProbeProgress) -> Void = { _ in }) throws -> ProbeReport {
        let addresses = try endpoint.resolve()
        let tls = endpoint.scheme == "https" ? try ProbeTLS(insecure: options.insecure, caFile: options.caFile) : nil
        let (probes, skipped) = requests()
        let simulator = Simulator(ruleSet: ruleSet, view: view)
        let session = ProbeSession(
            addresses: addresses, tls: tls, pacer: ProbePacer(perSecond: options.requestsPerSecond), options: options,
            bindLoopbackSource: endpoint.isLoopback)
        let collector = ProbeCollector(count: probes.count, progress: progress)
        progress(ProbeProgress(done: 0, total: probes.count))
        let workers = max(1, min(options.concurrency, probes.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = collector.nextIndex() {
                let probe = probes[index]
                let answer = session.answer(probe, simulator: simulator)
                var chain: ProbeChain? = nil
                // Chains are what a visitor follows: GET and HEAD only.
                if options.follow, ["GET", "HEAD"].contains(probe.request.method),
                    case .answered(let status, let location?, _) = answer.observed, VerifyComparison.redirectStatuses.contains(status)
                {
                    chain = session.follow(answer, location: location, simulator: simulator, endpoint: endpoint)
                }
                collector.store(index, answer, chain)
            }
        }
        let (answers, chains) = collector.results()
        return ProbeReport(
            endpoint: endpoint, simulatedAs: view.name, rules: Self.group(answers, ruleSet), chains: chains, skipped: skipped,
            sent: session.sentCount)
    }

    /// Answers grouped by rule in file order, the site-wide requests last.
    static func group(_ answers: [ProbeAnswer], _ set: RuleSet) -> [ProbeRuleResult] {
        var byRule: [String: [ProbeAnswer]] = [:]
        var siteWide: [ProbeAnswer] = []
        for a in answers {
            if let id = a.ruleID { byRule[id, default: []].append(a) } else { siteWide.append(a) }
        }
        var out: [ProbeRuleResult] = []
        for (i, rule) in set.rules.enumerated() {
            guard let list = byRule.removeValue(forKey: rule.id) else { continue }
            out.append(ProbeRuleResult(ruleID: rule.id, line: i < set.lines.count ? set.lines[i] : 0, answers: list))
        }
        if !siteWide.isEmpty { out.append(ProbeRuleResult(ruleID: nil, line: 0, answers: siteWide)) }
        return out
    }
}

/// The work list and results of one run, shared by the worker threads.
private final class ProbeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private let count: Int
    private var answers: [ProbeAnswer?]
    private var chains: [ProbeChain?]
    private let progress: @Sendable (ProbeProgress) -> Void

    init(count: Int, progress: @escaping @Sendable (ProbeProgress) -> Void) {
        self.count = count
        answers = Array(repeating: nil, count: count)
        chains = Array(repeating: nil, count: count)
        self.progress = progress
    }

    func nextIndex() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ index: Int, _ answer: ProbeAnswer, _ chain: ProbeChain?) {
        lock.lock()
        defer { lock.unlock() }
        answers[index] = answer
        chains[index] = chain
        done += 1
        progress(ProbeProgress(done: done, total: count))
    }

    func results() -> ([ProbeAnswer], [ProbeChain]) {
        lock.lock()
        defer { lock.unlock() }
        return (answers.compactMap { $0 }, chains.compactMap { $0 })
    }
}
