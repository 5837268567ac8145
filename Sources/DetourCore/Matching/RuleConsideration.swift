/// Why one rule whose source fits a request's path did or did not answer it: what `simulate`
/// says when a request reaches the origin, and what `simulate --explain` lists for every hop.
public struct RuleConsideration: Sendable, Equatable {
    /// The first thing that kept the rule from applying, or `applies`.
    public enum Reason: Sendable, Equatable {
        case applies
        /// `enabled: false`, or a rollout of 0 %.
        case disabled
        /// The rule's `host` is not the request's.
        case host(rule: String, request: String)
        /// The rule has no `host` and the request's host is not one of the site's.
        case notSiteHost(String)
        case method(allowed: [String], request: String)
        /// The rule's `scheme` is not the one the server sees.
        case scheme(rule: String, request: String)
        case beforeStart(Timestamp)
        case expired(Timestamp)
        /// A `when` condition (or a query condition of the source), as written, that the request does not meet.
        case condition(String)
        /// The client falls outside the rollout: `bucket` is the client's percentile (0…99), included
        /// in every rollout above it; nil when the server's hash has no such threshold (Caddy's
        /// highest-random-weight choice is not one).
        case rollout(percent: String, key: String, bucket: Int?)
        /// The request lacks the rollout's key (no such cookie or header): never inside a partial rollout.
        case rolloutKeyMissing(percent: String, key: String)

        /// The JSON `reason` keyword.
        public var keyword: String {
            switch self {
            case .applies: return "applies"
            case .disabled: return "disabled"
            case .host, .notSiteHost: return "host"
            case .method: return "method"
            case .scheme: return "scheme"
            case .beforeStart, .expired: return "time"
            case .condition: return "condition"
            case .rollout, .rolloutKeyMissing: return "rollout"
            }
        }

        /// One line for a reader: `outside the 10 % rollout by ip (bucket 73)`.
        public var text: String {
            switch self {
            case .applies: return "applies"
            case .disabled: return "disabled"
            case .host(let rule, let request): return "host \(request) is not the rule's host \(rule)"
            case .notSiteHost(let request): return "host \(request) is not one of the site's hosts"
            case .method(let allowed, let request): return "method \(request) is not one of \(allowed.joined(separator: ", "))"
            case .scheme(let rule, let request): return "scheme \(request) is not the rule's scheme \(rule)"
            case .beforeStart(let t): return "outside the time window: starts \(t.rfc3339)"
            case .expired(let t): return "outside the time window: expired \(t.rfc3339)"
            case .condition(let c): return "condition not met: \(c)"
            case .rollout(let percent, let key, let bucket):
                guard let bucket else { return "outside the \(percent) % rollout by \(key)" }
                return "outside the \(percent) % rollout by \(key) (bucket \(bucket))"
            case .rolloutKeyMissing(let percent, let key): return "outside the \(percent) % rollout: the request has no \(key) to hash"
            }
        }
    }

    public let ruleIndex: Int
    public let ruleID: String
    /// The rule's line in its file (0 when unknown).
    public let line: Int
    public let reason: Reason

    public init(ruleIndex: Int, ruleID: String, line: Int, reason: Reason) {
        self.ruleIndex = ruleIndex
        self.ruleID = ruleID
        self.line = line
        self.reason = reason
    }
}

/// The rules a request was held against: those whose source fits its path, in precedence order up
/// to the first that applies, and how many rules were passed over because their source does not.
public struct RuleConsiderations: Sendable {
    public let considered: [RuleConsideration]
    /// Rules whose source does not fit the path (not listed one by one: a bulk file has 10⁶).
    public let pathMismatches: Int

    /// The considered rules that did not apply.
    public var notApplied: [RuleConsideration] { considered.filter { $0.reason != .applies } }
}
