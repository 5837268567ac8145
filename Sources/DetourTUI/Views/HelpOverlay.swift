/// The `?` overlay: every binding of the key table, grouped by where it applies.
struct HelpOverlay {
    let keymap: Keymap
    let theme: Theme
    let scroll: Int

    /// The overlay's lines: a group title, then `keys  description` rows.
    static func lines(_ keymap: Keymap) -> [(text: String, isTitle: Bool)] {
        var out: [(String, Bool)] = []
        for context in KeyContext.allCases {
            let bindings = keymap.bindings(in: context)
            guard !bindings.isEmpty else { continue }
            if !out.isEmpty { out.append(("", false)) }
            out.append((context.title, true))
            for b in bindings {
                out.append((Truncation.pad(b.keyText, width: 20) + " " + b.help + (b.isDangerous ? " (!)" : ""), false))
            }
            if context == .textField {
                out.append((Truncation.pad("any character", width: 20) + " Insert it at the cursor (pastes arrive whole)", false))
            }
        }
        out.append(("", false))
        out.append(("Commands (:)", true))
        for c in Editor.commandLineHelp { out.append((Truncation.pad(":" + c.usage, width: 20) + " " + c.help, false)) }
        return out
    }

    func render(in area: Rect, into buffer: inout CellBuffer) {
        let box = area.centered(width: min(area.width - 4, 96), height: area.height - 2)
        guard box.height > 4 else { return }
        Box.draw(
            box, title: "Keys — esc closes, j/k scroll", border: theme[.dialogBorder], titleStyle: theme[.dialogTitle], fill: theme[.dialog],
            into: &buffer)
        let inner = box.inset(1)
        let all = HelpOverlay.lines(keymap)
        let start = min(scroll, max(0, all.count - inner.height))
        for (k, line) in all.dropFirst(start).prefix(inner.height).enumerated() {
            let style = line.isTitle ? theme[.dialogTitle] : theme[.dialog]
            buffer.write(line.text, x: inner.x + 1, y: inner.y + k, maxWidth: inner.width - 2, style: style)
        }
    }
}
