/// Every styled element of the editor. Theme files name these; an unknown name is an error. A role
/// missing from a theme falls back along its dots (`table.row.selected` → `table.row` → `table`)
/// and finally to `base`.
public enum ThemeRole: String, CaseIterable, Sendable {
    case base
    case title
    case titleUnsaved = "title.unsaved"
    case tableHeader = "table.header"
    case tableRowSelected = "table.row.selected"
    case tableRowDisabled = "table.row.disabled"
    case tableMatch = "table.match"
    case codePermanent = "code.permanent"
    case codeTemporary = "code.temporary"
    case severityError = "severity.error"
    case severityWarning = "severity.warning"
    case severityInfo = "severity.info"
    case detailBorder = "detail.border"
    case detailLabel = "detail.label"
    case detailValue = "detail.value"
    case hintKey = "hint.key"
    case hintDescription = "hint.description"
    case inputLabel = "input.label"
    case inputField = "input.field"
    case inputFieldFocused = "input.field.focused"
    case inputInvalid = "input.invalid"
    case statusInfo = "status.info"
    case statusError = "status.error"
    case prompt
    case dialog
    case dialogBorder = "dialog.border"
    case dialogTitle = "dialog.title"

    /// The role names this one falls back to, nearest first (without `base`).
    var fallbackChain: [String] {
        var parts = rawValue.split(separator: ".").map(String.init)
        var chain: [String] = []
        while !parts.isEmpty {
            chain.append(parts.joined(separator: "."))
            parts.removeLast()
        }
        return chain
    }
}
