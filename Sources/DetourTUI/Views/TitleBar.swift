/// The top line: file name, unsaved marker, rule count, filter and findings counts.
struct TitleBar {
    let state: AppState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let s = state
        let style = s.hasUnsavedChanges ? s.theme[.titleUnsaved] : s.theme[.title]
        buffer.fill(area, style: style)
        let name = s.path.split(separator: "/").last.map(String.init) ?? s.path
        var left = " detour  \(name)"
        if s.hasUnsavedChanges { left += " ● modified" }
        let count = s.rules.count
        left += "  \(TitleBar.grouped(count)) rule\(count == 1 ? "" : "s")"
        if let f = s.filter, !f.isEmpty {
            left += "  filter '\(f.query)': \(f.matches.count)\(s.isFilterScanning ? "+" : "") match\(f.matches.count == 1 ? "" : "es")"
        }
        var right = ""
        if let findings = s.findings {
            right =
                "\(findings.errors) error\(findings.errors == 1 ? "" : "s")  \(findings.warnings) warning\(findings.warnings == 1 ? "" : "s")  \(findings.infos) info "
        }
        // The counts above may be a revision old while the validator catches up.
        if s.validatingRevision != nil || (s.findingsIndex != nil && !s.findingsAreCurrent) { right = "checking… " + right }
        let rightWidth = TextWidth.of(right)
        buffer.write(left, x: area.x, y: area.y, maxWidth: max(0, area.width - rightWidth - 1), style: style)
        if !right.isEmpty { buffer.write(right, x: area.maxX - rightWidth, y: area.y, style: style) }
    }

    /// 1000000 → "1,000,000", so a big count reads at a glance.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
