import CNcurses
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Puts the terminal back on every way out: normal quit, SIGTERM/SIGINT/SIGHUP/SIGQUIT (a flag
/// the loop acts on, after writing the recovery file) and crashes (SIGSEGV, SIGILL — Swift traps —,
/// SIGABRT, SIGBUS, SIGFPE, SIGTRAP), where an async-signal-safe handler writes precomputed
/// escape sequences, restores the saved tty modes and re-raises with the default action.
public enum TerminalGuard {
    /// The termination signal received, 0 when none.
    static let pendingSignal = Atomic<Int32>(0)

    // State the crash handler reads: prepared before curses starts, never allocated in the handler.
    nonisolated(unsafe) static var savedModes = termios()
    nonisolated(unsafe) static var haveSavedModes = false
    /// Where curses draws (stdout, duplicated): the restore bytes and the crash note go there.
    nonisolated(unsafe) static var ttyFD: Int32 = -1
    /// The terminal whose modes curses changes (stdin).
    nonisolated(unsafe) static var modesFD: Int32 = STDIN_FILENO
    nonisolated(unsafe) static var restoreBytes: UnsafeMutableBufferPointer<UInt8>?
    nonisolated(unsafe) static var crashNote: UnsafeMutableBufferPointer<UInt8>?
    nonisolated(unsafe) static var isActive = false

    public static let terminationSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT]
    public static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]

    /// Saves the tty modes and installs the handlers; call before `initscr` so curses leaves the
    /// termination signals to us.
    static func install(logPath: String?) {
        ttyFD = dup(STDOUT_FILENO)
        modesFD = STDIN_FILENO
        haveSavedModes = tcgetattr(modesFD, &savedModes) == 0
        let note =
            "\r\ndetour crashed; the terminal was restored" + (logPath.map { ". Details: \($0)" } ?? "")
            + ". Unsaved edits are offered again on the next start.\r\n"
        crashNote = copy(Array(note.utf8))

        var stack = stack_t()
        let stackSize = 1 << 16
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: stackSize, alignment: 16)
        stack.ss_size = stackSize
        stack.ss_flags = 0
        sigaltstack(&stack, nil)

        for sig in terminationSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in TerminalGuard.pendingSignal.store(sig, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: a blocking read returns so the loop sees the flag
            sigaction(sig, &action, nil)
        }
        for sig in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in TerminalGuard.crashed(sig) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(SA_ONSTACK) | Int32(bitPattern: UInt32(SA_RESETHAND))
            sigaction(sig, &action, nil)
        }
        // A parent may have left these blocked (test runners, some process supervisors); a
        // blocked SIGTERM would leave the terminal in raw mode forever.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in terminationSignals + crashSignals { sigaddset(&unblock, sig) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        isActive = true
    }

    /// Prepares the bytes that leave curses mode, read from terminfo once curses has started.
    static func prepareRestoreSequence() {
        var bytes: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let s = tigetstr(cap), Int(bitPattern: s) != -1 { bytes += Array(String(cString: s).utf8) }
        }
        bytes += Array(CursesTerminal.modesOffSequence.utf8)
        restoreBytes = copy(bytes)
    }

    private static func copy(_ bytes: [UInt8]) -> UnsafeMutableBufferPointer<UInt8> {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = buffer.initialize(from: bytes)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<bytes.count])
    }

    /// The crash path: only async-signal-safe calls (write, tcsetattr, raise).
    static func crashed(_ sig: Int32) {
        if isActive {
            if let b = restoreBytes { _ = write(ttyFD, b.baseAddress, b.count) }
            if haveSavedModes { _ = tcsetattr(modesFD, TCSAFLUSH, &savedModes) }
            if let n = crashNote { _ = write(ttyFD, n.baseAddress, n.count) }
        }
        signal(sig, SIG_DFL)
        raise(sig)
    }

    /// Restores the saved tty modes (after `endwin`, as a second line of defence).
    static func restoreModes() {
        if haveSavedModes { _ = tcsetattr(modesFD, TCSAFLUSH, &savedModes) }
    }

    /// Leaves the handlers in place but marks the terminal as already restored.
    static func deactivate() {
        isActive = false
    }

    /// Takes the received termination signal, if any.
    public static func takePendingSignal() -> Int32? {
        let s = pendingSignal.exchange(0, ordering: .relaxed)
        return s == 0 ? nil : s
    }

    /// Exits as the signal would have: default action, re-raised.
    public static func exitWith(signal sig: Int32) -> Never {
        for s in terminationSignals { signal(s, SIG_DFL) }
        raise(sig)
        exit(128 + sig)
    }
}
