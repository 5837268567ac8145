import DetourCore
import Foundation

/// The run loop: read input, turn it into actions, `update`, run the effects, render once for
/// everything that arrived (a paste or a key repeat costs one frame, not hundreds).
public final class EditorLoop {
    public private(set) var state: AppState
    public private(set) var document: RuleFileDocument
    let terminal: TerminalDevice
    let journal: RecoveryJournal?
    let themeLoader: ThemeLoader
    /// Theme post-processing (colour removed when the terminal has none).
    let adaptTheme: (Theme) -> Theme
    private var lastFrame: CellBuffer?
    /// Frames presented (tests and benchmarks read it).
    public private(set) var framesPresented = 0

    /// How the loop ended.
    public enum Exit: Equatable { case quit, signal(Int32) }

    public init(state: AppState, document: RuleFileDocument, terminal: TerminalDevice,
                journal: RecoveryJournal?, themeLoader: ThemeLoader = ThemeLoader(),
                adaptTheme: @escaping (Theme) -> Theme = { $0 }) {
        self.state = state
        self.document = document
        self.terminal = terminal
        self.journal = journal
        self.themeLoader = themeLoader
        self.adaptTheme = adaptTheme
    }

    /// Feeds one action through `update` and runs what it asks for.
    public func send(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let effects = Editor.update(&state, queue.removeFirst())
            for effect in effects { if let result = run(effect) { queue.append(result) } }
        }
    }

    /// Draws the state if it looks different from the last frame.
    public func renderIfNeeded() {
        let frame = Screen.render(state)
        if frame != lastFrame {
            terminal.present(frame)
            lastFrame = frame
            framesPresented += 1
        }
    }

    /// Runs until the user quits or a termination signal arrives.
    public func run(signal: () -> Int32? = { nil }) -> Exit {
        if state.size != terminal.size { send(.event(.resize(terminal.size))) }
        renderIfNeeded()
        while !state.isQuitting {
            if let sig = signal() {
                journal?.writeNow(state, document: document)
                return .signal(sig)
            }
            let scanning = state.isFilterScanning
            if let event = terminal.nextEvent(timeoutMilliseconds: scanning ? 0 : 100) {
                send(.event(event))
                var drained = 0
                while drained < 256, !state.isQuitting, let more = terminal.nextEvent(timeoutMilliseconds: 0) {
                    send(.event(more))
                    drained += 1
                }
            } else if scanning {
                send(.filterStep)
            }
            journal?.tick(state, document: document, now: Date().timeIntervalSince1970)
            if !state.isQuitting { renderIfNeeded() }
        }
        journal?.flush()
        return .quit
    }

    /// Performs one effect; returns the action that reports its result.
    func run(_ effect: Effect) -> Action? {
        switch effect {
        case .save(let force):
            do {
                if !force && document.hasChangedOnDisk { return .saveConflict }
                try document.save(state.ruleSet, force: force)
                return .saved
            } catch AtomicFile.Failure.changedOnDisk {
                return .saveConflict
            } catch let e as RuleFileError {
                return .saveFailed(e.description)
            } catch {
                return .saveFailed("\(error)")
            }
        case .reload:
            do {
                document = try RuleFileDocument.load(path: document.path)
                return .reloaded(document.ruleSet)
            } catch let e as RuleFileError {
                return .saveFailed("cannot reload: " + (e.diagnostics.first?.description ?? e.description))
            } catch {
                return .saveFailed("cannot reload: \(error)")
            }
        case .loadTheme(let name):
            do { return .themeLoaded(adaptTheme(try themeLoader.load(name))) } catch { return .themeFailed("\(error)") }
        case .discardRecovery:
            journal?.discard()
            return nil
        case .suspend:
            terminal.suspend()
            lastFrame = nil
            return .event(.resize(terminal.size))
        case .quit:
            state.isQuitting = true
            return nil
        }
    }
}
