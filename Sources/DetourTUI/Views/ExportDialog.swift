import DetourCore

/// Where the export dialog puts its parts inside the area it covers.
struct ExportDialogLayout {
    let area: Rect
    static let verdictRows = 4
    /// Rows the preview keeps however many targets there are.
    static let minimumPreviewRows = 4

    var inner: Rect { area.inset(1) }
    var targetY: Int { inner.y }
    /// One row per target with its summary, as many as fit above a preview of a few lines.
    var targetList: Rect {
        let fits = inner.height - ExportDialogLayout.verdictRows - ExportDialogLayout.minimumPreviewRows - 5
        return Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: max(0, min(ServerKind.allCases.count, fits)))
    }
    var summaryY: Int { targetList.maxY }
    var verdicts: Rect { Rect(x: inner.x, y: summaryY + 1, width: inner.width, height: ExportDialogLayout.verdictRows) }
    var fileBarY: Int { verdicts.maxY }
    /// The scrollable preview of one file; the last inner row is for verify's result.
    var preview: Rect { Rect(x: inner.x, y: fileBarY + 1, width: inner.width, height: max(1, inner.maxY - fileBarY - 2)) }
    var verifyY: Int { inner.maxY - 1 }
}

/// The `x` dialog: target and directory, the verdict for each rule the target cannot carry
/// natively, the generated file with light syntax colouring, and verify's agreement.
struct ExportDialog {
    let state: AppState
    let dialog: ExportDialogState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        let theme = state.theme
        Box.draw(
            area, title: "Export — ←/→ target, w write, v verify, esc closes", border: theme[.dialogBorder], titleStyle: theme[.dialogTitle],
            fill: theme[.base], into: &buffer)
        let layout = ExportDialogLayout(area: area)
        let inner = layout.inner
        guard inner.height > ExportDialogLayout.verdictRows + 4 else { return }
        var x = inner.x + 1
        x += buffer.write("target ", x: x, y: layout.targetY, style: theme[.inputLabel])
        x += buffer.write(
            "‹ \(dialog.serverKind.name) ›", x: x, y: layout.targetY, style: dialog.focus == .preview ? theme[.inputFieldFocused] : theme[.inputField]
        )
        x += 3
        x += buffer.write("directory ", x: x, y: layout.targetY, style: theme[.inputLabel])
        let width = max(10, inner.maxX - x - 1)
        let style = dialog.focus == .directory ? theme[.inputFieldFocused] : theme[.inputField]
        buffer.fill(Rect(x: x, y: layout.targetY, width: width, height: 1), style: style)
        let (visible, cursor) = dialog.directory.visible(width: width)
        buffer.write(visible, x: x, y: layout.targetY, maxWidth: width, style: style)
        if dialog.focus == .directory { buffer.cursor = (x + cursor, layout.targetY) }
        renderTargetList(in: layout.targetList, into: &buffer)

        if let question = dialog.overwriteQuestion {
            let text =
                "o overwrites, esc keeps them: \(question.count) file\(question.count == 1 ? "" : "s") exist (\(question.joined(separator: ", ")))"
            buffer.write(text, x: inner.x + 1, y: layout.summaryY, maxWidth: inner.width - 2, style: theme[.statusError])
        } else if let job = dialog.running {
            let what: String =
                switch job.kind {
                case .export: "exporting…"
                case .write: "writing…"
                case .verify:
                    "verifying against the real \(dialog.serverKind.name) on 127.0.0.1…"
                        + (dialog.verifyProgress.map { " \($0.sent)/\($0.total) requests" } ?? "")
                default: "working…"
                }
            buffer.write(what + "   esc cancels", x: inner.x + 1, y: layout.summaryY, maxWidth: inner.width - 2, style: theme[.statusInfo])
        }
        guard let preview = dialog.preview else { return }
        if dialog.overwriteQuestion == nil && dialog.running == nil {
            var summary =
                "\(preview.output.exportedRuleCount) exported · \(preview.refusedCount) refused · \(preview.workaroundCount) with a workaround"
            if let t = preview.output.reexportBefore { summary += " · re-export before \(t.rfc3339)" }
            buffer.write(summary, x: inner.x + 1, y: layout.summaryY, maxWidth: inner.width - 2, style: theme[.detailValue])
        }
        renderVerdicts(preview, in: layout.verdicts, into: &buffer)

