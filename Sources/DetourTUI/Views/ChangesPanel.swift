import DetourCore

/// Where the changes panel puts its list and the selected region's detail.
struct ChangesPanelLayout {
    let area: Rect
    static let detailLines = 5

    var inner: Rect { area.inset(1) }
    var list: Rect { Rect(x: inner.x, y: inner.y, width: inner.width, height: max(2, inner.height - ChangesPanelLayout.detailLines - 1)) }
    var separatorY: Int { list.maxY }
    var detail: Rect { Rect(x: inner.x, y: separatorY + 1, width: inner.width, height: max(0, inner.maxY - separatorY - 1)) }
}

/// The `c` panel: every region of requests the unsaved rules answer differently from the file on
/// disk, grouped by kind, two lines each (kind and rules; the witness request), and the selected
/// region's responses before and after below.
struct ChangesPanel {
    let state: AppState
    let panel: ChangesPanelState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        let theme = state.theme
        var title = "Changes against \(state.path.split(separator: "/").last.map(String.init) ?? state.path) on disk"
        if let report = panel.report { title += " — \(report.regions.count) region\(report.regions.count == 1 ? "" : "s") (as \(report.viewName))" }
        if panel.revision != state.revision { title += " (c again after your edit)" }
        Box.draw(area, title: title, border: theme[.dialogBorder], titleStyle: theme[.dialogTitle], fill: theme[.base], into: &buffer)
        let layout = ChangesPanelLayout(area: area)
        let list = layout.list
        guard list.width > 4 else { return }
        if let error = panel.error {
            buffer.write(error, x: list.x + 1, y: list.y, maxWidth: list.width - 2, style: theme[.statusError])
            return
        }
        guard let report = panel.report else {
            buffer.write("comparing the rules with the file on disk…", x: list.x + 1, y: list.y, maxWidth: list.width - 2, style: theme[.statusInfo])
            return
        }
        if report.regions.isEmpty {
            var message = DiffReportRendering.noChange + ": every request is answered as the file on disk answers it."
            if !report.undecided.isEmpty { message = "no change found; not decided: " + report.undecided.joined(separator: "; ") }
            buffer.write(message, x: list.x + 1, y: list.y, maxWidth: list.width - 2, style: theme[.statusInfo])
            return
        }
        let regions = report.regions
        for k in 0..<(list.height / 2) {
            let position = panel.scroll + k
            guard position < regions.count else { break }
            let r = regions[position]
            let y = list.y + 2 * k
            let rowStyle = position == panel.selected ? theme[.base].patched(theme[.tableRowSelected]) : theme[.base]
            buffer.fill(Rect(x: list.x, y: y, width: list.width, height: 2), style: rowStyle)
            var x = list.x + 1
            x += buffer.write(Truncation.pad(r.kind.rawValue, width: 16), x: x, y: y, style: rowStyle.patched(theme[.severityWarning]))
            buffer.write(DiffReportRendering.rules(r), x: x, y: y, maxWidth: max(0, list.maxX - x - 1), style: rowStyle.patched(theme[.detailLabel]))
            buffer.write(
                "    " + DiffReportRendering.requestText(r), x: list.x + 1, y: y + 1, maxWidth: list.width - 2,
                style: rowStyle.patched(theme[.hintDescription]))
        }
        let marker = " \(panel.selected + 1)/\(regions.count) "
        buffer.write(marker, x: area.maxX - TextWidth.of(marker) - 2, y: area.maxY - 1, style: theme[.dialogBorder])
        guard layout.detail.height > 0, panel.selected < regions.count else { return }
        let r = regions[panel.selected]
        buffer.write(String(repeating: "─", count: list.width), x: list.x, y: layout.separatorY, style: theme[.dialogBorder])
        let lines = [
            ("request", DiffReportRendering.requestText(r)), ("before", DiffReportRendering.responseText(r.oldResponse)),
            ("after", DiffReportRendering.responseText(r.newResponse)), ("why", r.kinds.map(\.rawValue).joined(separator: ", "))
        ]
        for (k, (label, value)) in lines.prefix(layout.detail.height).enumerated() {
            let y = layout.detail.y + k
            let x = list.x + 1 + buffer.write(Truncation.pad(label, width: 9), x: list.x + 1, y: y, style: theme[.detailLabel])
            buffer.write(value, x: x, y: y, maxWidth: max(0, list.maxX - x - 1), style: theme[.detailValue])
        }
    }
}
