import DetourCore

/// The editor's logic: `update` applies one action to the state and returns the effects to run.
/// It performs no I/O, so every behaviour can be tested by feeding actions and reading state.
public enum Editor {
    public static func update(_ s: inout AppState, _ action: Action, now: Timestamp = .now()) -> [Effect] {
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
        case .saved:
            s.savedSerial = s.undo.currentSerial
            s.status = .info("saved \(s.rules.count) rule\(s.rules.count == 1 ? "" : "s") to \(s.path)")
            if case .confirm = s.mode { s.mode = .table }
            if s.isQuitting { return [.discardRecovery, .quit] }
            return [.discardRecovery]
        case .saveConflict:
            s.mode = .confirm(.fileChangedOnDisk(quitAfterSave: s.isQuitting))
            s.isQuitting = false
            return []
        case .saveFailed(let message):
            s.status = .error("not saved: " + message)
            s.isQuitting = false
            if case .confirm = s.mode { s.mode = .table }
            return []
        case .reloaded(let set):
            let selectedID = s.selectedRule?.id
            perform(.replaceAll(old: s.rules, new: set.rules), &s)
            s.site = set.site
            s.savedSerial = s.undo.currentSerial
            s.mode = .table
            if let id = selectedID, let i = s.rules.firstIndex(where: { $0.id == id }) { select(rule: i, &s) }
            s.status = .info("reloaded \(s.path) from disk (u brings your version back)")
            return [.discardRecovery]
        case .themeLoaded(let theme):
            s.theme = theme
            s.status = .info("theme \(theme.name)")
            return []
        case .themeFailed(let message):
            s.status = .error(message)
            return []
        }
    }

    // MARK: - Events

    static func handle(_ event: TerminalEvent, _ s: inout AppState, now: Timestamp) -> [Effect] {
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
            default:
                s.status = .info("paste ignored: open a field (e to edit, / to filter) first")
            }
            return []
        case .mouse(let m):
            return mouse(m, &s)
        case .key(let key):
            s.completions = []
            switch s.mode {
            case .table: return tableKey(key, &s)
            case .filter: return filterKey(key, &s)
            case .command(let field): return commandKey(key, field, &s)
            case .form(let form): return formKey(key, form, &s, now: now)
            case .help(let scroll): return helpKey(key, scroll, &s)
            case .confirm(let c): return confirmKey(key, c, &s)
            }
        }
    }

    // MARK: - Table

    static func tableKey(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard let command = s.keymap.command(for: key, in: .table) else {
            if case .char(let c) = key { s.status = .info("'\(c)' does nothing here; ? shows the keys") }
            return []
        }
        return tableCommand(command, &s)
    }

    static func tableCommand(_ command: Command, _ s: inout AppState) -> [Effect] {
        let page = ScreenLayout(size: s.size).pageRows
        s.status = nil
        switch command {
        case .moveDown: moveCursor(to: s.cursor + 1, &s)
        case .moveUp: moveCursor(to: s.cursor - 1, &s)
        case .pageDown: moveCursor(to: s.cursor + page, &s)
        case .pageUp: moveCursor(to: s.cursor - page, &s)
        case .moveToTop: moveCursor(to: 0, &s)
        case .moveToBottom: moveCursor(to: s.visibleCount - 1, &s)
        case .editRule:
            guard let i = s.selectedIndex else { s.status = .info("no rule selected; a adds one"); return [] }
            s.mode = .form(FormState(purpose: .edit(index: i), rule: s.rules[i], idIsTaken: idChecker(s, except: i)))
        case .addRule:
            let at = (s.selectedIndex ?? (s.rules.count - 1)) + 1
            s.mode = .form(FormState(purpose: .add(at: at), rule: newRuleTemplate(s), idIsTaken: idChecker(s, except: nil)))
        case .duplicateRule:
            guard let i = s.selectedIndex else { return [] }
            var copy = s.rules[i]
            copy.id = uniqueID(base: copy.id + "-copy", s)
            perform(.insert(index: i + 1, rule: copy), &s)
        case .deleteRule:
            guard let i = s.selectedIndex else { return [] }
            perform(.remove(index: i, rule: s.rules[i]), &s)
            s.status = .info("deleted \(s.rules.isEmpty ? "the last rule" : "rule"); u undoes it")
        case .toggleEnabled:
            guard let i = s.selectedIndex else { return [] }
            var r = s.rules[i]
            r.enabled.toggle()
            perform(.replace(index: i, old: s.rules[i], new: r), &s)
        case .moveRuleDown:
            guard let i = s.selectedIndex else { return [] }
            guard i + 1 < s.rules.count else { s.status = .info("already the last rule"); return [] }
            perform(.swapWithNext(index: i), &s)
        case .moveRuleUp:
            guard let i = s.selectedIndex else { return [] }
            guard i > 0 else { s.status = .info("already the first rule"); return [] }
            perform(.swapWithNext(index: i - 1), &s)
            select(rule: i - 1, &s)
        case .undo:
            guard let edit = s.undo.popUndo() else { s.status = .info("nothing to undo"); return [] }
            applyHistory(edit, &s)
            s.status = .info("undid: " + edit.inverse.summary)
        case .redo:
            guard let edit = s.undo.popRedo() else { s.status = .info("nothing to redo"); return [] }
            applyHistory(edit, &s)
            s.status = .info("redid: " + edit.summary)
        case .save:
            return [.save(force: false)]
        case .startFilter:
            let keep = s.selectedIndex
            if s.filter == nil { s.filter = FilterState() }
            s.mode = .filter
            if let keep, s.filter?.isEmpty ?? true { select(rule: keep, &s) }
        case .nextMatch, .previousMatch:
            guard let f = s.filter, !f.isEmpty else { s.status = .info("no filter; / starts one"); return [] }
            guard s.visibleCount > 0 else { s.status = .info("no rule matches '\(f.query)'"); return [] }
            let delta = command == .nextMatch ? 1 : -1
            s.cursor = (s.cursor + delta + s.visibleCount) % s.visibleCount
            ensureVisible(&s)
            s.status = .info("match \(s.cursor + 1) of \(s.visibleCount)\(s.isFilterScanning ? "+" : "")")
        case .clearFilter:
            guard s.filter != nil else { return [] }
            let keep = s.selectedIndex
            s.filter = nil
            if let keep { select(rule: keep, &s) }
        case .openCommandLine:
            s.mode = .command(TextField())
        case .toggleHelp:
            s.mode = .help(scroll: 0)
        case .quit:
            if s.hasUnsavedChanges { s.mode = .confirm(.quitWithUnsavedEdits); return [] }
            s.isQuitting = true
            return [.discardRecovery, .quit]
        case .suspend:
            return [.suspend]
        default:
            break
        }
        return []
    }

    // MARK: - Filter

    static func filterKey(_ key: Key, _ s: inout AppState) -> [Effect] {
        if let command = s.keymap.command(for: key, in: .filter) {
            switch command {
            case .acceptFilter:
                if s.filter?.isEmpty ?? true { s.filter = nil }
                s.mode = .table
            case .cancelFilter:
                let keep = s.selectedIndex
                s.filter = nil
                s.mode = .table
                if let keep { select(rule: keep, &s) }
            default: break
            }
            return []
        }
        if let command = s.keymap.command(for: key, in: .textField) {
            let before = s.filter?.query
            s.filter?.field.apply(command)
            if s.filter?.query != before { restartFilter(&s) }
            return []
        }
        if case .char(let c) = key {
            s.filter?.field.insert(String(c))
            restartFilter(&s)
        }
        return []
    }

    static func restartFilter(_ s: inout AppState) {
        s.filter?.restart()
        s.cursor = 0
        s.scrollOffset = 0
        s.status = nil
    }

    // MARK: - Command line

    /// The `:` commands with their help, for completion, error messages and docs/keys.md.
    public static let commandLineHelp: [(usage: String, help: String)] = [
        ("w", "Save"),
        ("q", "Quit (asks when there are unsaved edits)"),
        ("q!", "Quit and discard unsaved edits"),
        ("wq", "Save, then quit"),
        ("x", "Save, then quit"),
        ("theme NAME", "Switch theme (tab completes the names)"),
        ("goto ID", "Select the rule with that id (tab completes ids)"),
    ]
    static let commandNames = commandLineHelp.map { String($0.usage.split(separator: " ")[0]) }

    static func commandKey(_ key: Key, _ field: TextField, _ s: inout AppState) -> [Effect] {
        var field = field
        if let command = s.keymap.command(for: key, in: .command) {
            switch command {
            case .cancelCommand:
                s.mode = .table
            case .completeCommand:
                let (text, candidates) = complete(field.text, s)
                field.setText(text)
                s.mode = .command(field)
                s.completions = candidates
            case .runCommand:
                s.mode = .table
                return run(field.text.trimmingCharacters(in: " "), &s)
            default: break
            }
            return []
        }
        if s.keymap.command(for: key, in: .textField).map({ field.apply($0) }) == true {
            s.mode = .command(field)
            return []
        }
        if case .char(let c) = key {
            field.insert(String(c))
            s.mode = .command(field)
        }
        return []
    }

    /// Completes a command line: the command name, then a theme name or a rule id. Returns the new
    /// text and, when several candidates remain, the candidates.
    static func complete(_ text: String, _ s: AppState) -> (String, [String]) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let (prefix, word, candidates): (String, String, [String])
        if parts.count < 2 {
            (prefix, word, candidates) = ("", text, commandNames)
        } else if parts[0] == "theme" {
            (prefix, word, candidates) = ("theme ", parts[1], s.themeNames)
        } else if parts[0] == "goto" {
            var ids: [String] = []
            for r in s.rules where r.id.hasPrefix(parts[1]) {
                ids.append(r.id)
                if ids.count > 50 { break }
            }
            (prefix, word, candidates) = ("goto ", parts[1], ids)
        } else {
            return (text, [])
        }
        let matching = candidates.filter { $0.hasPrefix(word) }
        guard let first = matching.first else { return (text, []) }
        if matching.count == 1 {
            let needsArgument = prefix.isEmpty && (first == "theme" || first == "goto")
            return (prefix + first + (needsArgument ? " " : ""), [])
        }
        var common = first
        for m in matching.dropFirst() { while !m.hasPrefix(common) { common.removeLast() } }
        return (prefix + common, Array(matching.prefix(20)))
    }

    static func run(_ line: String, _ s: inout AppState) -> [Effect] {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = parts.first else { return [] }
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: " ") : ""
        switch name {
        case "w":
            return [.save(force: false)]
        case "q":
            return tableCommand(.quit, &s)
        case "q!":
            s.isQuitting = true
            return [.discardRecovery, .quit]
        case "wq", "x":
            s.isQuitting = true
            return [.save(force: false)]
        case "theme":
            guard !argument.isEmpty else { s.status = .error("usage: :theme NAME (tab completes)"); return [] }
            return [.loadTheme(argument)]
        case "goto":
            guard !argument.isEmpty else { s.status = .error("usage: :goto ID (tab completes)"); return [] }
            guard let i = s.rules.firstIndex(where: { $0.id == argument }) else {
                s.status = .error("no rule with id '\(argument)'")
                return []
            }
            if let f = s.filter, !f.isEmpty, !f.matches(s.rules[i]) { s.filter = nil }
            select(rule: i, &s)
            s.status = .info("rule \(i + 1) of \(s.rules.count)")
        default:
            let hint = Suggestion.closest(to: name, in: commandNames).map { "; did you mean :\($0)?" } ?? ""
            s.status = .error("unknown command :\(name)\(hint) (commands: :w :q :q! :wq :theme NAME :goto ID)")
        }
        return []
    }

    // MARK: - Form

    static func formKey(_ key: Key, _ form: FormState, _ s: inout AppState, now: Timestamp) -> [Effect] {
        var form = form
        var formCommand = s.keymap.command(for: key, in: .form)
        if case .text = form.input(form.focus) {
            if formCommand == .nextChoice || formCommand == .previousChoice { formCommand = nil }
            if formCommand == nil || formCommand == .insertNow {
                if let c = s.keymap.command(for: key, in: .textField) ?? formCommand, form.apply(c, now: now) {
                    s.mode = .form(form)
                    return []
                }
                if case .char(let c) = key {
                    form.type(String(c))
                    s.mode = .form(form)
                    return []
                }
            }
        }
        guard let command = formCommand else { return [] }
        switch command {
        case .nextField: form.moveFocus(by: 1)
        case .previousField: form.moveFocus(by: -1)
        case .nextChoice, .previousChoice, .insertNow: _ = form.apply(command, now: now)
        case .applyForm:
            guard let rule = form.result else {
                let bad = form.firstInvalidField!
                form.focus = bad
                s.mode = .form(form)
                s.status = .error("\(bad.label): \(form.errors[bad]!)")
                return []
            }
            s.mode = .table
            switch form.purpose {
            case .edit(let i):
                if rule != s.rules[i] { perform(.replace(index: i, old: s.rules[i], new: rule), &s) }
                else { s.status = .info("no changes") }
            case .add(let at):
                perform(.insert(index: min(at, s.rules.count), rule: rule), &s)
            }
            return []
        case .cancelForm:
            if form.isModified { s.mode = .confirm(.discardForm(form)) } else { s.mode = .table }
            return []
        default: break
        }
        s.mode = .form(form)
        return []
    }

    /// A blank rule for `a`: a free id; source and target left for the user.
    static func newRuleTemplate(_ s: AppState) -> Rule {
        let root = try! Source.parse("/")
        return Rule(id: uniqueID(base: "rule-\(s.rules.count + 1)", s), source: root,
                    target: try! Target.parse("/", captureCount: 0, sourceIsPrefix: false), code: .found)
    }

    static func uniqueID(base: String, _ s: AppState) -> String {
        var id = base, n = 2
        while s.rules.contains(where: { $0.id == id }) { id = "\(base)-\(n)"; n += 1 }
        return id
    }

    /// Answers "does another rule already use this id?" for the form, without building an index of
    /// every id (10⁶ rules) when the form opens.
    static func idChecker(_ s: AppState, except index: Int?) -> @Sendable (String) -> Bool {
        let rules = s.rules
        return { id in
            for (i, r) in rules.enumerated() where r.id == id && i != index { return true }
            return false
        }
    }

    // MARK: - Help and dialogs

    static func helpKey(_ key: Key, _ scroll: Int, _ s: inout AppState) -> [Effect] {
        switch s.keymap.command(for: key, in: .help) {
        case .closeHelp: s.mode = .table
        case .scrollHelpDown: s.mode = .help(scroll: scroll + (key == .pageDown ? 10 : 1))
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
            return [.save(force: false)]
        case (.quitWithUnsavedEdits, .confirmDiscard):
            s.isQuitting = true
            return [.discardRecovery, .quit]
        case (.fileChangedOnDisk(let quit), .confirmOverwrite):
            s.isQuitting = quit
            return [.save(force: true)]
        case (.fileChangedOnDisk, .confirmReload):
            return [.reload]
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

    // MARK: - Mouse

    static func mouse(_ m: MouseEvent, _ s: inout AppState) -> [Effect] {
        let layout = ScreenLayout(size: s.size)
        switch s.mode {
        case .help(let scroll):
            if m.kind == .wheelDown { s.mode = .help(scroll: scroll + 3) }
            if m.kind == .wheelUp { s.mode = .help(scroll: max(0, scroll - 3)) }
            return []
        case .form(var form):
            if m.kind == .click || m.kind == .doubleClick,
               let field = FormLayout(area: layout.formArea).field(atY: m.y) {
                form.focus = field
                s.mode = .form(form)
            }
            return []
        case .table:
            break
        default:
            return []
        }
        switch m.kind {
        case .wheelDown:
            s.scrollOffset = min(max(0, s.visibleCount - layout.pageRows), s.scrollOffset + 3)
            s.cursor = max(s.cursor, s.scrollOffset)
        case .wheelUp:
            s.scrollOffset = max(0, s.scrollOffset - 3)
            s.cursor = min(s.cursor, s.scrollOffset + layout.pageRows - 1)
        case .click, .doubleClick:
            guard layout.tableBody.contains(x: m.x, y: m.y) else { return [] }
            let row = s.scrollOffset + (m.y - layout.tableBody.y)
            guard row < s.visibleCount else { return [] }
            s.cursor = row
            if m.kind == .doubleClick { return tableCommand(.editRule, &s) }
        }
        return []
    }

    // MARK: - Edits and selection

    /// Applies a new edit and records it for undo.
    static func perform(_ edit: RuleEdit, _ s: inout AppState) {
        edit.apply(to: &s.rules)
        s.undo.record(edit)
        s.filter?.adjust(for: edit, rules: s.rules)
        select(rule: edit.focusIndex, &s)
        s.status = .info(edit.summary)
    }

    /// Applies an undo or redo step (already moved on the stack).
    static func applyHistory(_ edit: RuleEdit, _ s: inout AppState) {
        edit.apply(to: &s.rules)
        s.filter?.adjust(for: edit, rules: s.rules)
        select(rule: edit.focusIndex, &s)
    }

    static func select(rule index: Int, _ s: inout AppState) {
        s.cursor = s.row(ofRule: min(index, max(0, s.rules.count - 1)))
        clampCursor(&s)
    }

    static func moveCursor(to row: Int, _ s: inout AppState) {
        s.cursor = row
        clampCursor(&s)
    }

    static func clampCursor(_ s: inout AppState) {
        s.cursor = max(0, min(s.cursor, s.visibleCount - 1))
        ensureVisible(&s)
    }

    static func ensureVisible(_ s: inout AppState) {
        let page = ScreenLayout(size: s.size).pageRows
        if s.cursor < s.scrollOffset { s.scrollOffset = s.cursor }
        if s.cursor >= s.scrollOffset + page { s.scrollOffset = s.cursor - page + 1 }
        s.scrollOffset = max(0, min(s.scrollOffset, max(0, s.visibleCount - page)))
    }
}
