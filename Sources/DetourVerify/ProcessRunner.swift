import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the servers and their tools in a scratch environment: working directory, `HOME` and XDG
/// folders inside the export directory, UTC, a fixed `PATH`, stdin from /dev/null and stdout and
/// stderr into a log file.
enum ProcessRunner {
    /// Starts `args` (the command is looked up on the fixed `PATH`) with `extraEnvironment` added;
    /// in its own process group when `ownGroup`, so stopping it also reaches the workers it forks.
    /// Throws `VerifyError.cannotRun` when it cannot be started.
    static func spawn(
        _ args: [String], directory: String, log logPath: String, extraEnvironment: [String] = [],
        ownGroup: Bool = false
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        if ownGroup {
            posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attr, 0)
        }
        // `env -C` sets the working directory and then execs the command under the same PID.
        let full = ["/usr/bin/env", "-C", directory] + args
        let env =
            [
                "TZ=UTC", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + directory, "XDG_DATA_HOME=" + directory + "/xdg-data",
                "XDG_CONFIG_HOME=" + directory + "/xdg-config"
            ] + extraEnvironment
        let cArgs = full.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, &attr, cArgs, cEnv)
        guard rc == 0 else { throw VerifyError.cannotRun(args.first ?? "", String(cString: strerror(rc))) }
        return pid
    }

    /// Runs `args` to completion; returns its exit status and the last 64 KB of its output. When
    /// `isCancelled` answers true first, the command and what it forked are killed and
    /// `VerifyError.cancelled` is thrown.
    static func run(_ args: [String], directory: String, isCancelled: () -> Bool = { false }) throws -> (Int32, String) {
        let logPath = directory + "/.detour-command-\(getpid()).log"
        defer { unlink(logPath) }
        // Its own group, so a cancellation also reaches the compiler varnishd -C forks.
        let pid = try spawn(args, directory: directory, log: logPath, ownGroup: true)
        var status: Int32 = 0
        while true {
            let got = waitpid(pid, &status, WNOHANG)
            if got == pid || (got < 0 && errno != EINTR) { break }
            if isCancelled() {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                throw VerifyError.cancelled
            }
            usleep(10_000)
        }
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let bytes = (try? AtomicFile.read(logPath)) ?? []
        return (exit, String(decoding: bytes.suffix(65536), as: UTF8.self))
    }
}
