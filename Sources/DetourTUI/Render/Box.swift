/// Draws a single-line box with Unicode box characters and an optional title in the top border.
public enum Box {
    public static func draw(_ r: Rect, title: String? = nil, border: Style, titleStyle: Style, fill: Style? = nil, into buffer: inout CellBuffer) {
        guard r.width >= 2, r.height >= 2 else { return }
        if let fill { buffer.fill(r.inset(1), style: fill) }
        let horizontal = String(repeating: "─", count: r.width - 2)
        buffer.write("┌" + horizontal + "┐", x: r.x, y: r.y, style: border)
        buffer.write("└" + horizontal + "┘", x: r.x, y: r.maxY - 1, style: border)
        for y in (r.y + 1)..<(r.maxY - 1) {
            buffer.write("│", x: r.x, y: y, style: border)
            buffer.write("│", x: r.maxX - 1, y: y, style: border)
        }
        if let title, r.width > 6 {
            buffer.write(" " + title + " ", x: r.x + 2, y: r.y, maxWidth: r.width - 4, style: titleStyle)
        }
    }
}
