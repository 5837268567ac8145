import Foundation

/// A serial queue for one kind of job (file I/O, validation, simulation, export): jobs run one
/// after another, in order, on a thread of its own with a big stack, or at once on the caller's
/// thread when `runsInline` (tests, so they see results without waiting).
final class JobQueue: Sendable {
    private struct Pending {
        var jobs: [@Sendable () -> Void] = []
        var isRunning = false
    }

    let name: String
    /// The validator's automata recurse deeply; the default thread stack is too small for them.
    let stackSize: Int
    let runsInline: Bool
    private let pending = Locked(Pending())

    init(name: String, stackSize: Int, runsInline: Bool) {
        self.name = name
        self.stackSize = stackSize
        self.runsInline = runsInline
    }

    func enqueue(_ job: @escaping @Sendable () -> Void) {
        if runsInline {
            job()
            return
        }
        let startsThread = pending.update { p -> Bool in
            p.jobs.append(job)
            if p.isRunning { return false }
            p.isRunning = true
            return true
        }
        guard startsThread else { return }
        // The thread lives while jobs keep coming and ends when the queue is empty, so an idle
        // editor (or a test that never quits its loop) holds no parked threads.
        let thread = Thread { [self] in
            while let job = nextJob() { job() }
        }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    private func nextJob() -> (@Sendable () -> Void)? {
        pending.update { p in
            if p.jobs.isEmpty {
                p.isRunning = false
                return nil
            }
            return p.jobs.removeFirst()
        }
    }

    /// Whether no job is queued or running.
    var isIdle: Bool { pending.update { !$0.isRunning } }

    /// Blocks until every queued job has finished.
    func waitUntilIdle() {
        pending.wait(until: { !$0.isRunning }) { _ in }
    }
}
