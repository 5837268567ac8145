import DetourCore

/// How `detour probe` talks to a live deployment: how many requests at once and per second, how
/// long it waits, how often it retries a request that got no answer, and how it checks TLS.
public struct ProbeOptions: Sendable {
    /// Requests in flight at once.
    public var concurrency = 4
    /// At most this many requests started per second (retries and followed hops included); nil: no limit.
    public var requestsPerSecond: Double? = nil
    /// Connect, send and receive timeout of one request.
    public var timeoutSeconds = 10
    /// How many more times a request that got no HTTP answer is sent (not a request that got one).
    public var retries = 2
    /// At most this many probe requests (first hops); followed hops are extra, at most `maxHops` a chain.
    public var maxRequests = 5000
    /// Follow each redirect the deployment answers and report chains that end badly.
    public var follow = false
    public var maxHops = 10
    /// Accept any certificate.
    public var insecure = false
    /// Trust only the certificates in this PEM file.
    public var caFile: String? = nil
    /// The time every request is simulated at (rules with windows): `--now`, never implied by tests.
    public var now: Timestamp

    public init(now: Timestamp) { self.now = now }
}

/// How far a probe run is: first-hop requests answered (or given up) out of all it will send.
public struct ProbeProgress: Sendable, Equatable {
    public let done: Int
    public let total: Int
}
