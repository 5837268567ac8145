import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `detour edit`: checks the terminal, picks the theme, starts curses, loads the file with a
/// progress frame, offers recovered edits, runs the loop and restores the terminal on every way
/// out.
public enum EditorSession {
    /// Options from the command line.
    public struct Options: Sendable {
        public var path: String
        /// `--theme NAME|PATH`; nil: `DETOUR_THEME`, then `NO_COLOR` → monochrome, then default.
        public var theme: String?
        /// The text to open when `path` does not exist (the bundled example): the editor starts on
        /// it unsaved, and a save creates `path`.
        public var contents: [UInt8]?
        /// `--beside SUGGESTIONS.yaml`: suggestions to review beside the rules (a `detour suggest`
        /// file), with its bytes when they come from memory (`suggest --edit` without `-o`).
        public var beside: String?
        public var besideContents: [UInt8]?
        public init(path: String, theme: String? = nil, contents: [UInt8]? = nil, beside: String? = nil, besideContents: [UInt8]? = nil) {
            self.path = path
            self.theme = theme
            self.contents = contents
            self.beside = beside
            self.besideContents = besideContents
        }
    }

    /// A reason the editor did not start or ended badly, with the exit status to use.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public let lines: [String]
        public let exitCode: Int32
    }

    /// The theme to start with, following `--theme`, `DETOUR_THEME`, `NO_COLOR`.
    /// An explicit choice wins over `NO_COLOR` (no-color.org lets the user re-enable colour).
    public static func chooseTheme(explicit: String?, environment: [String: String], loader: ThemeLoader) throws -> Theme {
        if let name = explicit { return try loader.load(name) }
        if let name = environment["DETOUR_THEME"], !name.isEmpty { return try loader.load(name) }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return try loader.load("monochrome") }
        if environment["TERM"] == "dumb" { return try loader.load("monochrome") }
        return try loader.load("default")
    }

    /// Runs the editor; returns the process exit status.
    public static func run(_ options: Options) throws -> Int32 {
        let loader = ThemeLoader()
        let environment = ProcessInfo.processInfo.environment
        let chosenTheme: Theme
        do { chosenTheme = try chooseTheme(explicit: options.theme, environment: environment, loader: loader) } catch {
            throw Failure(description: "\(error)", lines: [], exitCode: 2)
        }

        let fileSize = (try? FileManager.default.attributesOfItem(atPath: options.path)[.size] as? Int) ?? nil
        let exists = FileManager.default.fileExists(atPath: options.path)
        guard exists || options.contents != nil else {
            throw Failure(description: "\(options.path): no such file (create one with `detour new \(options.path)`)", lines: [], exitCode: 2)
        }

        let review = try besideReview(options)

        guard CursesTerminal.isInteractive else {
            throw Failure(
                description: "detour edit needs a terminal: stdin and stdout must both be a tty (to print rules, use `detour list \(options.path)`)",
                lines: [], exitCode: 2)
        }
        // Load on another thread, started before curses so the two overlap.
        let stateFolder = RecoveryJournal.defaultStateFolder()
        // A server configuration is imported and edited under its new Detour name.
        let opened: ImportOpening.Opened?
        do { opened = try importedConfiguration(options.path) } catch let e as ImportError {
            throw Failure(description: "cannot import \(options.path)", lines: [e.description], exitCode: 2)
        }
        let journal = RecoveryJournal(editing: opened?.proposedPath ?? options.path, stateFolder: stateFolder)
        let loaded = opened == nil ? startLoading(options.path, contents: exists ? nil : options.contents, journal: journal) : nil
        let started = Date()

        let logPath = stateFolder + "/detour.log"
        try? FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let savedStderr = dup(STDERR_FILENO)
        TerminalGuard.install(logPath: logPath)
        // The Swift runtime prints fatal errors to stderr, which would vanish with the alternate
        // screen; send them to a log the crash note points at.
        let logFD = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if logFD >= 0 {
            dup2(logFD, STDERR_FILENO)
            close(logFD)
        }
        defer {
            if savedStderr >= 0 { dup2(savedStderr, STDERR_FILENO) }
        }

        let terminal: CursesTerminal
        do { terminal = try CursesTerminal() } catch { throw Failure(description: "\(error)", lines: [], exitCode: 2) }
        defer { terminal.restore() }
        let colors = terminal.colorCapability
        let adapt: @Sendable (Theme) -> Theme = { colors == .none ? $0.withoutColors : $0 }
        let theme = adapt(chosenTheme)

        var state: AppState
        if let opened {
            do { state = try AppState(imported: opened, size: terminal.size, theme: theme, themeNames: loader.availableNames()) } catch {
                terminal.restore()
                throw Failure(description: "cannot open the import of \(options.path)", lines: ["\(error)"], exitCode: 2)
            }
        } else {
            guard let loaded,
                let result = waitShowingProgress(
                    loaded, since: started, terminal: terminal, theme: theme,
                    path: options.path, bytes: fileSize)
            else {
                terminal.restore()
                return 130
            }
            let document: RuleFileDocument
            let recovered: RecoveredEdits?
            switch result {
            case .success(let (d, r)): (document, recovered) = (d, r)
            case .failure(let e as RuleFileError):
                terminal.restore()
                throw Failure(description: "cannot open \(options.path)", lines: e.diagnostics.map(\.description), exitCode: 2)
            case .failure(let e):
                terminal.restore()
                throw Failure(description: "\(e)", lines: [], exitCode: 2)
            }
            state = AppState(document: document, size: terminal.size, theme: theme, themeNames: loader.availableNames())
            if let recovered { state.mode = .confirm(.recovery(recovered)) }
            if !exists { state.status = .info("\(options.path) is not saved yet: ctrl+s writes it here") }
        }
        if let review { state.openBeside(review) }
        let loop = EditorLoop(
            state: state, terminal: terminal, journal: journal, themeLoader: loader, adaptTheme: adapt,
            savesInBackground: true, validator: { Validator() })
        let exit = loop.run(signal: TerminalGuard.takePendingSignal)
        terminal.restore()
        if case .signal(let sig) = exit {
            if savedStderr >= 0 { dup2(savedStderr, STDERR_FILENO) }
            if loop.state.hasUnsavedChanges {
                let note = "detour: stopped by signal \(sig); unsaved edits are kept and offered on the next start\n"
                _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            }
            TerminalGuard.exitWith(signal: sig)
        }
        return 0
    }

    /// The suggestions of `--beside`, read before the terminal changes so an error prints plainly.
    static func besideReview(_ options: Options) throws -> SuggestionReview? {
        guard let path = options.beside else { return nil }
        do {
            return try SuggestionReview(path: path, bytes: options.besideContents ?? AtomicFile.read(path))
        } catch let e as RuleFileError {
            throw Failure(description: "cannot open the suggestions \(path)", lines: e.diagnostics.map(\.description), exitCode: 2)
        } catch {
            throw Failure(description: "cannot open the suggestions \(path): \(error)", lines: [], exitCode: 2)
        }
    }

    /// The import of `path` when it is a server configuration (nginx, Apache, …) rather than a
    /// rule file; nil for rule files. Only files that are not `.yaml`/`.csv` are read for this.
    static func importedConfiguration(_ path: String) throws -> ImportOpening.Opened? {
        let lower = path.lowercased()
        guard ![".yaml", ".yml", ".csv"].contains(where: lower.hasSuffix), let bytes = try? AtomicFile.read(path) else { return nil }
        return try ImportOpening.open(path: path, contents: String(decoding: bytes, as: UTF8.self))
    }

    /// What the load job hands over: the document and the edits of an earlier session, if any.
    typealias Loaded = Result<(RuleFileDocument, RecoveredEdits?), Error>

    /// Starts loading `path` on another thread. The recovery file of an earlier session is read
    /// in the same job: for 10⁶ rules it is a second file of that size to parse and compare.
    /// `contents`: the text to start from instead, for a file that does not exist yet.
    static func startLoading(_ path: String, contents: [UInt8]? = nil, journal: RecoveryJournal) -> Locked<Loaded?> {
        let loaded = Locked<Loaded?>(nil)
        JobQueue(name: "detour.load", stackSize: 8 << 20, runsInline: false).enqueue {
            let result = Loaded { () throws -> (RuleFileDocument, RecoveredEdits?) in
                let document = try contents.map { try RuleFileDocument(path: path, bytes: $0) } ?? RuleFileDocument.load(path: path)
                return (document, journal.recoveredEdits(for: document))
            }
            loaded.update { $0 = result }
        }
        return loaded
    }

    /// Shows a progress frame until the load is done (after 50 ms, so small files just open);
    /// nil when the user cancelled with q or ctrl+c. A termination signal ends the process.
    static func waitShowingProgress(
        _ loaded: Locked<Loaded?>, since started: Date, terminal: CursesTerminal,
        theme: Theme, path: String, bytes: Int?
    ) -> Loaded? {
        var spinner = 0
        while true {
            if let result = loaded.update({ $0 }) { return result }
            if let sig = TerminalGuard.takePendingSignal() {
                terminal.restore()
                TerminalGuard.exitWith(signal: sig)
            }
            let elapsed = Date().timeIntervalSince(started)
            if elapsed > 0.05 {
                terminal.present(LoadingView.render(path: path, bytes: bytes, elapsed: elapsed, frame: spinner, size: terminal.size, theme: theme))
                spinner += 1
            }
            if case .key(let k)? = terminal.nextEvent(timeoutMilliseconds: 50), k == .ctrl("c") || k == .char("q") {
                return nil
            }
        }
    }
}
