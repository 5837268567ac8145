#if canImport(Glibc)
    import Glibc
#endif

/// Reads `REV:PATH` (a rule file as it was in a git revision) with `git show`, in the current
/// directory, so `detour diff HEAD~1:redirects.yaml redirects.yaml` compares against the last
/// commit. DetourCore runs no processes; the executable does this one.
enum GitRevisionFile {
    /// `REV:PATH` when `argument` is not an existing file and has a revision part before a colon
    /// (a Windows-style `C:` is not a revision here: rule files live on POSIX systems).
    static func split(_ argument: String) -> (revision: String, path: String)? {
        if access(argument, F_OK) == 0 { return nil }
        guard let colon = argument.firstIndex(of: ":"), colon != argument.startIndex else { return nil }
        let path = String(argument[argument.index(after: colon)...])
        guard !path.isEmpty else { return nil }
        return (String(argument[..<colon]), path)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The bytes of `PATH` in `REV`, as `git show REV:PATH` prints them.
    static func read(_ argument: String) throws -> [UInt8] {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw Failure(description: "\(argument): cannot run git (no pipe)") }
        var errorEnds: [Int32] = [0, 0]
        guard pipe(&errorEnds) == 0 else { throw Failure(description: "\(argument): cannot run git (no pipe)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, errorEnds[0])
        let args = ["git", "show", "--no-textconv", argument]
        let cArgs = args.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "git", &actions, nil, cArgs, environ)
        close(pipeEnds[1])
        close(errorEnds[1])
        guard rc == 0 else {
            close(pipeEnds[0])
            close(errorEnds[0])
            throw Failure(description: "\(argument): cannot run git: \(String(cString: strerror(rc)))")
        }
        // git writes little to stderr; reading stdout to its end first cannot block on it.
        let output = drain(pipeEnds[0])
        let errors = drain(errorEnds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            let message = String(decoding: errors, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "git show failed"
            throw Failure(description: "\(argument): \(message)")
        }
        return output
    }

    private static func drain(_ fd: Int32) -> [UInt8] {
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return out }
            out += buffer[0..<n]
        }
    }
}
