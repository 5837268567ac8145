import DetourCore
import Foundation

/// The editor's one runtime: performs every effect `update` asks for, off the input thread, and
/// posts each result as an action to the inbox the loop reads. Only the terminal's own effects
/// (suspend, quit) stay with the loop, because curses lives on its thread.
///
/// Concurrency is one mechanism: serial `JobQueue`s on threads of our own, one per kind of job,
/// with all shared data behind `Locked`. One queue per kind keeps the file's jobs (save, reload,
/// recovery file, disk check) in order, so a recovery write never lands after a save's discard,
/// while a long replay or export does not hold up validation. Threads and a condition lock
/// rather than Swift tasks because the validator needs a 64 MB stack, which the cooperative
/// pool's threads do not have, and because the loop must block on "input or a result".
final class EffectRunner: Sendable {
    /// Results of background jobs; the loop takes them once per turn.
    let inbox = Inbox()
    /// Results of jobs that ran inline (tests); `send` takes them before it returns.
    let inlineResults = Inbox()
    /// Save, reload, the recovery file, the disk check and theme files: one file, one order.
    let files: JobQueue
    let validation: JobQueue
    /// Simulation and replay.
    let simulation: JobQueue
    /// The export dialog's preview, target check, write and verify.
    let export: JobQueue
    /// The export dialog's per-target summaries.
    let summaries: JobQueue
    /// What accepting each suggestion of the `--beside` pane would do.
    let suggestions: JobQueue
    let cancelled = CancelledJobs()
    let simulators = SimulatorCache()
    let journal: RecoveryJournal?
    let themeLoader: ThemeLoader
    let adaptTheme: @Sendable (Theme) -> Theme
    let makeValidator: @Sendable () -> Validator

    init(
        fileJobsInBackground: Bool, jobsInBackground: Bool, journal: RecoveryJournal?, themeLoader: ThemeLoader,
        adaptTheme: @escaping @Sendable (Theme) -> Theme, makeValidator: @escaping @Sendable () -> Validator
    ) {
        files = JobQueue(name: "detour.files", stackSize: 8 << 20, runsInline: !fileJobsInBackground)
        validation = JobQueue(name: "detour.validation", stackSize: 64 << 20, runsInline: !jobsInBackground)
        simulation = JobQueue(name: "detour.simulation", stackSize: 64 << 20, runsInline: !jobsInBackground)
        export = JobQueue(name: "detour.export", stackSize: 64 << 20, runsInline: !jobsInBackground)
        summaries = JobQueue(name: "detour.export-summaries", stackSize: 64 << 20, runsInline: !jobsInBackground)
        suggestions = JobQueue(name: "detour.suggestions", stackSize: 64 << 20, runsInline: !jobsInBackground)
        self.journal = journal
        self.themeLoader = themeLoader
        self.adaptTheme = adaptTheme
        self.makeValidator = makeValidator
    }

    /// Where results of jobs on `queue` go.
    private func poster(for queue: JobQueue) -> @Sendable (Action) -> Void {
        let inbox = queue.runsInline ? inlineResults : self.inbox
        return { inbox.post($0) }
    }

    /// Runs `job` on `queue` and posts the action it returns.
    private func run(on queue: JobQueue, _ job: @escaping @Sendable () -> Action?) {
        let post = poster(for: queue)
        queue.enqueue { if let action = job() { post(action) } }
    }

    /// Runs an export dialog job unless it was cancelled while it waited in the queue.
    private func runExport(_ id: Int, _ job: @escaping @Sendable () -> Action?) {
        let cancelled = self.cancelled
        run(on: export) { cancelled.contains(id) ? nil : job() }
    }

