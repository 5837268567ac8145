import DetourCore

// The help overlay and the confirmation dialogs.
extension Editor {
    static func helpKey(_ key: Key, _ scroll: Int, _ s: inout AppState) -> [Effect] {
        switch s.keymap.command(for: key, in: .help) {
        case .closeHelp: s.mode = .table
        case .scrollHelpDown: s.mode = .help(scroll: min(maxHelpScroll(s), scroll + (key == .pageDown ? 10 : 1)))
        case .scrollHelpUp: s.mode = .help(scroll: max(0, scroll - (key == .pageUp ? 10 : 1)))
        default: break
        }
        return []
    }

    static func confirmKey(_ key: Key, _ c: Confirmation, _ s: inout AppState) -> [Effect] {
        guard let command = s.keymap.command(for: key, in: .dialog), c.options.contains(command) else { return [] }
        switch (c, command) {
        case (.quitWithUnsavedEdits, .confirmSave):
            s.isQuitting = true
            return startSave(force: false, &s)
        case (.quitWithUnsavedEdits, .confirmDiscard):
            s.isQuitting = true
            return [.discardRecovery, .quit]
        case (.fileChangedOnDisk(let quit), .confirmOverwrite):
            s.isQuitting = quit
            return startSave(force: true, &s)
        case (.fileChangedOnDisk, .confirmReload):
            return startReload(&s)
        case (.discardForm, .confirmDiscard):
            s.mode = .table
            s.status = .info("changes discarded")
        case (.discardForm(let form), .keepEditing):
            s.mode = .form(form)
        case (.recovery(let edits), .confirmRestore):
            s.mode = .table
            perform(.replaceAll(old: s.rules, new: edits.rules), &s)
            s.status = .info("restored the unsaved edits of \(edits.savedAt.rfc3339); ctrl+s saves them, u undoes")
        case (.recovery, .confirmDiscard):
            s.mode = .table
            s.status = .info("recovered edits discarded")
            return [.discardRecovery]
        default:
            s.mode = .table
        }
        return []
    }

    /// The last scroll position that still fills the help box (its inner height is the screen
    /// minus two margin rows and the border).
    static func maxHelpScroll(_ s: AppState) -> Int {
        max(0, HelpOverlay.lines(s.keymap).count - max(1, s.size.height - 4))
    }
}
