import DetourCore

/// The editor's logic: `update` applies one action to the state and returns the effects to run.
/// It performs no I/O, so every behaviour can be tested by feeding actions and reading state.
public enum Editor {
    public static func update(_ s: inout AppState, _ action: Action, now: Timestamp = .now()) -> [Effect] {
        let effects = dispatch(&s, action, now: now)
        return effects + besideFollowUp(&s)
    }

    static func dispatch(_ s: inout AppState, _ action: Action, now: Timestamp) -> [Effect] {
        switch action {
        case .event(let event):
            return handle(event, &s, now: now)
        case .filterStep:
            s.filter?.step(s.rules)
            if let f = s.filter, f.isComplete(total: s.rules.count), f.matches.isEmpty, !f.isEmpty {
                s.status = .info("no rule matches '\(f.query)'")
            }
            clampCursor(&s)
            return []
        case .saved, .saveConflict, .saveFailed, .reloaded, .reloadFailed, .tick, .recoveryWritten, .diskChecked:
            return documentResult(action, &s)
        case .themeLoaded(let theme):
            s.theme = theme
            s.status = .info("theme \(theme.name)")
            return []
        case .themeFailed(let message):
            s.status = .error(message)
            return []
        case .findingsChanged(let findings):
            s.findings = findings
            return []
        case .validationStarted(let revision):
            s.validatingRevision = revision
            return [.validate(revision: revision)]
        case .validationFinished(let index):
            if s.validatingRevision == index.revision { s.validatingRevision = nil }
            // Stale: the rules changed while the validator ran; the loop starts a new run.
            guard index.revision == s.revision else { return [] }
            s.findingsIndex = s.withImportFindings(index)
            s.findings = s.findingsIndex?.summary
            clampFindingsPanel(&s)
            return []
        case .simulationFinished, .simulationFailed, .replayProgress, .replayFinished:
            return simulatorResult(action, &s)
        case .changesComputed, .changesFailed:
            return changesResult(action, &s)
        case .suggestionAssessed, .suggestionsAssessed:
            return besideResult(action, &s)
        case .exportPreviewed, .exportFailed, .exportTargetChecked, .exportWritten, .verifyProgress, .verifyFinished, .exportSummarized:
            return exportResult(action, &s)
        }
    }

    // MARK: - Events

    static func handle(_ event: TerminalEvent, _ s: inout AppState, now: Timestamp) -> [Effect] {
        if ScreenLayout(size: s.size).isTooSmall, event.isInput { return blindInput(event, &s) }
        switch event {
        case .resize(let size):
            s.size = size
            clampCursor(&s)
            return []
        case .paste(let text):
            switch s.mode {
            case .form(var form):
                form.type(text)
                s.mode = .form(form)
            case .filter:
                s.filter?.field.insert(text)
                restartFilter(&s)
            case .command(var field):
                field.insert(text)
                s.mode = .command(field)
            case .export(var dialog) where dialog.focus == .directory:
                dialog.directory.insert(text)
                s.mode = .export(dialog)
            case .simulator(var sim) where sim.focus.isText:
                var field = sim.text(sim.focus)!
                field.insert(text)
                sim.setText(sim.focus, field)
                s.mode = .simulator(sim)
            default:
                s.status = .info("paste ignored: open a field (e to edit, / to filter) first")
            }
            return []
        case .mouse(let m):
            return mouse(m, &s)
        case .key(.alt(let c)) where !isBound(.alt(c), s):
            // Esc typed quickly before a key arrives as Alt+key; when Alt+key means nothing here
            // it was meant as Esc, then the key.
            let first = handle(.key(.esc), &s, now: now)
            if first.contains(.quit) { return first }
            return first + handle(.key(.char(c)), &s, now: now)
        case .key(let key):
            s.completions = []
            switch s.mode {
            case .table: return tableKey(key, &s)
            case .filter: return filterKey(key, &s)
            case .command(let field): return commandKey(key, field, &s)
            case .form(let form): return formKey(key, form, &s, now: now)
            case .help(let scroll): return helpKey(key, scroll, &s)
            case .confirm(let c): return confirmKey(key, c, &s)
            case .findings(let panel): return findingsKey(key, panel, &s)
            case .fixPreview(let preview): return fixPreviewKey(key, preview, &s)
            case .simulator(let sim): return simulatorKey(key, sim, &s)
            case .export(let dialog): return exportKey(key, dialog, &s)
            case .changes(let panel): return changesKey(key, panel, &s)
            case .suggestions: return besideKey(key, &s)
            }
        }
    }

    /// Whether `key` has a binding in the current mode (text-field keys count in text inputs).
    static func isBound(_ key: Key, _ s: AppState) -> Bool {
        let context = s.mode.keyContext
        if s.keymap.command(for: key, in: context) != nil { return true }
        switch s.mode {
        case .form, .filter, .command: return s.keymap.command(for: key, in: .textField) != nil
        case .simulator(let sim) where sim.focus.isText: return s.keymap.command(for: key, in: .textField) != nil
        case .export(let d) where d.focus == .directory: return s.keymap.command(for: key, in: .textField) != nil
        default: return false
        }
    }
}
