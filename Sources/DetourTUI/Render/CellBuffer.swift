/// The single render target: a grid of cells that views draw into and the backend diffs against
/// the previous frame. Nothing here knows about curses.
public struct CellBuffer: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (a focused text field), if anywhere.
    public var cursor: (x: Int, y: Int)?

    public init(size: Size, fill: Cell = .blank) {
        self.size = size
        self.cells = Array(repeating: fill, count: size.width * size.height)
    }

    public static func == (a: CellBuffer, b: CellBuffer) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursor?.x == b.cursor?.x && a.cursor?.y == b.cursor?.y
    }

    public var area: Rect { Rect(size) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Fills `rect` (clipped to the buffer) with blanks of `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        let x0 = max(0, rect.x)
        let x1 = min(size.width, rect.maxX)
        let y0 = max(0, rect.y)
        let y1 = min(size.height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { self[x, y] = Cell(" ", style: style) } }
    }

    /// Restyles `rect` by patching every cell's style with `style` (keeps the text).
    public mutating func patchStyle(_ rect: Rect, with style: Style) {
        let x0 = max(0, rect.x)
        let x1 = min(size.width, rect.maxX)
        let y0 = max(0, rect.y)
        let y1 = min(size.height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { self[x, y].style = self[x, y].style.patched(style) } }
    }

    /// Writes `text` at (x, y), sanitized, clipped to `maxWidth` cells and to the buffer; a wide
    /// grapheme that would straddle the clip edge becomes a space. Returns the cells used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Style) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let limit = min(size.width, x + (maxWidth ?? size.width))
        var col = x
        for c in Sanitizer.visible(text) {
            let w = TextWidth.of(c)
            if w == 0 { continue }
            if col >= limit { break }
            if col + w > limit {
                if col >= 0 { self[col, y] = Cell(" ", style: style) }
                col += 1
                break
            }
            if col >= 0 {
                clearWide(at: col, y: y)
                self[col, y] = Cell(c, style: style)
                if w == 2 {
                    if col + 1 < size.width {
                        clearWide(at: col + 1, y: y)
                        self[col + 1, y] = Cell(" ", style: style, isContinuation: true)
                    }
                }
            }
            col += w
        }
        return max(0, col - x)
    }

    /// Overwriting half of a wide grapheme leaves the other half as a plain space.
    private mutating func clearWide(at x: Int, y: Int) {
        let cell = self[x, y]
        if cell.isContinuation, x > 0 {
            self[x - 1, y] = Cell(" ", style: self[x - 1, y].style)
        } else if x + 1 < size.width, self[x + 1, y].isContinuation, TextWidth.of(cell.grapheme) == 2 {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
    }

    /// The text of each row, continuation cells left out, trailing spaces kept.
    public var textLines: [String] {
        (0..<size.height).map { y in
            var s = ""
            for x in 0..<size.width where !self[x, y].isContinuation { s.append(self[x, y].grapheme) }
            return s
        }
    }

    /// The whole text, rows joined by newlines, trailing spaces trimmed.
    public var text: String {
        textLines.map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }

    /// The positions that differ from `previous` (everything when the size changed), as runs of
    /// cells on one row, so the backend writes only what changed.
    public func diff(from previous: CellBuffer?) -> [CellRun] {
        var runs: [CellRun] = []
        let full = previous == nil || previous!.size != size
        for y in 0..<size.height {
            var x = 0
            while x < size.width {
                let i = y * size.width + x
                if !full && previous!.cells[i] == cells[i] {
                    x += 1
                    continue
                }
                let start = x
                while x < size.width, full || previous!.cells[y * size.width + x] != cells[y * size.width + x] {
                    x += 1
                }
                // A changed continuation needs its lead grapheme redrawn.
                let from = start > 0 && cells[y * size.width + start].isContinuation ? start - 1 : start
                runs.append(CellRun(x: from, y: y, count: x - from))
            }
        }
        return runs
    }
}
