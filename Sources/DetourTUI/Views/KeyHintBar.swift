/// The bottom line: the most useful keys of the current mode, from the key table.
struct KeyHintBar {
    let state: AppState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let theme = state.theme
        buffer.fill(area, style: theme[.base])
        var bindings = state.keymap.bindings(in: state.mode.keyContext).filter(\.showInHintBar)
        // Tab means something in the table only with suggestions open beside it; then it comes
        // first, as the only way back to the suggestions when one pane shows at a time.
        let switchPane = bindings.filter { $0.command == .switchPane }
        bindings.removeAll { $0.command == .switchPane }
        if state.beside != nil { bindings = switchPane + bindings }
        if case .confirm(let c) = state.mode { bindings = bindings.filter { c.options.contains($0.command) } }
        func keyText(_ b: KeyBinding) -> String { b.keys.first!.shortName + (b.command == .moveDown ? "/" + Key.up.shortName : "") }
        func width(_ b: KeyBinding) -> Int { TextWidth.of(keyText(b)) + 1 + TextWidth.of(b.short) + 2 }
        // Help and quit always show; the others in table order while they fit.
        let essential: Set<Command> = [.toggleHelp, .quit]
        var room = area.width - bindings.filter { essential.contains($0.command) }.map(width).reduce(0, +)
        bindings = bindings.filter { b in
            if essential.contains(b.command) { return true }
            guard width(b) <= room else {
                room = -1
                return false
            }
            room -= width(b)
            return true
        }
        var x = area.x
        for b in bindings {
            let key = keyText(b)
            guard x + width(b) - 2 <= area.maxX else { break }
            x += buffer.write(key, x: x, y: area.y, style: theme[.hintKey])
            x += 1
            x += buffer.write(b.short, x: x, y: area.y, style: theme[.hintDescription])
            x += 2
        }
    }
}
