/// What `detour suggest` found: the rules it proposes, the ones the validator or the simulator
/// turned down (with the reason), and the 404 paths it has no page for.
public struct SuggestionResult: Sendable {
    public var suggestions: [RuleSuggestion] = []
    public var rejected: [(suggestion: RuleSuggestion, reason: String)] = []
    public var unmatched: [(path: String, hits: Int)] = []
    /// Logged 404 paths the rule file already redirects (the log predates those rules).
    public var alreadyRedirected = 0
}
