/// Findings counts from the validator, shown in the title bar and the severity column. Nothing
/// fills this until `detour check`'s validator exists, and then the title shows real counts.
public struct FindingsSummary: Sendable, Equatable {
    public enum Severity: Sendable, Equatable { case error, warning, info }
    public var errors: Int
    public var warnings: Int
    public var infos: Int
    /// The worst severity per rule id.
    public var worstByRule: [String: Severity]

    public init(errors: Int = 0, warnings: Int = 0, infos: Int = 0, worstByRule: [String: Severity] = [:]) {
        self.errors = errors
        self.warnings = warnings
        self.infos = infos
        self.worstByRule = worstByRule
    }
}
