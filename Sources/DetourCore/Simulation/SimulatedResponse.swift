/// One hop's answer: a redirect from a rule, or "served by origin" when no rule applies.
public struct SimulatedResponse: Sendable {
    /// nil: no rule applies and the request reaches the origin.
    public let status: StatusCode?
    /// The redirect target, always absolute (resolved against the request).
    public let location: String?
    /// The `Location` header as the server sends it (relative on servers that keep it relative).
    public let locationHeader: String?
    public let cacheControl: String?
    /// Index of the rule in the rule set, its id and its 1-based file line (0 when unknown).
    public let ruleIndex: Int?
    public let ruleID: String?
    public let line: Int?

    public static let origin = SimulatedResponse(
        status: nil, location: nil, locationHeader: nil, cacheControl: nil, ruleIndex: nil, ruleID: nil, line: nil)

    public init(status: StatusCode?, location: String?, locationHeader: String?, cacheControl: String?, ruleIndex: Int?, ruleID: String?, line: Int?)
    {
        self.status = status
        self.location = location
        self.locationHeader = locationHeader
        self.cacheControl = cacheControl
        self.ruleIndex = ruleIndex
        self.ruleID = ruleID
        self.line = line
    }

    public var isRedirect: Bool { status != nil }
}
