import Foundation

/// The rate limit of a probe run: hands out start times at most `perSecond` apart, to every
/// worker thread, so the whole run (not each worker) keeps to the limit.
final class ProbePacer: @unchecked Sendable {
    private let interval: Double
    private let lock = NSLock()
    private var nextSlot: Double = 0

    init(perSecond: Double?) { interval = perSecond.map { $0 > 0 ? 1 / $0 : 0 } ?? 0 }

    /// Blocks until this caller may start a request.
    func waitTurn() {
        guard interval > 0 else { return }
        lock.lock()
        let now = Self.monotonicSeconds()
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        lock.unlock()
        let wait = slot - now
        if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
