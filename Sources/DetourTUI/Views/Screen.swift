/// Draws the whole editor for a state: the pure `render(state) → buffer` half of the loop.
public enum Screen {
    public static func render(_ s: AppState) -> CellBuffer {
        var buffer = CellBuffer(size: s.size, fill: Cell(" ", style: s.theme[.base]))
        render(s, into: &buffer)
        return buffer
    }

    public static func render(_ s: AppState, into buffer: inout CellBuffer) {
        let layout = ScreenLayout(state: s)
        if layout.isTooSmall {
            TooSmallView(theme: s.theme).render(size: s.size, into: &buffer)
            return
        }
        TitleBar(state: s).render(in: layout.title, into: &buffer)
        if case .form(let form) = s.mode {
            RuleFormView(form: form, theme: s.theme).render(in: layout.formArea, into: &buffer)
        } else if case .confirm(.discardForm(let form)) = s.mode {
            RuleFormView(form: form, theme: s.theme).render(in: layout.formArea, into: &buffer)
        } else if case .findings(let panel) = s.mode {
            FindingsPanel(state: s, panel: panel).render(in: layout.formArea, into: &buffer)
        } else if case .fixPreview(let preview) = s.mode {
            FindingsPanel(state: s, panel: preview.panel).render(in: layout.formArea, into: &buffer)
        } else if case .export(let dialog) = s.mode {
            ExportDialog(state: s, dialog: dialog).render(in: layout.formArea, into: &buffer)
        } else if case .changes(let panel) = s.mode {
            ChangesPanel(state: s, panel: panel).render(in: layout.formArea, into: &buffer)
        } else if case .simulator(let sim) = s.mode {
            SimulatorPanel(state: s, sim: sim).render(in: layout.formArea, into: &buffer)
        } else {
            RuleTable(state: s).render(header: layout.tableHeader, body: layout.tableBody, into: &buffer)
            DetailPane(state: s).render(in: layout.detail, into: &buffer)
            if let pane = s.beside { SuggestionsPane(state: s, pane: pane).render(in: layout.suggestions, into: &buffer) }
        }
        StatusLine(state: s).render(in: layout.status, into: &buffer)
        KeyHintBar(state: s).render(in: layout.hints, into: &buffer)
        switch s.mode {
        case .help(let scroll):
            HelpOverlay(keymap: s.keymap, theme: s.theme, scroll: scroll).render(in: Rect(s.size), into: &buffer)
        case .confirm(let c):
            ConfirmDialog(confirmation: c, state: s).render(in: Rect(s.size), into: &buffer)
        case .fixPreview(let preview):
            FixPreviewDialog(state: s, preview: preview).render(in: Rect(s.size), into: &buffer)
        default:
            break
        }
    }
}

/// Shown instead of a broken layout when the terminal is below 80×24.
struct TooSmallView {
    let theme: Theme

    func render(size: Size, into buffer: inout CellBuffer) {
        let lines = [
            "Terminal too small: \(size.width)×\(size.height)", "Detour needs at least \(Size.minimum.width)×\(Size.minimum.height).",
            "Enlarge the window, or press q to quit."
        ]
        let top = max(0, (size.height - lines.count) / 2)
        for (k, line) in lines.enumerated() where top + k < size.height {
            let w = TextWidth.of(line)
            buffer.write(line, x: max(0, (size.width - w) / 2), y: top + k, style: k == 0 ? theme[.statusError] : theme[.base])
        }
    }
}
