/// Where a binding applies: the keymap is looked up for the context of the current mode.
public enum KeyContext: String, CaseIterable, Sendable {
    case table, form
    case textField = "text field"
    case filter
    case command = "command line"
    case help, dialog
    case findings
    case fixPreview = "fix preview"
    case simulator, export, changes, suggestions
    case exportDirectory = "export directory"

    /// Title used by the help overlay and docs/keys.md.
    public var title: String {
        switch self {
        case .table: return "Rule table"
        case .form: return "Rule form"
        case .textField: return "Text fields (form, filter, command line)"
        case .filter: return "Filter (/)"
        case .command: return "Command line (:)"
        case .help: return "Help overlay (?)"
        case .dialog: return "Dialogs"
        case .findings: return "Findings panel (!)"
        case .fixPreview: return "Fix preview (f in the findings panel)"
        case .simulator: return "Simulator panel (r)"
        case .export: return "Export dialog (x)"
        case .changes: return "Changes panel (c)"
        case .suggestions: return "Suggestions pane (detour edit FILE --beside SUGGESTIONS.yaml)"
        case .exportDirectory: return "Export dialog, directory field"
        }
    }
}

/// One row of the key table: which keys, in which context, do what. The same table drives input,
/// the hint bar, the `?` overlay and docs/keys.md.
public struct KeyBinding: Sendable {
    public let context: KeyContext
    public let keys: [Key]
    public let command: Command
    /// A few words for the hint bar.
    public let short: String
    /// The sentence for help and docs.
    public let help: String
    public let showInHintBar: Bool
    /// Destructive (deletes or discards); shown marked in help.
    public let isDangerous: Bool

    public init(
        _ context: KeyContext, _ keys: [Key], _ command: Command, short: String, help: String,
        hint: Bool = false, dangerous: Bool = false
    ) {
        self.context = context
        self.keys = keys
        self.command = command
        self.short = short
        self.help = help
        self.showInHintBar = hint
        self.isDangerous = dangerous
    }

    /// `j/down` style list of the keys.
    public var keyText: String { keys.map(\.name).joined(separator: " / ") }
    public var shortKeyText: String { keys.prefix(2).map(\.shortName).joined(separator: "/") }
}
