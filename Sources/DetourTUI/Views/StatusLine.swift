/// The line above the key hints: the filter or command prompt while typing, otherwise the last
/// message.
struct StatusLine {
    let state: AppState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        guard !area.isEmpty else { return }
        let s = state
        let theme = s.theme
        buffer.fill(area, style: theme[.base])
        switch s.mode {
        case .filter:
            let field = s.filter?.field ?? TextField()
            var x = area.x + buffer.write("/", x: area.x, y: area.y, style: theme[.prompt])
            let info = filterInfo()
            let fieldWidth = max(10, area.width - 1 - TextWidth.of(info) - 2)
            let (visible, cursorColumn) = field.visible(width: fieldWidth)
            buffer.write(visible, x: x, y: area.y, maxWidth: fieldWidth, style: theme[.prompt])
            buffer.cursor = (x + cursorColumn, area.y)
            x += fieldWidth + 1
            buffer.write(info, x: x, y: area.y, maxWidth: area.maxX - x, style: theme[.statusInfo])
        case .command(let field):
            let x = area.x + buffer.write(":", x: area.x, y: area.y, style: theme[.prompt])
            let fieldWidth = s.completions.isEmpty ? area.width - 1 : min(30, area.width / 2)
            let (visible, cursorColumn) = field.visible(width: fieldWidth)
            buffer.write(visible, x: x, y: area.y, maxWidth: fieldWidth, style: theme[.prompt])
            buffer.cursor = (x + cursorColumn, area.y)
            if !s.completions.isEmpty {
                let cx = x + fieldWidth + 1
                buffer.write(s.completions.joined(separator: "  "), x: cx, y: area.y, maxWidth: area.maxX - cx, style: theme[.hintDescription])
            }
        case .form(let form):
            if let status = s.status, status.kind == .error {
                buffer.write(status.text, x: area.x, y: area.y, maxWidth: area.width, style: theme[.statusError])
            } else if let message = form.errors[form.focus] {
                buffer.write("\(form.focus.label): \(message)", x: area.x, y: area.y, maxWidth: area.width, style: theme[.statusError])
            } else {
                let count = form.errors.count
                let text = count == 0 ? "every field is valid; enter applies" : "\(count) field\(count == 1 ? "" : "s") to fix before enter applies"
                buffer.write(text, x: area.x, y: area.y, maxWidth: area.width, style: theme[.statusInfo])
            }
        default:
            if let status = s.status {
                let style = status.kind == .error ? theme[.statusError] : theme[.statusInfo]
                let prefix = status.kind == .error ? "error: " : ""
                buffer.write(prefix + status.text, x: area.x, y: area.y, maxWidth: area.width, style: style)
            } else if s.isFilterScanning {
                buffer.write(filterInfo(), x: area.x, y: area.y, maxWidth: area.width, style: theme[.statusInfo])
            }
        }
    }

    private func filterInfo() -> String {
        guard let f = state.filter, !f.isEmpty else { return "type to filter; enter keeps, esc clears" }
        let total = max(1, state.rules.count)
        if state.isFilterScanning {
            return "\(f.matches.count) matches so far, scanned \(f.scanned * 100 / total)%"
        }
        return "\(f.matches.count) match\(f.matches.count == 1 ? "" : "es") of \(state.rules.count)"
    }
}
