import DetourCore

/// Column widths of the rule table for a width; the source → target column takes what is left.
struct TableColumns {
    let id: Int, cache: Int, rollout: Int, window: Int, route: Int
    /// Severity glyph, enabled glyph, code: fixed.
    static let severity = 1, enabled = 1, code = 4

    init(width: Int) {
        let wide = width >= 110
        id = wide ? 20 : 12
        cache = wide ? 14 : 8
        rollout = wide ? 6 : 5
        window = wide ? 21 : 11
        let fixed = 1 + TableColumns.severity + TableColumns.enabled + 1 + id + 1 + TableColumns.code + 1 + 1 + cache + 1 + rollout + 1 + window
        route = max(10, width - fixed)
    }
}

/// The rule table: a header and only the rows that fit on screen, so 10⁶ rules cost no more to
/// draw than 20.
struct RuleTable {
    let state: AppState

    func render(header: Rect, body: Rect, into buffer: inout CellBuffer) {
        let s = state
        let theme = s.theme
        let cols = TableColumns(width: header.width)
        if !header.isEmpty {
            buffer.fill(header, style: theme[.tableHeader])
            let cells = [
                "!", "on", pad("id", cols.id), "code", pad("source → target", cols.route), pad("cache", cols.cache), pad("roll", cols.rollout),
                "window"
            ]
            var x = header.x + 1
            buffer.write(cells[0], x: x, y: header.y, style: theme[.tableHeader])
            x += 1
            buffer.write("●", x: x, y: header.y, style: theme[.tableHeader])
            x += 2
            for (k, text) in cells.dropFirst(2).enumerated() {
                let w = [cols.id, TableColumns.code, cols.route, cols.cache, cols.rollout, cols.window][k]
                buffer.write(text, x: x, y: header.y, maxWidth: w, style: theme[.tableHeader])
                x += w + 1
            }
        }
        guard !body.isEmpty else { return }
        if s.visibleCount == 0 {
            let message =
                s.rules.isEmpty
                ? "No rules yet: press a to add one." : (s.isFilterScanning ? "Filtering…" : "No rule matches the filter; esc clears it.")
            buffer.write(message, x: body.x + 2, y: body.y + 1, maxWidth: body.width - 2, style: theme[.hintDescription])
            return
        }
        for line in 0..<body.height {
            let row = s.scrollOffset + line
            guard let index = s.ruleIndex(atRow: row) else { break }
            drawRow(s.rules[index], selected: row == s.cursor, y: body.y + line, x: body.x, width: body.width, cols: cols, into: &buffer)
        }
    }

    private func pad(_ s: String, _ w: Int) -> String { Truncation.pad(s, width: w) }

