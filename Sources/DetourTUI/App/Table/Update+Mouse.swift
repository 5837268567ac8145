import DetourCore

// Clicks and the wheel.
extension Editor {
    static func mouse(_ m: MouseEvent, _ s: inout AppState) -> [Effect] {
        let layout = ScreenLayout(state: s)
        if layout.suggestions.contains(x: m.x, y: m.y) { return besideMouse(m, layout.suggestions, &s) }
        switch s.mode {
        case .help(let scroll):
            if m.kind == .wheelDown { s.mode = .help(scroll: min(maxHelpScroll(s), scroll + 3)) }
            if m.kind == .wheelUp { s.mode = .help(scroll: max(0, scroll - 3)) }
            return []
        case .form(var form):
            if m.kind == .click || m.kind == .doubleClick,
                let field = FormLayout(area: layout.formArea).field(atY: m.y)
            {
                form.focus = field
                s.mode = .form(form)
            }
            return []
        case .findings(var panel):
            let list = FindingsPanelLayout(area: layout.formArea).list
            switch m.kind {
            case .wheelDown: panel.selected += 3
            case .wheelUp: panel.selected -= 3
            case .click, .doubleClick:
                guard list.contains(x: m.x, y: m.y) else { return [] }
                panel.selected = panel.scroll + (m.y - list.y) / 2
            }
            s.mode = .findings(panel)
            clampFindingsPanel(&s)
            if m.kind == .doubleClick, case .findings(let p) = s.mode { return findingsKey(.enter, p, &s) }
            return []
        case .simulator(var sim):
            let panel = SimulatorPanelLayout(area: layout.formArea)
            if m.kind == .click || m.kind == .doubleClick {
                if let field = SimulatorPanelLayout.requestFields.first(where: { panel.y(of: $0) == m.y }) {
                    sim.focus = field
                } else if panel.result.contains(x: m.x, y: m.y), case .trace(let trace, _, _)? = sim.result {
                    let hopRows = max(1, (panel.result.height - 1) / 2)
                    let first = max(0, min(sim.selectedHop - hopRows + 1, trace.hops.count - hopRows))
                    sim.selectedHop = first + (m.y - panel.result.y) / 2
                    sim.focus = .trace
                    clampHop(&sim)
                    if m.kind == .doubleClick { return simulatorKey(.enter, sim, &s) }
                }
            } else if sim.focus == .trace {
                sim.selectedHop += m.kind == .wheelDown ? 1 : -1
                clampHop(&sim)
            }
            s.mode = .simulator(sim)
            return []
        case .export(let dialog):
            guard m.kind == .wheelDown || m.kind == .wheelUp else { return [] }
            return exportKey(m.kind == .wheelDown ? .down : .up, dialog, &s)
        case .table:
            break
        case .suggestions:
            // A click on the rules moves the keys there, as tab would.
            guard m.kind == .click || m.kind == .doubleClick, layout.tableBody.contains(x: m.x, y: m.y) else { return [] }
            s.beside?.focus = .rules
            s.mode = .table
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
