import DetourCore

// The changes panel (`c`): the unsaved document against the file on disk, by behaviour.
extension Editor {
    static func openChanges(_ s: inout AppState) -> [Effect] {
        guard s.document != nil else {
            s.status = .info("these rules come from no file: there is nothing on disk to compare with")
            return []
        }
        let job = s.nextJobID
        s.nextJobID += 1
        s.mode = .changes(ChangesPanelState(job: job, revision: s.revision))
        s.status = .info("comparing with \(s.path) on disk…")
        return [.diffAgainstDisk(job: job)]
    }

    /// Rows of the changes list one screen shows (two lines per region).
    static func changesPageSize(_ s: AppState) -> Int {
        max(1, ChangesPanelLayout(area: ScreenLayout(size: s.size).formArea).list.height / 2)
    }

    static func changesKey(_ key: Key, _ panel: ChangesPanelState, _ s: inout AppState) -> [Effect] {
        guard let command = s.keymap.command(for: key, in: .changes) else { return [] }
        var panel = panel
        s.status = nil
        switch command {
        case .moveDown: panel.selected += 1
        case .moveUp: panel.selected -= 1
        case .pageDown: panel.selected += changesPageSize(s)
        case .pageUp: panel.selected -= changesPageSize(s)
        case .moveToTop: panel.selected = 0
        case .moveToBottom: panel.selected = panel.regions.count - 1
        case .refreshChanges:
            return openChanges(&s)
        case .jumpToRule:
            let regions = panel.regions
            guard panel.selected < regions.count, let id = (regions[panel.selected].after ?? regions[panel.selected].before)?.id else { return [] }
            guard let i = s.rules.firstIndex(where: { $0.id == id }) else {
                s.status = .info("rule \(id) is only in the file on disk (removed by your edits)")
                break
            }
            s.mode = .table
            if let f = s.filter, !f.isEmpty, !f.matches.contains(i) { s.filter = nil }
            select(rule: i, &s)
            return []
        case .closePanel:
            s.mode = .table
            s.status = nil
            return [.cancelJob(panel.job)]
        default:
            return []
        }
        s.mode = .changes(clamped(panel, s))
        return []
    }

    static func clamped(_ panel: ChangesPanelState, _ s: AppState) -> ChangesPanelState {
        var panel = panel
        let count = panel.regions.count
        panel.selected = max(0, min(panel.selected, count - 1))
        let page = changesPageSize(s)
        if panel.selected < panel.scroll { panel.scroll = panel.selected }
        if panel.selected >= panel.scroll + page { panel.scroll = panel.selected - page + 1 }
        panel.scroll = max(0, min(panel.scroll, max(0, count - page)))
        return panel
    }

    /// The background diff's answer; dropped when the panel was closed or asked again meanwhile.
    static func changesResult(_ action: Action, _ s: inout AppState) -> [Effect] {
        guard case .changes(var panel) = s.mode else { return [] }
        switch action {
        case .changesComputed(let job, let report):
            guard job == panel.job else { return [] }
            panel.report = report
            let n = report.regions.count
            s.status =
                n == 0
                ? .info(DiffReportRendering.noChange + " against the file on disk")
                : .info("\(n) region\(n == 1 ? "" : "s") of requests answered differently from the file on disk")
        case .changesFailed(let job, let message):
            guard job == panel.job else { return [] }
            panel.error = message
            s.status = .error(message)
        default:
            return []
        }
        s.mode = .changes(clamped(panel, s))
        return []
    }
}
