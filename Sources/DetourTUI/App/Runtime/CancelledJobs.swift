/// Jobs the user stopped (Esc): a running job looks here to stop early, a queued one does not
/// start, and `update` drops a result that still arrives.
final class CancelledJobs: Sendable {
    private let ids = Locked<Set<Int>>([])

    func cancel(_ job: Int) {
        ids.update { _ = $0.insert(job) }
    }

    func contains(_ job: Int) -> Bool {
        ids.update { $0.contains(job) }
    }
}
