/// A question box in the middle of the screen, answered with the keys listed in it.
struct ConfirmDialog {
    let confirmation: Confirmation
    let state: AppState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        let theme = state.theme
        let (title, message): (String, [String]) = {
            switch confirmation {
            case .quitWithUnsavedEdits:
                return ("Unsaved edits", ["Save changes to \(state.path) before quitting?"])
            case .fileChangedOnDisk:
                return (
                    "File changed on disk",
                    ["\(state.path) was changed by another program", "since it was loaded. Saving now would overwrite that change."]
                )
            case .discardForm(let form):
                return ("Discard changes?", ["The form for '\(form.original.id)' has changes that were not applied."])
            case .recovery(let edits):
                return (
                    "Recover unsaved edits?",
                    ["The last session of \(state.path) ended with unsaved", "edits (\(edits.rules.count) rules, recorded \(edits.savedAt.rfc3339))."]
                )
            }
        }()
        let options = confirmation.options.compactMap { command in
            state.keymap.bindings(in: .dialog).first { $0.command == command }.map { "\($0.keys[0].name) \($0.short)" }
        }
        let unwrapped = message + [""] + [options.joined(separator: " · ")]
        let width = min(area.width - 4, max(40, (unwrapped + [title]).map { TextWidth.of($0) }.max()! + 6))
        // A long path wraps instead of cutting the question off.
        let lines = unwrapped.flatMap { $0.isEmpty ? [""] : WordWrap.lines($0, width: width - 4) }
        let box = area.centered(width: width, height: lines.count + 2)
        Box.draw(box, title: title, border: theme[.dialogBorder], titleStyle: theme[.dialogTitle], fill: theme[.dialog], into: &buffer)
        for (k, line) in lines.enumerated() {
            let style = k == lines.count - 1 ? theme[.dialog].patched(theme[.hintKey]) : theme[.dialog]
            buffer.write(line, x: box.x + 2, y: box.y + 1 + k, maxWidth: box.width - 4, style: style)
        }
    }
}
