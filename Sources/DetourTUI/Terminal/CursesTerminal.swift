import CNcurses

#if canImport(Glibc)
    import Glibc
#endif

/// The ncurses backend: raw mode, wide characters, colours through a pair allocator, bracketed
/// paste, mouse, resize. It writes only the cells that changed between frames.
public final class CursesTerminal: TerminalDevice {
    /// Bracketed paste and mouse reporting off: written on every way out.
    static let modesOffSequence = "\u{1b}[?2004l\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1006l"
    static let pasteOnSequence = "\u{1b}[?2004h"

    public private(set) var size: Size
    public private(set) var colorCapability: ColorCapability
    private var previous: CellBuffer?
    private var pairs: PairAllocator
    private var attrCache: [Style: (attrs: attr_t, pair: Int32)] = [:]
    private var isRunning = false
    private var pendingEscape = false

    /// Why the editor cannot start in this terminal.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether stdin and stdout are both terminals (curses would otherwise write escape codes into
    /// a file or read keys from a pipe).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Starts curses. Install `TerminalGuard` first.
    public init() throws {
        setlocale(LC_ALL, "")
        guard initscr() != nil else {
            throw Unavailable(description: "cannot start curses for TERM=\(String(cString: getenv("TERM") ?? strdup("")))")
        }
        raw()
        noecho()
        nonl()
        keypad(detour_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        var capability = ColorCapability.none
        if has_colors() {
            start_color()
            use_default_colors()
            capability = ColorCapability(colors: Int(detour_colors()))
        }
        colorCapability = capability
        let limit = Int(detour_color_pairs())
        pairs = PairAllocator(limit: limit) { pair, fg, bg in _ = init_extended_pair(Int32(pair), Int32(fg), Int32(bg)) }
        _ = define_key("\u{1b}[200~", KeyDecoder.pasteStartCode)
        _ = define_key("\u{1b}[201~", KeyDecoder.pasteEndCode)
        mousemask(detour_mouse_mask(), nil)
        mouseinterval(200)
        size = Size(width: Int(detour_cols()), height: Int(detour_lines()))
        TerminalGuard.prepareRestoreSequence()
        writeRaw(CursesTerminal.pasteOnSequence)
        isRunning = true
    }

    private func writeRaw(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    // MARK: - Output

    public func present(_ frame: CellBuffer) {
        if frame.size != size { previous = nil }
        for run in frame.diff(from: previous) {
            var x = run.x
            while x < run.x + run.count {
                let cell = frame[x, run.y]
                if !cell.isContinuation { draw(cell, x: x, y: run.y) }
                x += 1
            }
        }
        if let c = frame.cursor, c.x < size.width, c.y < size.height {
            curs_set(1)
            wmove(detour_stdscr(), Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(detour_stdscr())
        doupdate()
        previous = frame
    }

    private func draw(_ cell: Cell, x: Int, y: Int) {
        let (attrs, pair) = resolve(cell.style)
        var chars: [wchar_t] = []
        for u in cell.grapheme.unicodeScalars.prefix(5) { chars.append(wchar_t(bitPattern: u.value)) }
        chars.append(0)
        _ = detour_put_cell(Int32(y), Int32(x), chars, attrs, pair)
    }

    private func resolve(_ style: Style) -> (attr_t, Int32) {
        if let cached = attrCache[style] { return cached }
        let fg = ColorDownsampling.map(style.fg, to: colorCapability)
        let bg = ColorDownsampling.map(style.bg, to: colorCapability)
        var attrs = detour_attr_normal()
        let m = style.modifiers
        if m.contains(.bold) || fg.needsBold { attrs |= detour_attr_bold() }
        if m.contains(.dim) { attrs |= detour_attr_dim() }
        if m.contains(.italic) { attrs |= detour_attr_italic() }
        if m.contains(.underline) { attrs |= detour_attr_underline() }
        if m.contains(.reverse) { attrs |= detour_attr_reverse() }
        if m.contains(.standout) { attrs |= detour_attr_standout() }
        let pair = colorCapability == .none ? 0 : Int32(pairs.pair(fg: fg.index, bg: bg.index))
        attrCache[style] = (attrs, pair)
        return (attrs, pair)
    }

    // MARK: - Input

    public func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        wtimeout(detour_stdscr(), Int32(timeoutMilliseconds))
        var ch: wint_t = 0
        let r = wget_wch(detour_stdscr(), &ch)
        guard r != ERR else { return nil }
        switch KeyDecoder.decode(ch, isFunctionKey: r == KEY_CODE_YES) {
        case .key(let k): return .key(k)
        case .escape:
            // Alt+key arrives as ESC immediately followed by the key.
            wtimeout(detour_stdscr(), 0)
            var next: wint_t = 0
            let r2 = wget_wch(detour_stdscr(), &next)
            if r2 == OK, case .key(.char(let c)) = KeyDecoder.decode(next, isFunctionKey: false) { return .key(.alt(c)) }
            if r2 == OK, next == 127 { return .key(.alt("\u{7f}")) }
            if r2 != ERR { unget_wch(wchar_t(bitPattern: next)) }
            return .key(.esc)
        case .pasteStart: return readPaste()
        case .pasteEnd, .ignored: return nextEvent(timeoutMilliseconds: 0)
        case .resize:
            size = Size(width: Int(detour_cols()), height: Int(detour_lines()))
            previous = nil
            clearok(detour_stdscr(), true)
            return .resize(size)
        case .mouse:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = event.bstate
            let kind: MouseEvent.Kind
            if state & detour_button1_double_clicked() != 0 {
                kind = .doubleClick
            } else if state & detour_wheel_up() != 0 {
                kind = .wheelUp
            } else if state & detour_wheel_down() != 0 {
                kind = .wheelDown
            } else if state & detour_button1_clicked() != 0 {
                kind = .click
            } else {
                return nil
            }
            return .mouse(MouseEvent(kind, x: Int(event.x), y: Int(event.y)))
        }
    }

    /// Collects everything up to the paste-end marker into one event.
    private func readPaste() -> TerminalEvent {
        var text = String.UnicodeScalarView()
        wtimeout(detour_stdscr(), 500)
        while true {
            var ch: wint_t = 0
            let r = wget_wch(detour_stdscr(), &ch)
            if r == ERR { break }
            if r == KEY_CODE_YES {
                if Int32(ch) == KeyDecoder.pasteEndCode { break }
                continue
            }
            if ch == 13 {
                text.append("\n")
                continue
            }
            if let u = Unicode.Scalar(ch) { text.append(u) }
        }
        return .paste(String(text))
    }

    // MARK: - Suspend and restore

    public func suspend() {
        def_prog_mode()
        endwin()
        writeRaw(CursesTerminal.modesOffSequence)
        TerminalGuard.restoreModes()
        signal(SIGTSTP, SIG_DFL)
        // The whole process group, as the tty driver does for ^Z outside raw mode, so a shell
        // that started us inside a subshell or pipeline sees the job stop.
        kill(0, SIGTSTP)
        // Resumed (fg).
        reset_prog_mode()
        writeRaw(CursesTerminal.pasteOnSequence)
        previous = nil
        clearok(detour_stdscr(), true)
        size = Size(width: Int(detour_cols()), height: Int(detour_lines()))
    }

    public func restore() {
        guard isRunning else { return }
        isRunning = false
        endwin()
        writeRaw(CursesTerminal.modesOffSequence)
        TerminalGuard.restoreModes()
        TerminalGuard.deactivate()
    }

    deinit { restore() }
}
