import DetourCore

/// A field of the rule form: one column of `RuleFieldTable` that the form shows, in the table's
/// order, with the table's label and placeholder.
public struct FormFieldID: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The column's name (its CSV column).
    public let name: String

    init(_ name: String) { self.name = name }

    public static let allCases: [FormFieldID] = RuleFieldTable.columns.filter(\.inForm).map { FormFieldID($0.name) }

    public var column: RuleFieldColumn { RuleFieldTable.column(name)! }
    public var label: String { column.label }
    /// What an empty field means, shown dimmed when it is empty.
    public var placeholder: String { column.placeholder }
    public var description: String { name }

    // The fields the form's own logic names (choices, cross-field checks, ctrl+t).
    public static let id = FormFieldID("id")
    public static let enabled = FormFieldID("enabled")
    public static let host = FormFieldID("host")
    public static let source = FormFieldID("source")
    public static let target = FormFieldID("target")
    public static let code = FormFieldID("code")
    public static let methods = FormFieldID("methods")
    public static let conditions = FormFieldID("when")
    public static let query = FormFieldID("query")
    public static let cache = FormFieldID("cache")
    public static let rolloutPercent = FormFieldID("rollout")
    public static let rolloutBy = FormFieldID("rollout_by")
    public static let starts = FormFieldID("starts")
    public static let expires = FormFieldID("expires")
    public static let note = FormFieldID("note")
    public static let owner = FormFieldID("owner")
    public static let tags = FormFieldID("tags")

    var isTimestamp: Bool { self == .starts || self == .expires }
}
