/// What `simulate` prints: every hop of a request through the rules and what the client did next.
public struct SimulationTrace: Sendable {
    /// How a trace ended (the JSON `outcome`).
    public enum Outcome: String, Sendable {
        /// The last request reached the origin.
        case origin
        /// The client was sent off the site's hosts (reported, not followed).
        case external
        /// The client was sent back to a (method, URL) it already requested.
        case loop
        /// One redirect more than the client follows.
        case limit
    }

    /// What the client sends after a redirect.
    public struct ClientStep: Sendable {
        public let method: String
        public let url: String
        /// The request had a body and the client sends it again.
        public let bodyKept: Bool
        /// The request had a body and the client drops it.
        public let bodyDropped: Bool
        /// Request headers the client removes for the next hop.
        public let droppedHeaders: [String]
    }

    /// One request and its response; `next` nil for the last, non-redirect response.
    public struct Hop: Sendable {
        public let request: HTTPRequest
        public let hasBody: Bool
        public let response: SimulatedResponse
        public let next: ClientStep?
    }

    public let request: HTTPRequest
    public let hops: [Hop]
    public let outcome: Outcome
    public let finalMethod: String
    public let finalURL: String
    /// The trace ended `limit` before the client's redirect limit because the next URL was longer
    /// than `longestFollowedURL`: a URL that grows on every hop never repeats, so the client follows
    /// until its limit (and servers refuse such a request line with 414 long before).
    public var stoppedGrowing = false
    /// The longest URL the simulation follows: 8 KB, the request line nginx
    /// (`large_client_header_buffers 4 8k`) and Apache (`LimitRequestLine 8190`) accept.
    public static let longestFollowedURL = 8192

    /// When the trace ends at the origin: the rules whose source fit the last request but did not
    /// apply, with why (filled by whoever wants it: `Simulator.considerations(for:)` costs a scan).
    public var notApplied: [RuleConsideration] = []

    /// Ids of the rules that fired, in order.
    public var ruleIDs: [String] { hops.compactMap(\.response.ruleID) }
    /// Number of redirects the trace went through.
    public var redirectCount: Int { hops.filter(\.response.isRedirect).count }
}

extension SimulationTrace {
    /// Whether the trace left the site for a host it neither serves nor allows (`site.allow`), or
    /// for a Location no client follows (`javascript:`): what `simulate` exits 1 for, as `check`
    /// reports DT001 for the rule.
    public func leavesForUntrustedHost(_ site: SiteSettings) -> Bool {
        guard outcome == .external else { return false }
        guard let last = hops.last?.request,
            let url = LocationURL.parse(finalURL, defaultScheme: last.scheme, defaultHost: last.host)
        else { return true }
        return !site.isTrustedHost(url.host)
    }
}
