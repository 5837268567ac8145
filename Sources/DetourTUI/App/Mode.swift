/// What the editor is doing; decides which key context is active.
public enum Mode: Sendable {
    case table
    case filter
    case command(TextField)
    case form(FormState)
    case help(scroll: Int)
    case confirm(Confirmation)
    case findings(FindingsPanelState)
    case fixPreview(FixPreview)
    case simulator(SimulatorState)
    case export(ExportDialogState)
    case changes(ChangesPanelState)
    /// The keys are in the suggestions pane (`--beside`); its state is `AppState.beside`.
    case suggestions

    public var keyContext: KeyContext {
        switch self {
        case .table: return .table
        case .filter: return .filter
        case .command: return .command
        case .form: return .form
        case .help: return .help
        case .confirm: return .dialog
        case .findings: return .findings
        case .fixPreview: return .fixPreview
        case .simulator: return .simulator
        case .changes: return .changes
        case .suggestions: return .suggestions
        case .export(let d): return d.focus == .directory ? .exportDirectory : .export
        }
    }
}
