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
    /// Saves run on another thread, so saving 10⁶ rules does not freeze the editor.
    let savesInBackground: Bool
    private let inbox = Inbox()
    private var saveThread: Thread?
    /// Frames presented (tests and benchmarks read it).
    public private(set) var framesPresented = 0
    /// Live validation, simulation and replay; nil: no live validation (simulation still works).
    private let work: BackgroundWork
    private let validatesLive: Bool
    /// The `detour` program, for `verify` from the export dialog (nil in tests).
    public var detourExecutable: String?
    /// Validation, simulation and replay run on other threads (false in tests: they run in
    /// `send`, so a test sees their results at once).
    let jobsInBackground: Bool
    /// The revision the last validation was started for.
    private var lastValidatedRevision: Int?

    /// How the loop ended.
    public enum Exit: Equatable { case quit, signal(Int32) }

    public init(state: AppState, document: RuleFileDocument, terminal: TerminalDevice,
                journal: RecoveryJournal?, themeLoader: ThemeLoader = ThemeLoader(),
                adaptTheme: @escaping (Theme) -> Theme = { $0 }, savesInBackground: Bool = false,
                validator: (@Sendable () -> Validator)? = nil, jobsInBackground: Bool? = nil) {
        self.savesInBackground = savesInBackground
        self.validatesLive = validator != nil
        self.work = BackgroundWork(makeValidator: validator ?? { Validator() })
        self.jobsInBackground = jobsInBackground ?? savesInBackground
        self.state = state
        self.document = document
        self.terminal = terminal
        self.journal = journal
        self.themeLoader = themeLoader
        self.adaptTheme = adaptTheme
    }

    /// Runs `job` on another thread (or at once in tests) and posts its action.
    private func background(_ job: @escaping @Sendable (BackgroundWork) -> Action?) -> Action? {
        let work = self.work
        guard jobsInBackground else { return job(work) }
        let inbox = self.inbox
        BackgroundWork.spawn { if let action = job(work) { inbox.post(action, nil) } }
        return nil
    }

    /// Feeds one action through `update` and runs what it asks for.
    public func send(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let effects = Editor.update(&state, queue.removeFirst())
            for effect in effects { if let result = run(effect) { queue.append(result) } }
            if !jobsInBackground { queue += takeInbox() }
        }
        if !jobsInBackground { scheduleValidation() }
    }

    /// Results waiting in the inbox (a finished save also brings the saved document).
    private func takeInbox() -> [Action] {
        inbox.drain().map { action, newDocument in
            if let newDocument { document = newDocument }
            return action
        }
    }

    /// Starts the validator on the rules as they are now, unless it already ran (or runs) for
    /// this revision or is busy with an older one (then the next call after it finishes starts).
    public func scheduleValidation() {
        guard validatesLive, state.revision != lastValidatedRevision, !work.isValidating else { return }
        let revision = state.revision
        lastValidatedRevision = revision
        _ = Editor.update(&state, .validationStarted(revision: revision))
        let inbox = self.inbox
        _ = work.startValidation(state.ruleSet, revision: revision, inBackground: jobsInBackground) { inbox.post($0, nil) }
        if !jobsInBackground { for action in takeInbox() { _ = Editor.update(&state, action) } }
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
            for action in takeInbox() { send(action) }
            scheduleValidation()
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
        finishSave()
        journal?.flush()
        return .quit
    }

    /// Waits for a background save (quitting must not cut a save short).
    public func finishSave() {
        while state.isSaving && savesInBackground {
            let results = inbox.wait()
            for (action, newDocument) in results {
                if let newDocument { document = newDocument }
                _ = Editor.update(&state, action)
            }
        }
    }

    /// Saves `set` through the document; returns the result and the document after the save.
    static func save(_ set: RuleSet, document: RuleFileDocument, force: Bool, serial: Int) -> (Action, RuleFileDocument?) {
        var document = document
        do {
            if !force && document.hasChangedOnDisk { return (.saveConflict, nil) }
            try document.save(set, force: force)
            return (.saved(serial: serial), document)
        } catch AtomicFile.Failure.changedOnDisk {
            return (.saveConflict, nil)
        } catch let e as RuleFileError {
            return (.saveFailed(e.description), nil)
        } catch {
            return (.saveFailed("\(error)"), nil)
        }
    }

    /// Performs one effect; returns the action that reports its result.
    func run(_ effect: Effect) -> Action? {
        switch effect {
        case .save(let force, let serial):
            let set = state.ruleSet
            guard savesInBackground else {
                let (action, saved) = EditorLoop.save(set, document: document, force: force, serial: serial)
                if let saved { document = saved }
                return action
            }
            let document = self.document, inbox = self.inbox
            let thread = Thread {
                let (action, saved) = EditorLoop.save(set, document: document, force: force, serial: serial)
                inbox.post(action, saved)
            }
            thread.stackSize = 8 << 20
            thread.start()
            return nil
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
        case .simulate(let job):
            let inbox = self.inbox
            work.simulate(job, set: state.ruleSet, revision: state.revision, inBackground: jobsInBackground) { inbox.post($0, nil) }
            return nil
        case .replay(let job):
            let inbox = self.inbox
            work.replay(job, set: state.ruleSet, revision: state.revision, inBackground: jobsInBackground) { inbox.post($0, nil) }
            return nil
        case .cancelJob(let id):
            work.cancel(id)
            return nil
        case .exportPreview(let job, let server, let directory):
            let set = state.ruleSet, path = state.path
            return background { work in
                switch ExportWork.preview(set, server: server, directory: directory, sourceFile: path) {
                case .success(let preview): return work.isCancelled(job) ? nil : .exportPreviewed(job: job, preview)
                case .failure(let e): return .exportFailed(job: job, e.message)
                }
            }
        case .checkExportTarget(let job, let directory, let names):
            return .exportTargetChecked(job: job, existing: ExportWork.existing(names: names, in: directory))
        case .writeExport(let job, let server, let directory):
            let set = state.ruleSet, path = state.path
            return background { _ in
                switch ExportWork.write(set, server: server, directory: directory, sourceFile: path) {
                case .success(let count): return .exportWritten(job: job, directory: directory, files: count)
                case .failure(let e): return .exportFailed(job: job, e.message)
                }
            }
        case .verifyExport(let job, let server):
            guard let executable = detourExecutable else {
                return .exportFailed(job: job, "verify runs the detour binary, which this session does not have")
            }
            let rulesPath: String
            do { rulesPath = try ExportWork.rulesFile(state.ruleSet, document: document, unsaved: state.hasUnsavedChanges) }
            catch { return .exportFailed(job: job, "verify: cannot write the rules for it: \(error)") }
            return background { work in
                let (lines, agreed) = ExportWork.verify(executable: executable, rulesPath: rulesPath, server: server) { work.isCancelled(job) }
                return .verifyFinished(job: job, lines: lines, agreed: agreed)
            }
        }
    }
}

/// Results of background work, handed to the loop's thread.
final class Inbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [(Action, RuleFileDocument?)] = []

    func post(_ action: Action, _ document: RuleFileDocument?) {
        condition.lock()
        items.append((action, document))
        condition.signal()
        condition.unlock()
    }

    func drain() -> [(Action, RuleFileDocument?)] {
        condition.lock()
        defer { condition.unlock() }
        let out = items
        items.removeAll()
        return out
    }

    /// Blocks until something arrives.
    func wait() -> [(Action, RuleFileDocument?)] {
        condition.lock()
        while items.isEmpty { condition.wait() }
        let out = items
        items.removeAll()
        condition.unlock()
        return out
    }
}
