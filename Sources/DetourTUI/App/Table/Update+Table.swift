import DetourCore

// The rule table: movement, edits, undo and redo, save, filter start, quit.
extension Editor {
    static func tableKey(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard let command = s.keymap.command(for: key, in: .table) else {
            if case .char(let c) = key { s.status = .info("'\(c)' does nothing here; ? shows the keys") }
            return []
        }
        return tableCommand(command, &s)
    }

    static func tableCommand(_ command: Command, _ s: inout AppState) -> [Effect] {
        let page = ScreenLayout(state: s).pageRows
        s.status = nil
        switch command {
        case .moveDown: moveCursor(to: s.cursor + 1, &s)
        case .moveUp: moveCursor(to: s.cursor - 1, &s)
        case .pageDown: moveCursor(to: s.cursor + page, &s)
        case .pageUp: moveCursor(to: s.cursor - page, &s)
        case .moveToTop: moveCursor(to: 0, &s)
        case .moveToBottom: moveCursor(to: s.visibleCount - 1, &s)
        case .editRule:
            guard let i = s.selectedIndex else {
                s.status = .info("no rule selected; a adds one")
                return []
            }
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
            guard i + 1 < s.rules.count else {
                s.status = .info("already the last rule")
                return []
            }
            perform(.swapWithNext(index: i), &s)
        case .moveRuleUp:
            guard let i = s.selectedIndex else { return [] }
            guard i > 0 else {
                s.status = .info("already the first rule")
                return []
            }
            perform(.swapWithNext(index: i - 1), &s)
            select(rule: i - 1, &s)
        case .undo:
            // At the saved state, an undo steps to edits the file on disk no longer has: say so.
            let pastSave = !s.hasUnsavedChanges
            guard let edit = s.undo.popUndo() else {
                s.status = .info("nothing to undo")
                return []
            }
            applyHistory(edit, &s)
            s.status = .info((pastSave ? "undo: before the last save — " : "") + "undid: " + edit.inverse.summary)
        case .redo:
            guard let edit = s.undo.popRedo() else {
                s.status = .info("nothing to redo")
                return []
            }
            applyHistory(edit, &s)
            s.status = .info("redid: " + edit.summary)
        case .save:
            return startSave(force: false, &s)
        case .startFilter:
            let keep = s.selectedIndex
            if s.filter == nil { s.filter = FilterState() }
            s.mode = .filter
            if let keep, s.filter?.isEmpty ?? true { select(rule: keep, &s) }
        case .nextMatch, .previousMatch:
            guard let f = s.filter, !f.isEmpty else {
                s.status = .info("no filter; / starts one")
                return []
            }
            guard s.visibleCount > 0 else {
                s.status = .info("no rule matches '\(f.query)'")
                return []
            }
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
        case .openFindings:
            return openFindings(&s)
        case .openSimulator:
            openSimulator(&s)
        case .openExport:
            return openExport(&s)
        case .openChanges:
            return openChanges(&s)
        case .switchPane:
            return switchPane(&s)
        case .quit:
            if s.hasUnsavedChanges {
                s.mode = .confirm(.quitWithUnsavedEdits)
                return []
            }
            s.isQuitting = true
            return [.discardRecovery, .quit]
        case .suspend:
            return [.suspend]
        default:
            break
        }
        return []
    }
}
