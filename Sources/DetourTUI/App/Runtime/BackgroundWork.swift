import DetourCore
import Foundation

/// The editor's work off the input path: one validation at a time on the newest revision of the
/// rules (a run for an older revision finishes, its results are dropped by `update`, and the next
/// run takes whatever is newest), and simulation or replay jobs. Results come back as actions
/// through the loop's inbox, so `update` stays the only place state changes.
final class BackgroundWork: @unchecked Sendable {
    private let lock = NSLock()
    private var validating = false
    private var cancelled: Set<Int> = []
    /// Simulators by revision and server view; indexing 10⁶ rules once per revision, not per request.
    private var simulators: [String: Simulator] = [:]
    let makeValidator: @Sendable () -> Validator

    init(makeValidator: @escaping @Sendable () -> Validator) {
        self.makeValidator = makeValidator
    }

    /// Starts validating `set` (at `revision`) unless a run is going; returns whether it started.
    func startValidation(_ set: RuleSet, revision: Int, inBackground: Bool, post: @escaping @Sendable (Action) -> Void) -> Bool {
        lock.lock()
        if validating { lock.unlock(); return false }
        validating = true
        lock.unlock()
        let work: @Sendable () -> Void = { [self] in
            // Like `detour check`: DT080 judges the rules with the exporters of the site's targets.
            var validator = makeValidator()
            if validator.exportCapabilities.isEmpty {
                validator.exportCapabilities = ExporterCapabilityReport.forExports(of: set.site)
            }
            // One core stays with the keyboard and the screen while a large set is checked.
            validator.workers = Validator.backgroundWorkers
            let index = FindingsIndex(revision: revision, findings: validator.validate(set))
            lock.lock(); validating = false; lock.unlock()
            post(.validationFinished(index))
        }
        if inBackground { BackgroundWork.spawn(work) } else { work() }
        return true
    }

    var isValidating: Bool {
        lock.lock(); defer { lock.unlock() }
        return validating
    }

    func cancel(_ job: Int) {
        lock.lock(); cancelled.insert(job); lock.unlock()
    }

    func isCancelled(_ job: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return cancelled.contains(job)
    }

    func simulator(for set: RuleSet, revision: Int, server: String?) -> Simulator {
        let key = "\(revision) \(server ?? "")"
        lock.lock()
        if let cached = simulators[key] { lock.unlock(); return cached }
        lock.unlock()
        let sim = Simulator(ruleSet: set, view: server.flatMap(ServerView.named))
        lock.lock()
        // Only the newest revision is worth keeping.
        simulators = simulators.filter { $0.key.hasPrefix("\(revision) ") }
        simulators[key] = sim
        lock.unlock()
        return sim
    }

    func simulate(_ job: SimulationJob, set: RuleSet, revision: Int, inBackground: Bool, post: @escaping @Sendable (Action) -> Void) {
        let work: @Sendable () -> Void = { [self] in
            guard let client = Clients.named(job.client) else { post(.simulationFailed(job: job.id, "unknown client \(job.client)")); return }
            let simulator = self.simulator(for: set, revision: revision, server: job.server).with(client: client)
            let trace = simulator.trace(job.request)
            if !isCancelled(job.id) { post(.simulationFinished(job: job.id, trace, server: simulator.view.name, client: client.name)) }
        }
        if inBackground { BackgroundWork.spawn(work) } else { work() }
    }

    func replay(_ job: ReplayJob, set: RuleSet, revision: Int, inBackground: Bool, post: @escaping @Sendable (Action) -> Void) {
        let work: @Sendable () -> Void = { [self] in
            guard let client = Clients.named(job.client) else { post(.simulationFailed(job: job.id, "unknown client \(job.client)")); return }
            let simulator = self.simulator(for: set, revision: revision, server: job.server).with(client: client)
            do {
                let report = try LogReplay(simulator: simulator, time: job.time).run(
                    path: job.path,
                    progress: { done, total in post(.replayProgress(job: job.id, done: done, total: total)) },
                    isCancelled: { [self] in isCancelled(job.id) })
                if !isCancelled(job.id) { post(.replayFinished(job: job.id, report, file: job.path)) }
            } catch {
                post(.simulationFailed(job: job.id, "replay: \(error)"))
            }
        }
        if inBackground { BackgroundWork.spawn(work) } else { work() }
    }

    /// A thread with a big stack: the validator's automata recurse.
    static func spawn(_ work: @escaping @Sendable () -> Void) {
        let thread = Thread { work() }
        thread.stackSize = 64 << 20
        thread.start()
    }
}
