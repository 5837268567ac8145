import DetourCore

// The export dialog (`x`): pick a target, read the verdicts and the preview, write the files
// (asking before overwriting), run `verify`. Every job runs in the background; Esc cancels.
extension Editor {
    static func openExport(_ s: inout AppState) -> [Effect] {
        var dialog = s.exportDialog ?? ExportDialogState.initial(path: s.path, site: s.site)
        dialog.overwriteQuestion = nil
        dialog.findingsOverride = false
        dialog.focus = .preview
        var effects = startExportPreview(&dialog, &s)
        if dialog.summaryRevision != s.revision {
            // Queued after the preview, on a queue of its own: the list fills in when it is ready.
            if let old = dialog.summaryJob { effects.append(.cancelJob(old)) }
            let id = newJob(&s)
            dialog.summaryJob = id
            dialog.summaryRevision = s.revision
            dialog.targetSummaries = nil
            s.mode = .export(dialog)
            effects.append(.summarizeExports(job: id))
        }
        return effects
    }

    static func newJob(_ s: inout AppState) -> Int {
        defer { s.nextJobID += 1 }
        return s.nextJobID
    }

    static func startExportPreview(_ dialog: inout ExportDialogState, _ s: inout AppState) -> [Effect] {
        let id = newJob(&s)
        dialog.running = RunningJob(id: id, kind: .export)
        dialog.preview = nil
        dialog.fileIndex = 0
        dialog.scroll = 0
        dialog.verifyReport = []
        s.mode = .export(dialog)
        s.status = .info("exporting to \(dialog.serverKind.name)…")
        return [.exportPreview(job: id, server: dialog.serverKind, directory: dialog.directory.text)]
    }

    static func exportKey(_ key: Key, _ dialog: ExportDialogState, _ s: inout AppState) -> [Effect] {
        var dialog = dialog
        if dialog.focus == .directory {
            let command = s.keymap.command(for: key, in: .exportDirectory)
            if command == nil {
                if let c = s.keymap.command(for: key, in: .textField), dialog.directory.apply(c) {
                } else if case .char(let c) = key {
                    dialog.directory.insert(String(c))
                }
                s.mode = .export(dialog)
                s.exportDialog = dialog
                return []
            }
            dialog.focus = .preview
            s.exportDialog = dialog
            if command == .writeExport { return askToWrite(dialog, &s) }
            s.mode = .export(dialog)
            return []
        }
        guard let command = s.keymap.command(for: key, in: .export) else { return [] }
        // While asking to overwrite, only the answer counts.
        if dialog.overwriteQuestion != nil, command != .confirmOverwrite, command != .cancelJob { return [] }
        let lines = previewLines(dialog).count
        let page = max(1, ExportDialogLayout(area: ScreenLayout(size: s.size).formArea).preview.height)
        var effects: [Effect] = []
        switch command {
        case .cancelJob:
            if dialog.overwriteQuestion != nil {
                dialog.overwriteQuestion = nil
                s.status = .info("nothing written")
            } else if let job = dialog.running {
                dialog.running = nil
                s.status = .info(job.kind == .verify ? "verify cancelled (the server it started stops by itself)" : "cancelled")
                effects = [.cancelJob(job.id)]
            } else {
                s.exportDialog = dialog
                s.mode = .table
                return []
            }
        case .nextTarget, .previousTarget:
            let count = ServerKind.allCases.count
            let oldDefault = ExportDialogState.defaultDirectory(path: s.path, server: dialog.serverKind)
            dialog.server = wrap(dialog.server + (command == .nextTarget ? 1 : -1), count)
            // Follow the target in the directory name unless the user typed their own.
            if dialog.directory.text == oldDefault {
                dialog.directory.setText(ExportDialogState.defaultDirectory(path: s.path, server: dialog.serverKind))
            }
            if let job = dialog.running { effects.append(.cancelJob(job.id)) }
            s.exportDialog = dialog
            return effects + startExportPreview(&dialog, &s)
        case .moveDown: dialog.scroll = min(dialog.scroll + 1, max(0, lines - page))
        case .moveUp: dialog.scroll = max(0, dialog.scroll - 1)
        case .pageDown: dialog.scroll = min(dialog.scroll + page, max(0, lines - page))
        case .pageUp: dialog.scroll = max(0, dialog.scroll - page)
        case .nextFile:
            let files = dialog.preview?.output.files.count ?? 0
            guard files > 1 else {
                s.status = .info("the export is one file")
                break
            }
            dialog.fileIndex = (dialog.fileIndex + 1) % files
            dialog.scroll = 0
        case .editDirectory:
            dialog.focus = .directory
        case .writeExport:
            s.exportDialog = dialog
            return askToWrite(dialog, &s)
        case .confirmOverwrite:
            guard dialog.overwriteQuestion != nil else { break }
            dialog.overwriteQuestion = nil
            let id = newJob(&s)
            dialog.running = RunningJob(id: id, kind: .write)
            effects = [.writeExport(job: id, server: dialog.serverKind, directory: dialog.directory.text)]
        case .verifyExport:
            guard dialog.running == nil else {
                s.status = .info("wait for the running job, or esc cancels it")
                break
            }
            let id = newJob(&s)
            dialog.running = RunningJob(id: id, kind: .verify)
            dialog.verifyReport = []
            s.status = .info("verifying against \(dialog.serverKind.name)… (esc cancels)")
            effects = [.verifyExport(job: id, server: dialog.serverKind)]
        default: break
        }
        s.mode = .export(dialog)
        s.exportDialog = dialog
        return effects
    }

