import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a real server in the foreground as a child process, waits until it listens, and stops
/// it by its own PID (SIGTERM, then SIGKILL after a grace period) — also from `deinit`, so a failing
/// test or an error path never leaves a server running.
final class VerifyServerRunner {
    let target: any ServerTarget
    let directory: String
    let listen: ListenAddress
    private(set) var pid: pid_t = 0

    init(target: any ServerTarget, directory: String, listen: ListenAddress) {
        self.target = target
        self.directory = directory
        self.listen = listen
    }

    deinit { stop() }

    /// A free TCP port on 127.0.0.1 (bound to port 0, then released).
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { return nil }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let got = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        guard got == 0 else { return nil }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Starts the server; throws with the server's own output when it exits or never listens, and
    /// `VerifyError.cancelled` (after stopping it) when `isCancelled` answers true while it starts.
    func start(timeoutSeconds: Double = 20, isCancelled: () -> Bool = { false }) throws {
        let server = target.kind
        guard let exe = ServerBinary.path(of: target.program) else { throw VerifyError.serverMissing(server, package: target.package) }
        var args = target.startArguments(directory: directory, listen: listen)
        args[0] = exe
        let logPath = directory + "/server-output.log"
        let child: pid_t
        do {
            child = try ProcessRunner.spawn(
                args, directory: directory, log: logPath, extraEnvironment: target.startEnvironment(directory: directory),
                ownGroup: true)
        } catch VerifyError.cannotRun(_, let why) {
            throw VerifyError.startFailed(server, "posix_spawn failed: \(why)")
        }
        pid = child
        let deadline = Self.monotonic() + timeoutSeconds
        while Self.monotonic() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                throw VerifyError.startFailed(server, "exited during start-up:\n" + Self.tail(logPath))
            }
            if HTTPProbe.canConnect(host: listen.host, port: listen.port) {
                guard let check = target.configurationLoad else { return }
                if try configurationLoaded(check, log: logPath) { return }
            }
            if isCancelled() {
                stop()
                throw VerifyError.cancelled
            }
            usleep(50_000)
        }
        stop()
        throw VerifyError.startFailed(server, "did not listen on \(listen) within \(Int(timeoutSeconds)) s:\n" + Self.tail(logPath))
    }

    /// Whether a server that listens before loading its configuration has loaded it; throws with
    /// the log when it logged the configuration as rejected (it would answer 404 to everything).
    private func configurationLoaded(_ check: ConfigurationLoadCheck, log logPath: String) throws -> Bool {
        let probe = HTTPRequest(method: "GET", scheme: "http", host: "detour-verify.invalid", path: "/", time: Timestamp(secondsSinceEpoch: 0))
        let loaded = (try? HTTPProbe.send(probe, host: listen.host, port: listen.port, timeoutSeconds: 2)).map { $0.status != check.notLoadedStatus }
        let output = (try? AtomicFile.read(logPath)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        if output.contains(check.errorMarker) {
            stop()
            throw VerifyError.startFailed(target.kind, "rejected its configuration:\n" + Self.tail(logPath))
        }
        return loaded ?? false
    }

    /// Stops the server by its PID (and its process group), waiting for it to exit.
    func stop() {
        guard pid > 0 else { return }
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        let deadline = Self.monotonic() + 5
        var status: Int32 = 0
        while Self.monotonic() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                break
            }
            usleep(20_000)
        }
        if pid > 0 {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            pid = 0
        }
    }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func tail(_ path: String) -> String {
        guard let bytes = try? AtomicFile.read(path) else { return "(no output)" }
        let text = String(decoding: bytes.suffix(4000), as: UTF8.self)
        return text.isEmpty ? "(no output)" : text
    }
}