    private func drawRow(_ rule: Rule, selected: Bool, y: Int, x: Int, width: Int, cols: TableColumns, into buffer: inout CellBuffer) {
        let theme = state.theme
        var rowStyle = theme[.base]
        if !rule.enabled || rule.isInvalid { rowStyle = rowStyle.patched(theme[.tableRowDisabled]) }
        if selected { rowStyle = rowStyle.patched(theme[.tableRowSelected]) }
        buffer.fill(Rect(x: x, y: y, width: width, height: 1), style: rowStyle)
        var col = x + 1
        // Severity glyph: shape and letter carry the meaning, colour only adds to it.
        if rule.isInvalid {
            // Known from the file itself, before any validation: the rule cannot work as written.
            buffer.write("E", x: col, y: y, style: rowStyle.patched(theme[.severityError]))
        } else if let sev = state.findings?.worstByRule[rule.id] {
            let (glyph, role): (String, ThemeRole) =
                switch sev {
                case .error: ("E", .severityError)
                case .warning: ("W", .severityWarning)
                case .info: ("I", .severityInfo)
                }
            buffer.write(glyph, x: col, y: y, style: rowStyle.patched(theme[role]))
        }
        col += 1
        buffer.write(
            rule.isInvalid ? "✗" : rule.enabled ? "●" : "○", x: col, y: y, style: rule.isInvalid ? rowStyle.patched(theme[.severityError]) : rowStyle)
        col += 2
        buffer.write(Truncation.end(rule.id, width: cols.id), x: col, y: y, maxWidth: cols.id, style: rowStyle)
        col += cols.id + 1
        if let typed = rule.problems.first(where: { $0.field == "code" })?.text {
            buffer.write(
                Truncation.end(typed, width: TableColumns.code), x: col, y: y, maxWidth: TableColumns.code,
                style: rowStyle.patched(theme[.severityError]))
        } else {
            let codeRole: ThemeRole = rule.code.isPermanent ? .codePermanent : .codeTemporary
            buffer.write(String(rule.code.rawValue), x: col, y: y, style: rowStyle.patched(theme[codeRole]))
        }
        col += TableColumns.code + 1
        buffer.write(RuleTable.route(rule, width: cols.route), x: col, y: y, maxWidth: cols.route, style: rowStyle)
        col += cols.route + 1
        let cache = cols.cache >= 14 ? (rule.cache == .none ? "" : rule.cache.text) : RuleTable.shortCache(rule.cache)
        buffer.write(Truncation.end(cache, width: cols.cache), x: col, y: y, maxWidth: cols.cache, style: rowStyle)
        col += cols.cache + 1
        let rollout = rule.rollout.map { $0.isFull ? "" : $0.percentText + "%" } ?? ""
        buffer.write(rollout, x: col, y: y, maxWidth: cols.rollout, style: rowStyle)
        col += cols.rollout + 1
        buffer.write(window(rule, width: cols.window), x: col, y: y, maxWidth: cols.window, style: rowStyle)
    }

    /// The cache policy in at most 8 cells: `no-store`, `max 1h`, `pub 1d`, `priv 10m`.
    static func shortCache(_ c: CachePolicy) -> String {
        func duration(_ n: Int) -> String {
            if n >= 86400, n % 86400 == 0 { return "\(n / 86400)d" }
            if n >= 3600, n % 3600 == 0 { return "\(n / 3600)h" }
            if n >= 60, n % 60 == 0 { return "\(n / 60)m" }
            return "\(n)s"
        }
        switch c {
        case .none: return ""
        case .noStore: return "no-store"
        case .maxAge(let n): return "max " + duration(n)
        case .publicMaxAge(let n): return "pub " + duration(n)
        case .privateMaxAge(let n): return "priv " + duration(n)
        }
    }

    /// `source → target`, each side shortened in the middle so the host and the tail stay.
    static func route(_ rule: Rule, width: Int) -> String {
        let source = rule.source.text
        var target = rule.target.text
        let full = source + " → " + target
        if TextWidth.of(full) <= width { return full }
        // Short of room, the host matters more than the usual scheme (the detail pane has it all).
        if target.hasPrefix("https://") { target.removeFirst(8) }
        let available = width - 3
        let sw = TextWidth.of(source)
        let tw = TextWidth.of(target)
        var sourceWidth = min(sw, max(available / 2, available - tw))
        sourceWidth = max(min(sw, 6), sourceWidth)
        let targetWidth = max(1, available - sourceWidth)
        return Truncation.middle(source, width: sourceWidth) + " → " + Truncation.middle(target, width: targetWidth)
    }

    /// The active window: `2026-01-01→2026-12-31`, `→2026-12-31`, or shorter when narrow.
    func window(_ rule: Rule, width: Int) -> String {
        func date(_ t: Timestamp?, short: Bool) -> String {
            guard let t else { return "" }
            let d = String(t.rfc3339.prefix(10))
            return short ? String(d.dropFirst(5)) : d
        }
        switch (rule.starts, rule.expires) {
        case (nil, nil): return ""
        case (let s?, nil): return date(s, short: false) + "→"
        case (nil, let e?): return "→" + date(e, short: false)
        case (let s?, let e?):
            let long = date(s, short: false) + "→" + date(e, short: false)
            return TextWidth.of(long) <= width ? long : date(s, short: true) + "→" + date(e, short: true)
        }
    }
}
