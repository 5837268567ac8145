import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Timing and memory readings shared by the benchmark suites.
enum Bench {
    /// Wall-clock seconds of `body`.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        var a = timespec()
        var b = timespec()
        clock_gettime(CLOCK_MONOTONIC, &a)
        let r = try body()
        clock_gettime(CLOCK_MONOTONIC, &b)
        return (r, Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9)
    }

    /// CPU seconds (user + system, all threads) and wall seconds of `body`: on a busy machine the CPU
    /// time still says what the work costs.
    static func cpuTime<T>(_ body: () throws -> T) rethrows -> (T, wall: Double, cpu: Double) {
        var ua = rusage()
        var ub = rusage()
        getrusage(RUSAGE_SELF.rawValue, &ua)
        let (r, wall) = try time(body)
        getrusage(RUSAGE_SELF.rawValue, &ub)
        func secs(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let cpu = secs(ub.ru_utime) - secs(ua.ru_utime) + secs(ub.ru_stime) - secs(ua.ru_stime)
        return (r, wall, cpu)
    }

    /// Current resident set size in bytes (from /proc/self/statm).
    static func residentBytes() -> Int {
        guard let f = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(f) }
        var size = 0
        var resident = 0
        _ = withUnsafeMutablePointer(to: &size) { s in
            withUnsafeMutablePointer(to: &resident) { r in
                withVaList([s, r]) { vfscanf(f, "%ld %ld", $0) }
            }
        }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func format(_ seconds: Double) -> String {
        seconds < 1 ? String(Int((seconds * 1000).rounded())) + " ms" : String(Double(Int(seconds * 100)) / 100) + " s"
    }

    /// Runs this benchmark again in a new process with `arguments` and returns what it printed:
    /// for figures a user would see from a fresh `detour` process (cold heap, nothing reused).
    static func runFresh(_ arguments: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func row(_ cells: [String]) { print(cells.map { $0.padding(18) }.joined()) }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
}