        let files = preview.output.files
        if dialog.fileIndex < files.count {
            let file = files[dialog.fileIndex]
            let lines = preview.fileLines[dialog.fileIndex]
            let bar =
                "─ \(file.name) (\(dialog.fileIndex + 1)/\(files.count), f next file) · lines \(min(lines.count, dialog.scroll + 1))–\(min(lines.count, dialog.scroll + layout.preview.height)) of \(lines.count) "
            buffer.write(String(repeating: "─", count: inner.width), x: inner.x, y: layout.fileBarY, style: theme[.dialogBorder])
            buffer.write(bar, x: inner.x + 1, y: layout.fileBarY, maxWidth: inner.width - 2, style: theme[.dialogTitle])
            for (k, line) in lines.dropFirst(dialog.scroll).prefix(layout.preview.height).enumerated() {
                ExportDialog.drawHighlighted(
                    String(line), x: inner.x + 1, y: layout.preview.y + k, width: inner.width - 2, theme: theme, into: &buffer)
            }
        }
        if !dialog.verifyReport.isEmpty {
            let last = dialog.verifyReport.last { !$0.isEmpty } ?? ""
            let agreed = dialog.verifyReport.contains { $0.hasPrefix("DISAGREE") } == false
            buffer.write(
                "verify: " + last, x: inner.x + 1, y: layout.verifyY, maxWidth: inner.width - 2,
                style: agreed ? theme[.codeTemporary] : theme[.statusError])
        }
    }

    /// Every target with what it keeps of the rules (`ServerTarget.exportSummary`), the chosen one
    /// marked; when not all fit, the rows around the chosen one.
    func renderTargetList(in area: Rect, into buffer: inout CellBuffer) {
        guard area.height > 0 else { return }
        let theme = state.theme
        let kinds = ServerKind.allCases
        let first = max(0, min(dialog.server - area.height / 2, kinds.count - area.height))
        let nameWidth = (kinds.map(\.name.count).max() ?? 0) + 1
        for (row, i) in (first..<min(kinds.count, first + area.height)).enumerated() {
            let chosen = i == dialog.server
            let summary = dialog.targetSummaries.map { i < $0.count ? $0[i] : "" } ?? "…"
            let name = kinds[i].name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            let text = (chosen ? "▸ " : "  ") + name + summary
            let style = chosen ? theme[.detailValue] : theme[.hintDescription]
            buffer.write(text, x: area.x + 1, y: area.y + row, maxWidth: area.width - 2, style: style)
        }
    }

    func renderVerdicts(_ preview: ExportPreview, in area: Rect, into buffer: inout CellBuffer) {
        let theme = state.theme
        guard !preview.verdicts.isEmpty else {
            buffer.write(
                "✓ every rule is exported with the server's own constructs", x: area.x + 1, y: area.y, maxWidth: area.width - 2,
                style: theme[.codeTemporary])
            return
        }
        let total = preview.refusedCount + preview.workaroundCount
        for (k, v) in preview.verdicts.prefix(area.height).enumerated() {
            var text = v.kind == .refused ? "✗ refused     " : "~ workaround  "
            text += v.rule + "  " + v.text
            if k == area.height - 1 && total > area.height { text = "… and \(total - area.height + 1) more" }
            buffer.write(
                text, x: area.x + 1, y: area.y + k, maxWidth: area.width - 2,
                style: v.kind == .refused ? theme[.severityError] : theme[.severityWarning])
        }
    }

    /// Light colouring that fits every target's syntax: comments dim, the first word of a line
    /// (the directive) bold in its role, quoted strings as values.
    static func drawHighlighted(_ line: String, x: Int, y: Int, width: Int, theme: Theme, into buffer: inout CellBuffer) {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("#") || trimmed.hasPrefix("//") || trimmed.hasPrefix("--") {
            buffer.write(line, x: x, y: y, maxWidth: width, style: theme[.hintDescription])
            return
        }
        var col = x
        let indent = line.count - trimmed.count
        col += buffer.write(String(line.prefix(indent)), x: col, y: y, maxWidth: width, style: theme[.base])
        var rest = Substring(trimmed)
        let word = rest.prefix { $0 != " " && $0 != "\t" }
        col += buffer.write(String(word), x: col, y: y, maxWidth: max(0, x + width - col), style: theme[.detailLabel])
        rest = rest.dropFirst(word.count)
        var inString = false
        var chunk = ""
        func flush() {
            guard !chunk.isEmpty else { return }
            col += buffer.write(chunk, x: col, y: y, maxWidth: max(0, x + width - col), style: inString ? theme[.codeTemporary] : theme[.base])
            chunk = ""
        }
        for c in rest {
            if c == "\"" {
                if inString {
                    chunk.append(c)
                    flush()
                    inString = false
                } else {
                    flush()
                    inString = true
                    chunk.append(c)
                }
            } else {
                chunk.append(c)
            }
        }
        flush()
    }
}