    /// `w`: first find out which files exist, so overwriting is always a question.
    static func askToWrite(_ dialog: ExportDialogState, _ s: inout AppState) -> [Effect] {
        var dialog = dialog
        guard let preview = dialog.preview, dialog.running == nil else {
            s.mode = .export(dialog)
            s.status = .info("wait for the preview, then w writes it")
            return []
        }
        // Like `detour export`, rules with error findings are not written without a second thought.
        guard s.findingsAreCurrent || s.validatingRevision == nil else {
            s.mode = .export(dialog)
            s.status = .info("the rules are being checked; w writes once the findings are in")
            return []
        }
        let errors = s.findingsAreCurrent ? s.findingsIndex?.summary.errors ?? 0 : 0
        if errors > 0 && !dialog.findingsOverride {
            dialog.findingsOverride = true
            s.mode = .export(dialog)
            s.exportDialog = dialog
            s.status = .error(
                "not written: \(errors) error finding\(errors == 1 ? "" : "s") (! lists them) — w again writes anyway")
            return []
        }
        let directory = dialog.directory.text.trimmedOfSpaces()
        guard !directory.isEmpty else {
            dialog.focus = .directory
            s.mode = .export(dialog)
            s.status = .error("type the directory to write to")
            return []
        }
        let id = newJob(&s)
        dialog.running = RunningJob(id: id, kind: .write)
        s.mode = .export(dialog)
        return [.checkExportTarget(job: id, directory: directory, names: preview.output.files.map(\.name))]
    }

    /// The lines of the file being previewed.
    static func previewLines(_ dialog: ExportDialogState) -> [Substring] {
        guard let files = dialog.preview?.fileLines, dialog.fileIndex < files.count else { return [] }
        return files[dialog.fileIndex]
    }

    static func exportResult(_ action: Action, _ s: inout AppState) -> [Effect] {
        let jobID: Int
        switch action {
        case .exportPreviewed(let id, _), .exportFailed(let id, _), .exportTargetChecked(let id, _),
            .exportWritten(let id, _, _), .verifyProgress(let id, _, _), .verifyFinished(let id, _, _), .exportSummarized(let id, _):
            jobID = id
        default: return []
        }
        var inDialog = false
        var kept = s.exportDialog
        if case .export(let open) = s.mode {
            kept = open
            inDialog = true
        }
        guard var dialog = kept else { return [] }
        if case .exportSummarized(let id, let summaries) = action {
            guard dialog.summaryJob == id else { return [] }
            dialog.summaryJob = nil
            dialog.targetSummaries = summaries
            s.exportDialog = dialog
            if inDialog { s.mode = .export(dialog) }
            return []
        }
        guard dialog.running?.id == jobID else { return [] }
        var effects: [Effect] = []
        switch action {
        case .exportPreviewed(_, let preview):
            dialog.running = nil
            dialog.preview = preview
            var text =
                "\(dialog.serverKind.name): \(preview.output.exportedRuleCount) rule\(preview.output.exportedRuleCount == 1 ? "" : "s") exported"
            if preview.refusedCount > 0 { text += ", \(preview.refusedCount) refused" }
            if preview.workaroundCount > 0 { text += ", \(preview.workaroundCount) with a workaround" }
            s.status = .info(text + "; w writes, v verifies")
        case .exportFailed(_, let message):
            dialog.running = nil
            s.status = .error(message)
        case .exportTargetChecked(_, let existing):
            if existing.isEmpty {
                effects = [.writeExport(job: jobID, server: dialog.serverKind, directory: dialog.directory.text.trimmedOfSpaces())]
            } else {
                dialog.running = nil
                dialog.overwriteQuestion = existing
                s.status = .info(
                    "overwrite \(existing.count) file\(existing.count == 1 ? "" : "s") in \(dialog.directory.text)? o overwrites, esc keeps them")
            }
        case .exportWritten(_, let directory, let files):
            dialog.running = nil
            s.status = .info("wrote \(files) file\(files == 1 ? "" : "s") to \(directory)")
        case .verifyProgress(_, let sent, let total):
            dialog.verifyProgress = (sent, total)
        case .verifyFinished(_, let lines, let agreed):
            dialog.running = nil
            dialog.verifyProgress = nil
            dialog.verifyReport = lines
            let last = lines.last { !$0.isEmpty } ?? "verify finished"
            s.status = agreed ? .info(last) : .error(last)
        default: break
        }
        s.exportDialog = dialog
        if inDialog { s.mode = .export(dialog) }
        return effects
    }
}
