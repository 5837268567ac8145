import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `detour-bench export [COUNT]`: exports COUNT (default 10⁶) exact rules to nginx (target ≤ 1 s),
/// then starts nginx on the standalone export and reports its own start time (until a mapped
/// path answers 301) and the resident memory of its master and worker.
enum ExportBenchmark {
    static func run(_ args: [String]) {
        let count = args.first.flatMap { Int($0) } ?? 1_000_000
        let (set, generateSeconds) = Bench.time { SyntheticRules.exact(count: count) }
        print("generating \(count) rules in memory (for comparison): \(Bench.format(generateSeconds))")
        let dir = "/tmp/detour-bench-export-\(getpid())"
        mkdir(dir, 0o755)
        let port = 20000 + Int(getpid() % 20000)
        let options = ExportOptions(
            directory: dir, sourceFile: "synthetic", sourceSHA256: "",
            standaloneListen: ListenAddress(host: "127.0.0.1", port: port))
        let memBefore = Bench.residentBytes()
        resetPeakResident()
        let cpuBefore = cpuSeconds()
        let (out, seconds) = Bench.time { try! NginxExporter().export(set, options: options) }
        let cpu = cpuSeconds() - cpuBefore
        let memAfter = Bench.residentBytes()
        let memPeak = statusBytes(getpid(), field: "VmHWM")
        let (_, writeSeconds) = Bench.time {
            for f in out.files { writeFile(dir + "/" + f.name, f) }
        }
        let bytes = out.files.reduce(0) { $0 + $1.byteCount }
        Bench.row(["rules", "export (wall)", "export (CPU)", "write", "config size", "RSS growth", "peak growth"])
        Bench.row([
            String(count), Bench.format(seconds), Bench.format(cpu), Bench.format(writeSeconds), "\(bytes / 1_000_000) MB",
            "\((memAfter - memBefore) / 1_000_000) MB", "\((memPeak - memBefore) / 1_000_000) MB"
        ])
        // The directory stays only when nginx failed, for its logs.
        if startNginx(dir: dir, port: port, probePath: "/shop/shoes/classic-classic-0") {
            try? FileManager.default.removeItem(atPath: dir)
        } else {
            for f in out.files { unlink(dir + "/" + f.name) }
        }
    }

    /// User + system CPU seconds of this process (all threads): on a busy shared machine the wall
    /// time includes waiting for a core.
    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    static func writeFile(_ path: String, _ file: ExportedFile) {
        guard let f = fopen(path, "w") else { return }
        file.withBytes { _ = fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }

    /// Starts `nginx -p DIR -c nginx.conf` (the standalone form), waits for a mapped path to answer,
    /// reports time and memory, and stops nginx by its PID.
    /// Returns whether nginx started and answered.
    @discardableResult
    static func startNginx(dir: String, port: Int, probePath: String) -> Bool {
        let args = ["/usr/sbin/nginx", "-p", dir, "-c", "nginx.conf"]
        var cArgs = args.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/nginx-output.log", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pid: pid_t = 0
        let (_, _) = Bench.time { () }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        guard posix_spawn(&pid, args[0], &actions, nil, &cArgs, environ) == 0 else {
            print("nginx: could not start (is it installed?)")
            return false
        }
        defer {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        var answered: String? = nil
        var elapsed = 0.0
        while elapsed < 120 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                print("nginx exited during start-up; see \(dir)/nginx-output.log and \(dir)/error.log")
                pid = 0
                return false
            }
            if let line = statusLine(port: port, path: probePath) {
                answered = line
                break
            }
            usleep(20_000)
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            elapsed = Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
        }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        elapsed = Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
        let master = rss(pid)
        let workers = children(pid).map(rss).reduce(0, +)
        Bench.row(["nginx start", "answer", "master RSS", "worker RSS"])
        Bench.row([Bench.format(elapsed), answered ?? "no answer", "\(master / 1_000_000) MB", "\(workers / 1_000_000) MB"])
        return answered != nil
    }

    /// The first line of the response to `GET path`, nil when nothing listens yet.
    static func statusLine(port: Int, path: String) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { return nil }
        let req = Array("GET \(path) HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n".utf8)
        _ = req.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        let text = String(decoding: buf[0..<n], as: UTF8.self)
        let lines = text.split(separator: "\r\n")
        let location = lines.first { $0.lowercased().hasPrefix("location:") }.map { " " + $0 } ?? ""
        return String(lines.first ?? "") + location
    }

    /// Starts a new peak-resident measurement (`VmHWM`), so the peak is the export's, not the generation's.
    /// Memory freed by the generation and reused by the export counts as no growth.
    static func resetPeakResident() {
        guard let f = fopen("/proc/self/clear_refs", "w") else { return }
        fputs("5", f)
        fclose(f)
    }

    static func rss(_ pid: pid_t) -> Int { statusBytes(pid, field: "VmRSS") }

    /// A `kB` field of `/proc/PID/status`, in bytes.
    static func statusBytes(_ pid: pid_t, field: String) -> Int {
        guard let f = fopen("/proc/\(pid)/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, f) != nil {
            let s = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            if s.hasPrefix(field + ":") {
                return (Int(s.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
            }
        }
        return 0
    }

    static func children(_ pid: pid_t) -> [pid_t] {
        guard let f = fopen("/proc/\(pid)/task/\(pid)/children", "r") else { return [] }
        defer { fclose(f) }
        var buf = [CChar](repeating: 0, count: 4096)
        guard fgets(&buf, 4096, f) != nil else { return [] }
        return buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }.split(separator: " ").compactMap { pid_t($0.trimmingCharacters()) }
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var s = self
        while let l = s.last, l == "\n" || l == " " { s.removeLast() }
        return s
    }
}
