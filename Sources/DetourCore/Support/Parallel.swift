import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Work split over every core for 10⁶-rule sets: a pure per-item test evaluated in stretches, one
/// stretch per core. Only for tests that read shared state that is fully built beforehand.
enum Parallel {
    static let cores = min(8, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// `test(i)` for every `i` in `0..<count`, on `workers` threads; below `serialBelow` items on
    /// the calling thread only.
    static func flags(count: Int, workers: Int = cores, serialBelow: Int = 50_000, _ test: (Int) -> Bool) -> [Bool] {
        let parts = min(workers, cores)
        guard count >= serialBelow, parts > 1 else { return (0..<count).map(test) }
        return withoutActuallyEscaping(test) { test in
            nonisolated(unsafe) let run = test
            return [Bool](unsafeUninitializedCapacity: count) { buffer, initialized in
                nonisolated(unsafe) let out = buffer
                DispatchQueue.concurrentPerform(iterations: parts) { k in
                    for i in (count * k / parts)..<(count * (k + 1) / parts) { out[i] = run(i) }
                }
                initialized = count
            }
        }
    }
}

/// One result slot per worker of a `concurrentPerform`, each written only by its own worker: the
/// slots are separate memory locations, so no lock is needed and no array is shared while mutated.
final class WorkerSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value>
    let count: Int

    init(count: Int, empty: Value) {
        self.count = count
        slots = .allocate(capacity: max(count, 1))
        slots.initialize(repeating: empty, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ k: Int, _ value: Value) { slots[k] = value }

    /// Every slot, once the workers are done.
    var all: [Value] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
