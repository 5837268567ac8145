/// The frame shown while a big file loads: which file, how big, how long so far.
public enum LoadingView {
    public static func render(path: String, bytes: Int?, elapsed: Double, frame: Int, size: Size, theme: Theme) -> CellBuffer {
        var buffer = CellBuffer(size: size, fill: Cell(" ", style: theme[.base]))
        let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"][frame % 10]
        let sizeText = bytes.map { $0 >= 1_000_000 ? "\(Double($0 / 100_000) / 10) MB" : "\($0 / 1000) kB" } ?? ""
        let seconds = Double(Int(elapsed * 10)) / 10
        let lines = ["\(spinner) Loading \(path)", "\(sizeText), \(seconds) s so far", "ctrl+c cancels"]
        let top = max(0, size.height / 2 - 1)
        for (k, line) in lines.enumerated() where top + k < size.height {
            buffer.write(line, x: max(0, (size.width - TextWidth.of(line)) / 2), y: top + k, style: k == 0 ? theme[.title] : theme[.hintDescription])
        }
        return buffer
    }
}
