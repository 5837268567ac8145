import DetourCore

// Clicks and the wheel.
extension Editor {
    static func mouse(_ m: MouseEvent, _ s: inout AppState) -> [Effect] {
        let layout = ScreenLayout(size: s.size)
        switch s.mode {
        case .help(let scroll):
            if m.kind == .wheelDown { s.mode = .help(scroll: min(maxHelpScroll(s), scroll + 3)) }
            if m.kind == .wheelUp { s.mode = .help(scroll: max(0, scroll - 3)) }
            return []
        case .form(var form):
            if m.kind == .click || m.kind == .doubleClick,
               let field = FormLayout(area: layout.formArea).field(atY: m.y) {
                form.focus = field
                s.mode = .form(form)
            }
            return []
        case .table:
            break
        default:
            return []
        }
        switch m.kind {
        case .wheelDown:
            s.scrollOffset = min(max(0, s.visibleCount - layout.pageRows), s.scrollOffset + 3)
            s.cursor = max(s.cursor, s.scrollOffset)
        case .wheelUp:
            s.scrollOffset = max(0, s.scrollOffset - 3)
            s.cursor = min(s.cursor, s.scrollOffset + layout.pageRows - 1)
        case .click, .doubleClick:
            guard layout.tableBody.contains(x: m.x, y: m.y) else { return [] }
            let row = s.scrollOffset + (m.y - layout.tableBody.y)
            guard row < s.visibleCount else { return [] }
            s.cursor = row
            if m.kind == .doubleClick { return tableCommand(.editRule, &s) }
        }
        return []
    }
}
