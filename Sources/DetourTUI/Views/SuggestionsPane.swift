import DetourCore

/// Where the suggestions pane puts its list and the selected suggestion's detail.
struct SuggestionsPaneLayout {
    let area: Rect

    var inner: Rect { area.inset(1) }
    /// Detail lines under the list: as many as fit while the list keeps two suggestions.
    var detailLines: Int { max(0, min(9, inner.height - 5)) }
    var list: Rect {
        Rect(x: inner.x, y: inner.y, width: max(0, inner.width), height: max(0, inner.height - (detailLines > 0 ? detailLines + 1 : 0)))
    }
    var separatorY: Int { list.maxY }
    var detail: Rect { Rect(x: inner.x, y: separatorY + 1, width: max(0, inner.width), height: detailLines) }
}

/// The `--beside` pane: each suggestion with its status, confidence, code, source → target and
/// hits, and under it what accepting it would do; the selected one's reason, place, findings and
/// first changed request below.
struct SuggestionsPane {
    let state: AppState
    let pane: BesideState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        guard area.width >= 10, area.height >= 3 else { return }
        let theme = state.theme
        let focused: Bool = {
            if case .suggestions = state.mode { return true }
            return false
        }()
        let counts = pane.counts(undo: state.undo)
        var title = "Suggestions \(pane.fileName): \(counts.accepted) of \(pane.items.count) accepted"
        if counts.skipped > 0 { title += ", \(counts.skipped) skipped" }
        if BesideArrangement.of(state.size) == .toggle { title += " — tab: rules" }
        Box.draw(
            area, title: title, border: focused ? theme[.dialogBorder] : theme[.detailBorder],
            titleStyle: focused ? theme[.dialogTitle] : theme[.detailLabel], fill: theme[.base], into: &buffer)
        let layout = SuggestionsPaneLayout(area: area)
        let list = layout.list
        guard list.width > 4, list.height > 0 else { return }
        guard !pane.items.isEmpty else {
            buffer.write("\(pane.fileName) suggests no rule.", x: list.x + 1, y: list.y, maxWidth: list.width - 2, style: theme[.statusInfo])
            return
        }
        for k in 0..<(list.height / 2) {
            let i = pane.scroll + k
            guard i < pane.items.count else { break }
            drawRow(i, y: list.y + 2 * k, list: list, focused: focused, into: &buffer)
        }
        let marker = " \(pane.selected + 1)/\(pane.items.count) "
        buffer.write(marker, x: area.maxX - TextWidth.of(marker) - 2, y: area.maxY - 1, style: theme[.dialogBorder])
        guard layout.detail.height > 0 else { return }
        buffer.write(String(repeating: "─", count: list.width), x: list.x, y: layout.separatorY, style: theme[.detailBorder])
        for (k, (label, value, style)) in detailLines().prefix(layout.detail.height).enumerated() {
            let y = layout.detail.y + k
            let x = list.x + 1 + buffer.write(Truncation.pad(label, width: 9), x: list.x + 1, y: y, style: theme[.detailLabel])
            buffer.write(value, x: x, y: y, maxWidth: max(0, list.maxX - x - 1), style: style)
        }
    }

    private func drawRow(_ i: Int, y: Int, list: Rect, focused: Bool, into buffer: inout CellBuffer) {
        let theme = state.theme
        let item = pane.items[i]
        let status = pane.status(of: i, undo: state.undo)
        var rowStyle = theme[.base]
        if i == pane.selected { rowStyle = focused ? rowStyle.patched(theme[.tableRowSelected]) : rowStyle.patched(Style(modifiers: .bold)) }
        if status == .skipped { rowStyle = rowStyle.patched(theme[.tableRowDisabled]) }
        buffer.fill(Rect(x: list.x, y: y, width: list.width, height: 2), style: rowStyle)
        var x = list.x + 1
        x += buffer.write(SuggestionsPane.glyph(status) + " ", x: x, y: y, style: rowStyle.patched(SuggestionsPane.statusStyle(status, theme)))
        x += buffer.write(item.confidenceText ?? "  – ", x: x, y: y, style: rowStyle.patched(theme[.detailLabel]))
        x += buffer.write(" \(item.rule.code.rawValue) ", x: x, y: y, style: rowStyle.patched(theme[.codePermanent]))
        let room = max(0, list.maxX - x - 1)
        buffer.write(RuleTable.route(item.rule, width: room), x: x, y: y, maxWidth: room, style: rowStyle)
        let (line, style) = secondLine(i, status: status)
        buffer.write("    " + line, x: list.x + 1, y: y + 1, maxWidth: list.width - 2, style: rowStyle.patched(style))
    }

    static func glyph(_ status: BesideState.Status) -> String {
        switch status {
        case .pending: return "·"
        case .accepted: return "✓"
        case .inFile: return "="
        case .skipped: return "✗"
        }
    }

    static func statusStyle(_ status: BesideState.Status, _ theme: Theme) -> Style {
        switch status {
        case .pending: return theme[.hintDescription]
        case .accepted, .inFile: return theme[.statusInfo]
        case .skipped: return theme[.tableRowDisabled]
        }
    }

    /// Hits, then what accepting would do (or what was done).
    private func secondLine(_ i: Int, status: BesideState.Status) -> (String, Style) {
        let theme = state.theme
        let item = pane.items[i]
        let hits = item.hits.map { "\($0) hit\($0 == 1 ? "" : "s") · " } ?? ""
        switch status {
        case .accepted: return (hits + "accepted (unsaved until ctrl+s; u undoes it)", theme[.statusInfo])
        case .inFile: return (hits + "already in \(state.path.split(separator: "/").last.map(String.init) ?? state.path)", theme[.statusInfo])
        case .skipped: return (hits + "skipped (s brings it back)", theme[.hintDescription])
        case .pending: break
        }
        if let impact = pane.currentImpact(of: i, revision: state.revision) {
            return (hits + impact.summary, impact.isSafe ? theme[.statusInfo] : theme[.severityWarning])
        }
        if let stale = pane.impacts[i] { return (hits + stale.summary + " (checking again…)", theme[.hintDescription]) }
        return (hits + "checking what it would do…", theme[.hintDescription])
    }

    /// The selected suggestion in full.
    private func detailLines() -> [(String, String, Style)] {
        let theme = state.theme
        guard pane.selected < pane.items.count else { return [] }
        let i = pane.selected
        let item = pane.items[i]
        var lines: [(String, String, Style)] = [("rule", "\(item.rule.id) (\(pane.fileName) line \(item.line))", theme[.detailValue])]
        if let why = item.why { lines.append(("why", why, theme[.detailValue])) }
        if !item.covers.isEmpty {
            let shown = item.covers.prefix(3).map { "\($0.path) (\($0.hits))" }.joined(separator: ", ")
            let more = item.covers.count - 3 + item.unlistedCovers
            lines.append(("covers", shown + (more > 0 ? ", … \(more) more" : ""), theme[.detailValue]))
        }
        guard let impact = pane.currentImpact(of: i, revision: state.revision) ?? pane.impacts[i] else { return lines }
        let place =
            impact.before.map { before in
                "before rule \(before)"
                    + (impact.shadowedBy.isEmpty ? "" : ": at the end \(SuggestionImpact.names(impact.shadowedBy)) would take all its requests")
            } ?? "at the end (rule \(impact.position + 1))"
        lines.append(("goes", place, theme[.detailValue]))
        for f in impact.newFindings.prefix(2) {
            lines.append(
                ("new", "\(f.severity.glyph) \(f.check) \(f.message)", f.severity <= .warning ? theme[.severityWarning] : theme[.detailValue]))
        }
        if impact.newFindings.count > 2 { lines.append(("", "… \(impact.newFindings.count - 2) more new findings", theme[.detailValue])) }
        for m in impact.missed.prefix(1) { lines.append(("misses", m, theme[.severityWarning])) }
        if let r = impact.regions.first {
            let more = impact.regions.count > 1 ? " (+\(impact.regions.count - 1) more regions)" : ""
            lines.append(("change", DiffReportRendering.requestText(r) + more, theme[.detailValue]))
            lines.append(("before", DiffReportRendering.responseText(r.oldResponse), theme[.detailValue]))
            lines.append(("after", DiffReportRendering.responseText(r.newResponse), theme[.detailValue]))
        }
        return lines
    }
}
