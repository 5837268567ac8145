import DetourCore

// The suggestions pane (`--beside`): moving, accepting, skipping, editing before accepting, and
// the background assessment that says what each suggestion would do.
extension Editor {
    /// Rows of the suggestions list one screen shows (two lines per suggestion).
    static func besidePageSize(_ s: AppState) -> Int {
        max(1, SuggestionsPaneLayout(area: ScreenLayout(state: s).suggestions).list.height / 2)
    }

    static func besideKey(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard let command = s.keymap.command(for: key, in: .suggestions), var pane = s.beside else {
            if case .char(let c) = key { s.status = .info("'\(c)' does nothing in the suggestions pane; ? shows the keys") }
            return []
        }
        s.status = nil
        switch command {
        case .moveDown: pane.selected += 1
        case .moveUp: pane.selected -= 1
        case .pageDown: pane.selected += besidePageSize(s)
        case .pageUp: pane.selected -= besidePageSize(s)
        case .moveToTop: pane.selected = 0
        case .moveToBottom: pane.selected = pane.items.count - 1
        case .switchPane:
            return switchPane(&s)
        case .skipSuggestion:
            s.status = .info(skip(&pane, s))
        case .acceptSuggestion:
            return acceptSelected(&s)
        case .acceptSafeSuggestions:
            return acceptSafe(&s)
        case .editSuggestion:
            return editSelected(&s)
        default:
            // Undo, save, help, quit and the command line act as in the rule table.
            return tableCommand(command, &s)
        }
        s.beside = clamped(pane, s)
        return []
    }

    /// Tab: the keys go to the other pane (when only one fits, that one is shown).
    static func switchPane(_ s: inout AppState) -> [Effect] {
        guard s.beside != nil else {
            s.status = .info("no suggestions open: detour edit FILE --beside SUGGESTIONS.yaml opens them beside the rules")
            return []
        }
        if case .suggestions = s.mode {
            s.beside?.focus = .rules
            s.mode = .table
        } else {
            s.beside?.focus = .suggestions
            s.mode = .suggestions
        }
        s.status = nil
        return []
    }

    /// Skips the selected suggestion, or brings a skipped one back; returns what the status says.
    static func skip(_ pane: inout BesideState, _ s: AppState) -> String {
        let i = pane.selected
        guard i < pane.items.count else { return "no suggestion selected" }
        let id = pane.items[i].rule.id
        switch pane.status(of: i, undo: s.undo) {
        case .skipped:
            pane.skipped.remove(i)
            return "\(id) is pending again"
        case .pending:
            pane.skipped.insert(i)
            pane.selected = nextPending(after: i, pane, s) ?? i
            return "skipped \(id) (s on it brings it back); the suggestions file is not changed"
        case .accepted, .inFile:
            return "\(id) is already in the file; u undoes an accept"
        }
    }

    /// The next pending suggestion after `i` (wrapping), if any.
    static func nextPending(after i: Int, _ pane: BesideState, _ s: AppState) -> Int? {
        let n = pane.items.count
        for k in 1...max(1, n) where pane.status(of: (i + k) % n, undo: s.undo) == .pending { return (i + k) % n }
        return nil
    }

    /// Where accepting item `i` inserts it now: before the rule its assessment names (found by
    /// id, as edits may have moved it), else at the end.
    static func insertionIndex(of i: Int, _ pane: BesideState, _ s: AppState) -> Int {
        guard let before = pane.impacts[i]?.before, let at = s.rules.firstIndex(where: { $0.id == before }) else { return s.rules.count }
        return at
    }

    static func acceptSelected(_ s: inout AppState) -> [Effect] {
        guard let pane = s.beside, pane.selected < pane.items.count else { return [] }
        let i = pane.selected
        switch pane.status(of: i, undo: s.undo) {
        case .accepted, .inFile:
            s.status = .info("already in the file")
            return []
        case .pending, .skipped:
            break
        }
        var rule = pane.items[i].rule
        if let problem = rule.problems.first {
            // A hand-edited suggestion that does not parse goes through the form, where it can be fixed.
            s.status = .error("\(rule.id) does not parse (\(problem.message)); e opens it in the form to fix it first")
            return []
        }
        rule.id = uniqueID(base: rule.id, s)
        accept(rule, item: i, at: insertionIndex(of: i, pane, s), &s)
        return []
    }

    /// Inserts `rule` for item `i` as one undoable edit and moves on to the next pending one.
    static func accept(_ rule: Rule, item i: Int, at index: Int, _ s: inout AppState) {
        let known = s.beside?.impacts[i] != nil
        perform(.insert(index: index, rule: rule), &s)
        guard var pane = s.beside else { return }
        pane.accepted[i] = s.undo.currentSerial
        pane.skipped.remove(i)
        pane.selected = nextPending(after: i, pane, s) ?? i
        s.beside = clamped(pane, s)
        let place = index < s.rules.count - 1 ? "before rule \(s.rules[index + 1].id)" : "at the end"
        s.status = .info("accepted \(rule.id) as rule \(index + 1), \(place)\(known ? "" : " (not assessed yet)") — unsaved; u undoes it")
    }

