/// The bottom line: the most useful keys of the current mode, from the key table.
struct KeyHintBar {
    let state: AppState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let theme = state.theme
        buffer.fill(area, style: theme[.base])
        var bindings = state.keymap.bindings(in: state.mode.keyContext).filter(\.showInHintBar)
        if case .confirm(let c) = state.mode { bindings = bindings.filter { c.options.contains($0.command) } }
        var x = area.x
        for b in bindings {
            let key = b.keys.first!.shortName + (b.command == .moveDown ? "/" + Key.up.shortName : "")
            let needed = TextWidth.of(key) + 1 + TextWidth.of(b.short) + 2
            guard x + needed <= area.maxX else { break }
            x += buffer.write(key, x: x, y: area.y, style: theme[.hintKey])
            x += 1
            x += buffer.write(b.short, x: x, y: area.y, style: theme[.hintDescription])
            x += 2
        }
    }
}
