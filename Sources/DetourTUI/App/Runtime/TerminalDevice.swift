/// A place the editor draws frames and reads input from: curses in production, memory in tests.
public protocol TerminalDevice: AnyObject {
    var size: Size { get }
    /// Draws `frame`, writing only the cells that changed since the last frame.
    func present(_ frame: CellBuffer)
    /// The next input, waiting at most `timeoutMilliseconds` (0: only what is already there).
    func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent?
    /// Ctrl-Z: give the terminal back to the shell until resumed, then repaint.
    func suspend()
    /// Puts the terminal back as it was; safe to call more than once.
    func restore()
    /// How many colours the terminal shows (`.none` for monochrome).
    var colorCapability: ColorCapability { get }
}
