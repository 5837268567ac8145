import DetourCore

// The file behind the rules: saving, reloading, the recovery file and noticing a change on disk.
// Update only decides; the runtime does the I/O and answers with the actions handled here.
extension Editor {
    /// Asks for a save of the rules as they are now; one save at a time.
    static func startSave(force: Bool, _ s: inout AppState) -> [Effect] {
        guard !s.isSaving else {
            s.status = .info("already saving…")
            return []
        }
        guard !s.isReloading else {
            s.status = .info("reloading \(s.path)…; save again when it is done")
            s.isQuitting = false
            return []
        }
        s.isSaving = true
        s.status = .info("saving \(s.path)…")
        return [.save(force: force, serial: s.undo.currentSerial)]
    }

    /// Asks for the file to be read again; edits go on meanwhile and the reload replaces them
    /// as one undoable step.
    static func startReload(_ s: inout AppState) -> [Effect] {
        s.mode = .table
        s.isReloading = true
        s.status = .info("reloading \(s.path)…")
        return [.reload]
    }

    static func documentResult(_ action: Action, _ s: inout AppState) -> [Effect] {
        switch action {
        case .saved(let serial, let document):
            s.isSaving = false
            s.savedSerial = serial
            s.document = document
            s.disk.hasChangedOnDisk = false
            s.recovery.writtenSerial = 0
            s.status = .info("saved \(s.rules.count) rule\(s.rules.count == 1 ? "" : "s") to \(s.path)")
            if case .confirm = s.mode { s.mode = .table }
            if s.isQuitting { return [.discardRecovery, .quit] }
            return [.discardRecovery]
        case .saveConflict:
            s.isSaving = false
            s.mode = .confirm(.fileChangedOnDisk(quitAfterSave: s.isQuitting))
            s.isQuitting = false
            return []
        case .saveFailed(let message):
            s.isSaving = false
            s.status = .error("not saved: " + message)
            s.isQuitting = false
            if case .confirm = s.mode { s.mode = .table }
            return []
        case .reloaded(let document):
            s.isReloading = false
            let selectedID = s.selectedRule?.id
            perform(.replaceAll(old: s.rules, new: document.ruleSet.rules), &s)
            s.site = document.ruleSet.site
            s.document = document
            s.disk.hasChangedOnDisk = false
            s.recovery.writtenSerial = 0
            s.savedSerial = s.undo.currentSerial
            s.mode = .table
            if let id = selectedID, let i = s.rules.firstIndex(where: { $0.id == id }) { select(rule: i, &s) }
            s.status = .info("reloaded \(s.path) from disk (u brings your version back)")
            return [.discardRecovery]
        case .reloadFailed(let message):
            s.isReloading = false
            s.status = .error("not saved: cannot reload: " + message)
            if case .confirm = s.mode { s.mode = .table }
            return []
        case .tick(let now):
            return recoveryEffects(now: now, &s) + diskCheckEffects(now: now, &s)
        case .recoveryWritten:
            s.recovery.isWriting = false
            return []
        case .diskChecked(let expected, let changed):
            s.disk.isChecking = false
            // Saved or reloaded since the check began: it compared against an old stamp.
            guard expected == s.document?.stamp else { return [] }
            if changed && !s.disk.hasChangedOnDisk {
                s.status = .info("\(s.path) changed on disk; saving asks whether to overwrite or reload")
            }
            s.disk.hasChangedOnDisk = changed
            return []
        default:
            return []
        }
    }

    /// Writes the unsaved edits at most about a second after they happen, one write at a time,
    /// and removes the recovery file once nothing is unsaved.
    static func recoveryEffects(now: Double, _ s: inout AppState) -> [Effect] {
        guard !s.recovery.isWriting else { return [] }
        guard s.hasUnsavedChanges else {
            guard s.recovery.writtenSerial != 0 else { return [] }
            s.recovery.writtenSerial = 0
            return [.discardRecovery]
        }
        let serial = s.undo.currentSerial
        guard serial != s.recovery.writtenSerial,
            now - s.recovery.lastWrite >= RecoverySchedule.maximumStaleness * 0.5
        else { return [] }
        s.recovery.isWriting = true
        s.recovery.writtenSerial = serial
        s.recovery.lastWrite = now
        return [.writeRecovery(serial: serial)]
    }

    /// Looks at the file on disk about once a second, but not while a save or reload is changing
    /// the document's stamp.
    static func diskCheckEffects(now: Double, _ s: inout AppState) -> [Effect] {
        guard let document = s.document, !s.disk.isChecking, !s.isSaving, !s.isReloading,
            now - s.disk.lastCheck >= DiskWatch.interval
        else { return [] }
        s.disk.isChecking = true
        s.disk.lastCheck = now
        return [.checkDisk(expected: document.stamp)]
    }
}
