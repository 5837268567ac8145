import DetourCore
import Foundation

/// The run loop: read input, turn it into actions, `update`, hand the effects to the runtime,
/// take its results back as actions, and render once for everything that arrived (a paste or a
/// key repeat costs one frame, not hundreds). Nothing here waits for a job: a reload or a verify
/// runs while keys keep being handled.
public final class EditorLoop {
    public private(set) var state: AppState
    let terminal: TerminalDevice
    let runner: EffectRunner
    private var lastFrame: CellBuffer?
    /// Frames presented (tests and benchmarks read it).
    public private(set) var framesPresented = 0
    private let validatesLive: Bool
    /// The revision the last validation was asked for.
    private var lastValidatedRevision: Int?

    /// How the loop ended.
    public enum Exit: Equatable {
        case quit
        case signal(Int32)
    }

    /// `savesInBackground`: the file's jobs (save, reload, recovery file, disk check) run on
    /// another thread. `jobsInBackground` (default: the same): validation, simulation, replay
    /// and export too. Tests pass false so jobs run inside `send` and their results are handled
    /// before it returns. `validator`: nil means no live validation (simulation still works).
    public init(
        state: AppState, terminal: TerminalDevice, journal: RecoveryJournal?,
        themeLoader: ThemeLoader = ThemeLoader(), adaptTheme: @escaping @Sendable (Theme) -> Theme = { $0 },
        savesInBackground: Bool = false, validator: (@Sendable () -> Validator)? = nil,
        jobsInBackground: Bool? = nil
    ) {
        self.validatesLive = validator != nil
        self.runner = EffectRunner(
            fileJobsInBackground: savesInBackground,
            jobsInBackground: jobsInBackground ?? savesInBackground, journal: journal,
            themeLoader: themeLoader, adaptTheme: adaptTheme,
            makeValidator: validator ?? { Validator() })
        self.state = state
        self.terminal = terminal
    }

    /// Feeds one action through `update`, hands its effects to the runtime, and handles the
    /// results of jobs that ran inline (tests) the same way before returning.
    public func send(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let effects = Editor.update(&state, queue.removeFirst())
            for effect in effects {
                if let result = perform(effect) { queue.append(result) }
            }
            queue += runner.inlineResults.drain()
        }
        if !runner.validation.runsInline { return }
        scheduleValidation()
    }

    /// The terminal's own effects run here, on its thread; everything else goes to the runtime.
    private func perform(_ effect: Effect) -> Action? {
        switch effect {
        case .suspend:
            terminal.suspend()
            lastFrame = nil
            return .event(.resize(terminal.size))
        case .quit:
            return nil
        default:
            runner.perform(effect, in: state)
            return nil
        }
    }

    /// Hands the results that came back from background jobs to `update`; returns how many.
    @discardableResult
    public func receiveResults() -> Int {
        let results = runner.inbox.drain()
        for action in results { send(action) }
        return results.count
    }

    /// Waits until every background job has finished and its results are handled (tests and
    /// benchmarks; the loop itself never waits for a job).
    public func settle() {
        repeat {
            while !runner.isIdle { _ = runner.inbox.wait(timeout: 0.01).map(send) }
        } while receiveResults() > 0 || !runner.isIdle
    }

    /// Asks for a validation of the rules as they are now, unless one already ran (or runs) for
    /// this revision or is busy with an older one (then the next call after it finishes asks).
    public func scheduleValidation() {
        guard validatesLive, state.revision != lastValidatedRevision, state.validatingRevision == nil else { return }
        lastValidatedRevision = state.revision
        send(.validationStarted(revision: state.revision))
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

    /// Runs until the user quits (and a save asked for on the way out has finished) or a
    /// termination signal arrives.
    public func run(signal: () -> Int32? = { nil }) -> Exit {
        if state.size != terminal.size { send(.event(.resize(terminal.size))) }
        renderIfNeeded()
        while !(state.isQuitting && !state.isSaving) {
            if let sig = signal() {
                runner.writeRecoveryNow(state)
                return .signal(sig)
            }
            // Results show at once, not after the next wait for input.
            if receiveResults() > 0, !state.isQuitting { renderIfNeeded() }
            scheduleValidation()
            if state.isQuitting {
                // `:wq` waits for its save; keys wait too, so nothing typed now is left unsaved.
                if state.isSaving { for action in runner.inbox.wait(timeout: 0.1) { send(action) } }
                if !state.isQuitting { renderIfNeeded() }
                continue
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
            send(.tick(seconds: Date().timeIntervalSince1970))
            if !state.isQuitting { renderIfNeeded() }
        }
        runner.finishFileJobs()
        return .quit
    }
}
