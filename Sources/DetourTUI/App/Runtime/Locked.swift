import Foundation

/// A value shared between the loop's thread and the job threads, behind one condition lock. It
/// is the editor's only way of sharing data across threads (job queues, the inbox, cancelled
/// jobs and the simulator cache are all built on it), so there is one thing to reason about.
final class Locked<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Reads or changes the value; threads waiting for it are woken afterwards.
    func update<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Waits until `isReady` holds or `timeout` seconds pass (nil: no limit), then runs `body`.
    func wait<Result>(
        until isReady: (Value) -> Bool, timeout: Double? = nil,
        then body: (inout Value) -> Result
    ) -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        let deadline = timeout.map { Date(timeIntervalSinceNow: $0) }
        while !isReady(value) {
            if let deadline {
                if !condition.wait(until: deadline) { break }
            } else {
                condition.wait()
            }
        }
        return body(&value)
    }
}
