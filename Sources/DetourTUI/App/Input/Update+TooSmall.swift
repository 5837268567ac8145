extension Editor {
    /// Input while the terminal is below the minimum size, when the screen shows only "Terminal too
    /// small": nothing the user cannot see may happen. Keys, pastes and clicks are dropped, except
    /// the table's quit key, which quits when nothing would be lost; with unsaved edits it opens the
    /// quit question, which (like any open prompt) waits, unanswerable, until the terminal is large
    /// enough to show it.
    static func blindInput(_ event: TerminalEvent, _ s: inout AppState) -> [Effect] {
        guard case .key(let key) = event, s.keymap.command(for: key, in: .table) == .quit else {
            s.status = .info("terminal too small: enlarge it to go on (q quits)")
            return []
        }
        switch s.mode {
        case .table, .help:
            break
        case .filter, .command, .findings, .changes, .suggestions:
            // These hold nothing unsaved: leaving them loses nothing.
            s.mode = .table
        case .form, .confirm, .fixPreview, .simulator, .export:
            // Edits, a question or running work: kept for when they can be seen.
            s.status = .info("terminal too small: enlarge it to see the open dialog")
            return []
        }
        if s.hasUnsavedChanges {
            s.mode = .confirm(.quitWithUnsavedEdits)
            return []
        }
        s.isQuitting = true
        return [.discardRecovery, .quit]
    }
}
