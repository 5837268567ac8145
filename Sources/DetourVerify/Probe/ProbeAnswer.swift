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
