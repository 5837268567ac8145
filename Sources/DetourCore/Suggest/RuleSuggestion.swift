/// One rule `detour suggest` proposes: the rule, how sure it is (0…1) and why, and the logged
/// 404 paths it sends somewhere with their hit counts.
public struct RuleSuggestion: Sendable {
    public struct Covered: Sendable, Equatable {
        public let path: String
        public let hits: Int
        public let target: String
    }

    public var rule: Rule
    public var confidence: Double
    public var why: String
    public var covers: [Covered]

    public var hits: Int { covers.reduce(0) { $0 + $1.hits } }
}

/// What `detour suggest` found: the rules it proposes, the ones the validator or the simulator
/// turned down (with the reason), and the 404 paths it has no page for.
public struct SuggestionResult: Sendable {
    public var suggestions: [RuleSuggestion] = []
    public var rejected: [(suggestion: RuleSuggestion, reason: String)] = []
    public var unmatched: [(path: String, hits: Int)] = []
    /// Logged 404 paths the rule file already redirects (the log predates those rules).
    public var alreadyRedirected = 0
}
