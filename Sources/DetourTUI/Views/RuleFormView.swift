/// The rule form: one row per field with the label, the input and its validation message beside
/// it.
struct RuleFormView {
    let form: FormState
    let theme: Theme

    func render(in area: Rect, into buffer: inout CellBuffer) {
        guard area.height >= 3 else { return }
        let title: String =
            switch form.purpose {
            case .edit: "Edit rule '\(form.original.id)' — tab moves, enter applies, esc cancels"
            case .add: "New rule — tab moves, enter applies, esc cancels"
            case .accept: "Suggested rule — change it, enter accepts it into the file, esc goes back"
            }
        Box.draw(area, title: title, border: theme[.dialogBorder], titleStyle: theme[.dialogTitle], fill: theme[.base], into: &buffer)
        let layout = FormLayout(area: area)
        for field in FormFieldID.allCases {
            guard let y = layout.y(of: field) else { continue }
            let focused = field == form.focus
            let labelStyle = focused ? theme[.inputLabel].patched(Style(modifiers: .bold)) : theme[.inputLabel]
            buffer.write((focused ? "▸" : " ") + field.label, x: area.x + 1, y: y, maxWidth: FormLayout.labelWidth, style: labelStyle)
            let error = form.errors[field]
            var style = focused ? theme[.inputFieldFocused] : theme[.inputField]
            if error != nil { style = style.patched(theme[.inputInvalid]) }
            buffer.fill(Rect(x: layout.inputX, y: y, width: layout.inputWidth, height: 1), style: style)
            switch form.input(field) {
            case .text(let text):
                if text.text.isEmpty && !focused {
                    buffer.write(
                        field.placeholder, x: layout.inputX, y: y, maxWidth: layout.inputWidth, style: style.patched(theme[.hintDescription]))
                } else {
                    let (visible, cursorColumn) = text.visible(width: layout.inputWidth)
                    buffer.write(visible, x: layout.inputX, y: y, maxWidth: layout.inputWidth, style: style)
                    if focused { buffer.cursor = (layout.inputX + cursorColumn, y) }
                }
            case .choice(let options, let selected):
                let text = "◂ " + options[selected] + " ▸"
                buffer.write(text, x: layout.inputX, y: y, maxWidth: layout.inputWidth, style: style)
            }
            if let error {
                buffer.write("✗ " + error, x: layout.messageX, y: y, maxWidth: layout.messageWidth, style: theme[.inputInvalid])
            }
        }
    }
}
