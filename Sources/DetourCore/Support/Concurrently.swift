import Dispatch

/// Independent pieces of work run side by side, one per core, for commands that do two large
/// things that do not depend on each other (`detour diff` loads, indexes and checks two 10⁶-rule
/// files). Each piece writes only its own result; the caller gets them in order.
public enum Concurrently {
    /// `a()` and `b()` on two cores (one after the other on a single core).
    public static func both<A, B>(_ a: () -> A, _ b: () -> B) -> (A, B) {
        guard Parallel.cores > 1 else { return (a(), b()) }
        return withoutActuallyEscaping(a) { a in
            withoutActuallyEscaping(b) { b in
                nonisolated(unsafe) let runA = a
                nonisolated(unsafe) let runB = b
                // Each slot is written by its own worker only and read after both finished.
                nonisolated(unsafe) var resultA: A?
                nonisolated(unsafe) var resultB: B?
                DispatchQueue.concurrentPerform(iterations: 2) { k in
                    if k == 0 { resultA = runA() } else { resultB = runB() }
                }
                return (resultA!, resultB!)
            }
        }
    }

    /// `work(k)` for every `k` in `0..<count`, spread over the cores; the results in order of `k`.
    public static func map<T>(_ count: Int, _ work: (Int) -> T) -> [T] {
        guard Parallel.cores > 1, count > 1 else { return (0..<count).map(work) }
        return withoutActuallyEscaping(work) { work in
            nonisolated(unsafe) let run = work
            let slots = WorkerSlots<T?>(count: count, empty: nil)
            DispatchQueue.concurrentPerform(iterations: count) { k in slots.store(k, run(k)) }
            return slots.all.map { $0! }
        }
    }
}
