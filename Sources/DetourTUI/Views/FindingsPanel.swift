import DetourCore

/// Where the findings panel puts its list and its detail lines inside the area it covers.
struct FindingsPanelLayout {
    let area: Rect
    /// Lines under the list for the selected finding's why (wrapped, up to three lines), rules,
    /// witness and fix.
    static let detailLines = 6

    var inner: Rect { area.inset(1) }
    var listHeight: Int { max(2, inner.height - FindingsPanelLayout.detailLines - 1) }
    var list: Rect { Rect(x: inner.x, y: inner.y, width: inner.width, height: min(listHeight, inner.height)) }
    var separatorY: Int { list.maxY }
    var detail: Rect { Rect(x: inner.x, y: separatorY + 1, width: inner.width, height: max(0, inner.maxY - separatorY - 1)) }
}

/// The `!` panel: every finding, worst first, two lines each (the finding, then its witness and
/// whether a fix exists), and the selected one's why and fix below. Draws only the visible
/// findings, so a list of 10⁶ costs what a page costs.
struct FindingsPanel {
    let state: AppState
    let panel: FindingsPanelState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        let s = state
        let theme = s.theme
        let sorted = s.findingsIndex?.sorted ?? []
        let summary = s.findingsIndex?.summary ?? FindingsSummary()
        var title =
            "Findings — \(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s"), \(summary.infos) info"
        if !s.findingsAreCurrent { title += " (updating after your edit…)" }
        Box.draw(area, title: title, border: theme[.dialogBorder], titleStyle: theme[.dialogTitle], fill: theme[.base], into: &buffer)
        let layout = FindingsPanelLayout(area: area)
        let list = layout.list
        guard list.width > 4 else { return }
        if sorted.isEmpty {
            buffer.write("No findings: every check passes.", x: list.x + 1, y: list.y, maxWidth: list.width - 2, style: theme[.statusInfo])
            return
        }
        let rows = list.height / 2
        for k in 0..<rows {
            let position = panel.scroll + k
            guard position < sorted.count else { break }
            let f = sorted[position]
            let y = list.y + 2 * k
            let selected = position == panel.selected
            let rowStyle = selected ? theme[.base].patched(theme[.tableRowSelected]) : theme[.base]
            buffer.fill(Rect(x: list.x, y: y, width: list.width, height: 2), style: rowStyle)
            var x = list.x + 1
            x += buffer.write(f.severity.glyph, x: x, y: y, style: rowStyle.patched(theme[f.severity.themeRole]))
            x += 1
            x += buffer.write(f.check, x: x, y: y, style: rowStyle.patched(theme[f.severity.themeRole]))
            x += 2
            let rules = Truncation.end(f.rules.joined(separator: ", "), width: 24)
            x += buffer.write(rules, x: x, y: y, style: rowStyle.patched(theme[.detailLabel]))
            x += 2
            buffer.write(f.message, x: x, y: y, maxWidth: max(0, list.maxX - x - 1), style: rowStyle)
            var second = "    "
            if let w = f.witness.first { second += "witness \(w.method) \(w.url)" } else { second += "no witness" }
            if f.fix != nil { second += "   [f: fix]" }
            buffer.write(second, x: list.x + 1, y: y + 1, maxWidth: list.width - 2, style: rowStyle.patched(theme[.hintDescription]))
        }
        // Position marker, so a long list shows where it is.
        let marker = " \(panel.selected + 1)/\(sorted.count) "
        buffer.write(marker, x: area.maxX - TextWidth.of(marker) - 2, y: area.maxY - 1, style: theme[.dialogBorder])

        guard layout.detail.height > 0, panel.selected < sorted.count else { return }
        let f = sorted[panel.selected]
        buffer.write(String(repeating: "─", count: list.width), x: list.x, y: layout.separatorY, style: theme[.dialogBorder])
        let valueX = list.x + 1 + 9
        let valueWidth = max(0, list.maxX - valueX - 1)
        // The why is the explanation a reader opened the panel for: wrapped, never cut at the edge,
        // with the three other lines kept below it.
        let whyLines = WordWrap.lines(f.why, width: valueWidth, limit: max(1, layout.detail.height - 3))
        var lines: [(String, String)] = whyLines.enumerated().map { ($0 == 0 ? "why" : "", $1) }
        // The editor validates its own rule list, which has no file lines (they move while editing).
        let where_ = zip(f.rules, f.lines).map { $1 > 0 ? "\($0) (line \($1))" : $0 }.joined(separator: ", ")
        lines.append(("rules", where_))
        lines.append(("witness", f.witness.map { "\($0.method) \($0.url)" }.joined(separator: "  ·  ").ifEmpty("none")))
        let manual =
            f.rules.isEmpty
            ? "none: the construct became no rule; add one by hand if it is still needed" : "none automatic; enter jumps to the rule to edit it"
        lines.append(("fix", f.fix?.description ?? manual))
        for (k, (label, value)) in lines.prefix(layout.detail.height).enumerated() {
            let y = layout.detail.y + k
            let x = list.x + 1 + buffer.write(Truncation.pad(label, width: 9), x: list.x + 1, y: y, style: theme[.detailLabel])
            buffer.write(value, x: x, y: y, maxWidth: max(0, list.maxX - x - 1), style: theme[.detailValue])
        }
    }
}

/// The before/after of a fix, over the findings panel; enter applies it as one edit.
struct FixPreviewDialog {
    let state: AppState
    let preview: FixPreview

    func render(in area: Rect, into buffer: inout CellBuffer) {
        let theme = state.theme
        var lines: [(String, Style)] = [(preview.finding.fix?.description ?? "", theme[.dialogTitle]), ("", theme[.dialog])]
        for change in preview.changes {
            lines.append(("rule \(change.id)", theme[.dialog].patched(theme[.detailLabel])))
            if let after = change.after {
                for (old, new) in zip(change.before, after) {
                    if old == new {
                        lines.append(("  " + old, theme[.dialog]))
                    } else {
                        lines.append(("- " + old, theme[.dialog].patched(theme[.severityError])))
                        lines.append(("+ " + new, theme[.dialog].patched(theme[.codeTemporary])))
                    }
                }
                for extra in after.dropFirst(change.before.count) { lines.append(("+ " + extra, theme[.dialog].patched(theme[.codeTemporary]))) }
            } else {
                for old in change.before { lines.append(("- " + old, theme[.dialog].patched(theme[.severityError]))) }
                lines.append(("  (the rule is removed)", theme[.dialog]))
            }
        }
        lines.append(("", theme[.dialog]))
        lines.append(("enter: apply (u undoes it)   esc: cancel", theme[.dialog].patched(theme[.hintKey])))
        let width = min(area.width - 4, max(50, lines.map { TextWidth.of($0.0) }.max()! + 4))
        let height = min(area.height - 2, lines.count + 2)
        let box = area.centered(width: width, height: height)
        Box.draw(
            box, title: "Fix \(preview.finding.check) — preview", border: theme[.dialogBorder], titleStyle: theme[.dialogTitle], fill: theme[.dialog],
            into: &buffer)
        for (k, line) in lines.prefix(height - 2).enumerated() {
            buffer.write(line.0, x: box.x + 2, y: box.y + 1 + k, maxWidth: box.width - 4, style: line.1)
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
