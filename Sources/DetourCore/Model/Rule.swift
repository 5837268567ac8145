/// One redirect rule with every field of DESIGN §2.2. Order in the owning `RuleSet` is precedence.
public struct Rule: Sendable, Hashable {
    public var id: String
    public var enabled: Bool = true
    /// nil: any of the site's hosts.
    public var host: HostPattern?
    public var source: Source
    public var target: Target
    public var code: StatusCode
    /// nil: every method. Upper-case method names.
    public var methods: [String]?
    /// All must hold (`when`); query requirements of the source are in `source.query`.
    public var conditions: [Condition] = []
    public var query: QueryMode = .keep
    public var cache: CachePolicy = .none
    /// nil: 100 % of clients.
    public var rollout: Rollout?
    public var starts: Timestamp?
    public var expires: Timestamp?
    public var note: String?
    public var tags: [String] = []
    public var owner: String?
    public var examples: [RuleExample] = []

    public init(id: String, source: Source, target: Target, code: StatusCode) {
        self.id = id
        self.source = source
        self.target = target
        self.code = code
    }

    /// Every condition that must hold: the source's query requirements, then `when`.
    public var allConditions: [Condition] { source.query + conditions }

    /// True when the rule applies to every client (no rollout, or 100 %).
    public var isFullRollout: Bool { rollout.map(\.isFull) ?? true }

    /// The rollout salt in effect (the rule id unless set).
    public var rolloutSalt: String { rollout?.salt ?? id }

    /// Whether an id has the allowed shape `[A-Za-z0-9._-]+`.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2e || $0 == 0x5f || $0 == 0x2d }
    }
}

/// Whether a rule carries the request's query string to the target.
public enum QueryMode: String, Sendable, Hashable, CaseIterable {
    case keep, drop
}