    /// Starts `effect` with the values it needs copied from `state` (the state right after the
    /// `update` that asked for it). `.suspend` and `.quit` belong to the loop and are ignored.
    func perform(_ effect: Effect, in state: AppState) {
        let set = state.ruleSet
        let path = state.path
        let document = state.document
        switch effect {
        case .save(let force, let serial):
            run(on: files) { DocumentJobs.save(set, document: document, force: force, serial: serial) }
        case .reload:
            run(on: files) { DocumentJobs.reload(path: path) }
        case .checkDisk(let expected):
            run(on: files) { DocumentJobs.checkDisk(path: path, expected: expected) }
        case .writeRecovery(let serial):
            let journal = self.journal
            run(on: files) {
                if let journal, let document { journal.write(set, document: document) }
                return .recoveryWritten(serial: serial)
            }
        case .discardRecovery:
            let journal = self.journal
            run(on: files) {
                journal?.discard()
                return nil
            }
        case .loadTheme(let name):
            let loader = themeLoader
            let adapt = adaptTheme
            run(on: files) {
                do { return .themeLoaded(adapt(try loader.load(name))) } catch { return .themeFailed("\(error)") }
            }
        case .validate(let revision):
            let makeValidator = self.makeValidator
            run(on: validation) { AnalysisJobs.validate(set, revision: revision, makeValidator: makeValidator) }
        case .simulate(let job):
            let revision = state.revision
            let cache = simulators
            let cancelled = self.cancelled
            run(on: simulation) {
                AnalysisJobs.simulate(job, set: set, document: document, revision: revision, cache: cache, cancelled: cancelled)
            }
        case .replay(let job):
            let revision = state.revision
            let cache = simulators
            let cancelled = self.cancelled
            let post = poster(for: simulation)
            run(on: simulation) {
                AnalysisJobs.replay(job, set: set, revision: revision, cache: cache, cancelled: cancelled, post: post)
            }
        case .diffAgainstDisk(let job):
            let path = state.path
            let unlined = state.ruleSet
            let cancelled = self.cancelled
            // The file's lines are looked up in the job, off the input thread.
            run(on: simulation) {
                AnalysisJobs.diffAgainstDisk(job, path: path, current: unlined.withLines(of: document), now: .now(), cancelled: cancelled)
            }
        case .cancelJob(let id):
            cancelled.cancel(id)
        case .exportPreview, .checkExportTarget, .writeExport, .verifyExport:
            performExport(effect, in: state)
        case .summarizeExports(let job):
            // Its own queue: exporting to every target takes a while on a large file, and the
            // preview, write and verify must not wait behind it.
            let cancelled = self.cancelled
            run(on: summaries) { ExportWork.summaries(set, isCancelled: { cancelled.contains(job) }).map { .exportSummarized(job: job, $0) } }
        case .assessSuggestions(let job, let revision, let items):
            guard let review = state.beside?.review else { break }
            let makeValidator = self.makeValidator
            let cancelled = self.cancelled
            let post = poster(for: suggestions)
            let document = state.document
            // With the file's lines, so a finding names `line 25`; looked up in the job, off the input thread.
            run(on: suggestions) {
                AnalysisJobs.assessSuggestions(
                    job, revision: revision, items: items, review: review, set: set.withLines(of: document), makeValidator: makeValidator,
                    cancelled: cancelled, post: post)
            }
        case .suspend, .quit:
            break
        }
    }

    /// The export dialog's jobs, on the export queue.
    private func performExport(_ effect: Effect, in state: AppState) {
        let unlined = state.ruleSet
        let document = state.document
        // The file's lines are looked up in the job, off the input thread.
        let lined: @Sendable () -> RuleSet = { unlined.withLines(of: document) }
        let path = state.path
        switch effect {
        case .exportPreview(let job, let server, let directory):
            let cancelled = self.cancelled
            runExport(job) {
                switch ExportWork.preview(lined(), server: server, directory: directory, sourceFile: path) {
                case .success(let preview): return cancelled.contains(job) ? nil : .exportPreviewed(job: job, preview)
                case .failure(let e): return .exportFailed(job: job, e.message)
                }
            }
        case .checkExportTarget(let job, let directory, let names):
            runExport(job) { .exportTargetChecked(job: job, existing: ExportWork.existing(names: names, in: directory)) }
        case .writeExport(let job, let server, let directory):
            runExport(job) {
                switch ExportWork.write(lined(), server: server, directory: directory, sourceFile: path) {
                case .success(let count): return .exportWritten(job: job, directory: directory, files: count)
                case .failure(let e): return .exportFailed(job: job, e.message)
                }
            }
        case .verifyExport(let job, let server):
            // The rules as they are in the editor, saved or not: the verifier takes them in memory.
            let cancelled = self.cancelled
            let post = poster(for: export)
            runExport(job) {
                let (lines, agreed) = ExportWork.verify(
                    lined(), server: server, sourceFile: path,
                    progress: { post(.verifyProgress(job: job, sent: $0.sent, total: $0.total)) },
                    isCancelled: { cancelled.contains(job) })
                return .verifyFinished(job: job, lines: lines, agreed: agreed)
            }
        default:
            break
        }
    }

    /// Whether every queue is idle (nothing queued or running).
    var isIdle: Bool { [files, validation, simulation, export, summaries, suggestions].allSatisfy(\.isIdle) }

    /// Waits for the file jobs (a save, a recovery write or discard) to finish: quitting or a
    /// signal must not cut them short.
    func finishFileJobs() {
        files.waitUntilIdle()
    }

    /// Writes the unsaved edits now, on this thread, after the file jobs already asked for (a
    /// termination signal arrived; the process ends next).
    func writeRecoveryNow(_ state: AppState) {
        files.waitUntilIdle()
        if let journal, let document = state.document { journal.writeNow(state, document: document) }
    }
}
