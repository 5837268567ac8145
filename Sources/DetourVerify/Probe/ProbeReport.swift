/// The result of `detour probe`: a verdict per rule, the chains found with `--follow`.
public struct ProbeReport: Sendable {
    public let endpoint: ProbeEndpoint
    /// `detour` or the server simulated (`--as`).
    public let simulatedAs: String
    public let rules: [ProbeRuleResult]
    public let chains: [ProbeChain]
    /// Requests left out because the endpoint is not on loopback and they need a chosen client address.
    public let skipped: Int
    /// Every request sent, retries and followed hops included.
    public let sent: Int

    public var probeCount: Int { rules.reduce(0) { $0 + $1.answers.count } }
    public var problemChains: [ProbeChain] { chains.filter { !$0.problems.isEmpty } }
    public func results(_ verdict: ProbeRuleResult.Verdict) -> [ProbeRuleResult] { rules.filter { $0.verdict == verdict } }

    /// The deployment did what the file says for every request it answered and no chain went wrong.
    public var allAgree: Bool { rules.allSatisfy { $0.verdict == .agree } && problemChains.isEmpty }
    /// Nothing answered at all: the deployment is down or BASEURL is wrong.
    public var nothingAnswered: Bool { probeCount > 0 && rules.allSatisfy { $0.unanswered.count == $0.answers.count } }
}
