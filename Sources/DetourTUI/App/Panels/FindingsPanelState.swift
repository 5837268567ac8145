import DetourCore

/// The `!` panel: which finding is selected and how far the list is scrolled. The findings
/// themselves live in `AppState.findingsIndex`, so opening the panel copies nothing.
public struct FindingsPanelState: Sendable, Equatable {
    public var selected = 0
    public var scroll = 0
    public init() {}
}

/// A fix about to be applied (`f` in the findings panel): the finding, the one undoable edit it
/// becomes, and the before/after lines of every rule it touches.
public struct FixPreview: Sendable {
    public let finding: Finding
    public let edit: RuleEdit
    /// `(before, after)` per touched rule; `after` nil when the fix removes the rule.
    public let changes: [(id: String, before: [String], after: [String]?)]
    public let panel: FindingsPanelState
}