    /// `A`: every pending suggestion whose assessment for the rules as they are is safe, as one edit.
    static func acceptSafe(_ s: inout AppState) -> [Effect] {
        guard var pane = s.beside else { return [] }
        let pending = pane.items.indices.filter { pane.status(of: $0, undo: s.undo) == .pending }
        guard !pending.isEmpty else {
            s.status = .info("no pending suggestion left")
            return []
        }
        if pending.contains(where: { pane.currentImpact(of: $0, revision: s.revision) == nil }) {
            s.status = .info("still checking the suggestions against the rules as they are now; A again in a moment")
            return []
        }
        let safe = pending.filter { pane.currentImpact(of: $0, revision: s.revision)!.isSafe }
        guard !safe.isEmpty else {
            s.status = .info("no pending suggestion is safe to accept unseen: review them one by one (a accepts, e edits)")
            return []
        }
        // Safe ones go at the end (nothing shadows them), in the order of the suggestions file.
        var rules = s.rules
        var taken = Set(rules.map(\.id))
        for i in safe {
            var rule = pane.items[i].rule
            var id = rule.id
            var n = 2
            while taken.contains(id) {
                id = "\(rule.id)-\(n)"
                n += 1
            }
            rule.id = id
            taken.insert(id)
            rules.append(rule)
        }
        let first = s.rules.count
        perform(.replaceAll(old: s.rules, new: rules), &s)
        for i in safe { pane.accepted[i] = s.undo.currentSerial }
        pane.selected = nextPending(after: pane.selected, pane, s) ?? pane.selected
        s.beside = clamped(pane, s)
        select(rule: first, &s)
        let left = pending.count - safe.count
        s.status = .info(
            "accepted \(safe.count) safe suggestion\(safe.count == 1 ? "" : "s") at the end (one edit, unsaved; u undoes it)"
                + (left > 0 ? "; \(left) left to review" : ""))
        return []
    }

    /// `e`: the suggestion in the rule form; applying it accepts the edited rule.
    static func editSelected(_ s: inout AppState) -> [Effect] {
        guard let pane = s.beside, pane.selected < pane.items.count else { return [] }
        let i = pane.selected
        if [.accepted, .inFile].contains(pane.status(of: i, undo: s.undo)) {
            s.status = .info("already in the file: tab to the rules and e edits it there")
            return []
        }
        var rule = pane.items[i].rule
        rule.id = uniqueID(base: rule.id, s)
        s.mode = .form(
            FormState(purpose: .accept(at: insertionIndex(of: i, pane, s), suggestion: i), rule: rule, idIsTaken: idChecker(s, except: nil)))
        return []
    }

    /// A click in the suggestions pane selects the row (and gives the pane the keys); the wheel
    /// moves the selection; a double click accepts. Only from the table or the pane itself.
    static func besideMouse(_ m: MouseEvent, _ area: Rect, _ s: inout AppState) -> [Effect] {
        switch s.mode {
        case .table, .suggestions: break
        default: return []
        }
        guard var pane = s.beside else { return [] }
        let list = SuggestionsPaneLayout(area: area).list
        switch m.kind {
        case .wheelDown: pane.selected += 3
        case .wheelUp: pane.selected -= 3
        case .click, .doubleClick:
            pane.focus = .suggestions
            s.mode = .suggestions
            guard list.contains(x: m.x, y: m.y) else { break }
            pane.selected = pane.scroll + (m.y - list.y) / 2
        }
        s.beside = clamped(pane, s)
        return m.kind == .doubleClick ? acceptSelected(&s) : []
    }

    static func clamped(_ pane: BesideState, _ s: AppState) -> BesideState {
        var pane = pane
        let count = pane.items.count
        pane.selected = max(0, min(pane.selected, count - 1))
        let page = besidePageSize(s)
        if pane.selected < pane.scroll { pane.scroll = pane.selected }
        if pane.selected >= pane.scroll + page { pane.scroll = pane.selected - page + 1 }
        pane.scroll = max(0, min(pane.scroll, max(0, count - page)))
        return pane
    }

    /// After every action: keep the keys in the suggestions pane when it had them (a dialog or
    /// panel opened from it returns there), and assess the suggestions again when the rules
    /// changed since the last assessment.
    static func besideFollowUp(_ s: inout AppState) -> [Effect] {
        guard var pane = s.beside else { return [] }
        if case .table = s.mode, pane.focus == .suggestions { s.mode = .suggestions }
        if let running = pane.assessing {
            guard running.revision != s.revision else { return [] }
            // The rules moved on: the running job's answers are stale.
            pane.assessing = nil
            s.beside = pane
            return [.cancelJob(running.job)] + besideFollowUp(&s)
        }
        guard pane.assessedRevision != s.revision else { return [] }
        let items = pane.itemsToAssess(undo: s.undo)
        let job = s.nextJobID
        s.nextJobID += 1
        pane.assessing = (job, s.revision)
        s.beside = pane
        return [.assessSuggestions(job: job, revision: s.revision, items: items)]
    }

    static func besideResult(_ action: Action, _ s: inout AppState) -> [Effect] {
        guard var pane = s.beside else { return [] }
        switch action {
        case .suggestionAssessed(let job, let revision, let item, let impact):
            guard pane.assessing?.job == job, item < pane.items.count else { return [] }
            pane.impacts[item] = impact
            pane.impactRevisions[item] = revision
        case .suggestionsAssessed(let job, let revision):
            guard pane.assessing?.job == job else { return [] }
            pane.assessing = nil
            pane.assessedRevision = revision
        default:
            return []
        }
        s.beside = pane
        return []
    }
}
