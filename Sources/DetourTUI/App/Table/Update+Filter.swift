import DetourCore

// The `/` filter prompt.
extension Editor {
    static func filterKey(_ key: Key, _ s: inout AppState) -> [Effect] {
        if let command = s.keymap.command(for: key, in: .filter) {
            switch command {
            case .acceptFilter:
                if s.filter?.isEmpty ?? true { s.filter = nil }
                s.mode = .table
            case .moveDown, .moveUp:
                return tableCommand(command, &s)
            case .cancelFilter:
                let keep = s.selectedIndex
                s.filter = nil
                s.mode = .table
                if let keep { select(rule: keep, &s) }
            default: break
            }
            return []
        }
        if let command = s.keymap.command(for: key, in: .textField) {
            let before = s.filter?.query
            s.filter?.field.apply(command)
            if s.filter?.query != before { restartFilter(&s) }
            return []
        }
        if case .char(let c) = key {
            s.filter?.field.insert(String(c))
            restartFilter(&s)
        }
        return []
    }

    static func restartFilter(_ s: inout AppState) {
        s.filter?.restart()
        s.cursor = 0
        s.scrollOffset = 0
        s.status = nil
    }
}
