/// One rule `detour suggest` proposes: the rule, how sure it is (0…1) and why, and the logged
/// 404 paths it sends somewhere with their hit counts.
public struct RuleSuggestion: Sendable {
    /// A logged 404 path the suggestion sends to a page, with its hits.
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
