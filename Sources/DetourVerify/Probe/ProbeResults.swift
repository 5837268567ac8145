import DetourCore

/// What the deployment did with one request: an HTTP answer, or none (refused, timed out, TLS).
public enum ProbeObservation: Sendable, Equatable {
    case answered(status: Int, location: String?, cacheControl: String?)
    case unreachable(String)

    var status: Int? {
        if case .answered(let s, _, _) = self { return s }
        return nil
    }
}

/// One probe request: what `simulate --as SERVER` expects, what the deployment answered, and the
/// disagreement when they differ.
public struct ProbeAnswer: Sendable {
    public let request: HTTPRequest
    public let purpose: String
    /// The rule the request was made for; nil for the site-wide requests.
    public let ruleID: String?
    public let expected: ExpectedResponse
    public let observed: ProbeObservation
    /// Sends it took (1 + retries used).
    public let attempts: Int
    public let disagreement: VerifyDisagreement?
}

/// A redirect chain the deployment answered, followed hop by hop (`--follow`), and what is wrong
/// with it: it ends in 4xx/5xx, leaves the site, takes more than one hop, or loops.
public struct ProbeChain: Sendable {
    public struct Hop: Sendable {
        public let method: String
        public let url: String
        public let status: Int?
        public let location: String?
        public let error: String?
    }

    public enum Problem: String, Sendable, CaseIterable {
        case endsInError = "ends in 4xx/5xx"
        case offSite = "ends off-site"
        case multipleHops = "takes more than one hop"
        case loop = "loops"
        case tooManyHops = "exceeds the hop limit"
    }

    public let ruleID: String?
    public let hops: [Hop]
    public let problems: [Problem]
    /// Why following stopped early, when it did (an off-site host, another scheme).
    public let note: String?

    public var text: String {
        var parts = hops.map { hop -> String in
            var s = "\(hop.method) \(hop.url) → "
            if let status = hop.status { s += "\(status)" } else { s += "no answer (\(hop.error ?? "?"))" }
            return s
        }
        if let last = hops.last, let location = last.location, problems.contains(.offSite) || note != nil { parts.append(location) }
        return parts.joined(separator: " → ")
    }
}

/// Every request made for one rule, and the verdict: agree (every answer as simulated), differs
/// (at least one answer not), unreachable (no answer at all for any of them).
public struct ProbeRuleResult: Sendable {
    public enum Verdict: String, Sendable { case agree, differs, unreachable }

    /// Nil for the site-wide requests (paths no rule names).
    public let ruleID: String?
    /// The rule's line in the rule file (0 when unknown or site-wide).
    public let line: Int
    public let answers: [ProbeAnswer]

    public var differing: [ProbeAnswer] { answers.filter { $0.disagreement != nil } }
    public var unanswered: [ProbeAnswer] { answers.filter { $0.observed.status == nil } }

    public var verdict: Verdict {
        if !differing.isEmpty { return .differs }
        if !answers.isEmpty, unanswered.count == answers.count { return .unreachable }
        return .agree
    }
}

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
