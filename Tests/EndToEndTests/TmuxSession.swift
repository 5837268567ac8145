import Foundation
import Testing

/// The real `detour` binary running in a private tmux server (its own `-L` socket, a clean config),
/// driven with send-keys and read with capture-pane. The server is killed by name when done.
final class TmuxSession {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var binary: String { repoRoot + "/.build/debug/detour" }
    /// A fixed copy of the bundled example (shared with DetourTUITests).
    static var fixture: String { repoRoot + "/Tests/DetourTUITests/Fixtures/redirects.yaml" }

    private static let counter = Counter()
    let socket: String
    /// Folder with the wrapper's files: `before`/`after` (stty -g) and `rc` (exit status).
    let folder: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `detour ARGS` under a non-interactive `sh` wrapper (an interactive shell would
    /// restore tty modes itself and hide a missing restore).
    /// With `interactiveShell`, the pane runs `bash -i` instead, and `arguments` are typed into it
    /// (for job control: ctrl+z and fg).
    init(
        arguments: [String], folder: String, width: Int = 80, height: Int = 24,
        environment: [String: String] = [:], interactiveShell: Bool = false
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: TmuxSession.binary) else {
            throw Failure(description: "\(TmuxSession.binary) is missing: run `swift build` first")
        }
        socket = "detour-e2e-\(getpid())-\(TmuxSession.counter.next())"
        self.folder = folder
        let command = ([TmuxSession.binary] + arguments).map(TmuxSession.quote).joined(separator: " ")
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "XDG_STATE_HOME": folder + "/state", "HOME": folder]
        env.merge(environment) { $1 }
        // Exported in the script: tmux sets TERM itself for a pane, whatever `-e` says.
        let exports = env.sorted { $0.key < $1.key }.map { "export \($0.key)=\(TmuxSession.quote($0.value))" }.joined(separator: "; ")
        // The runner's own NO_COLOR or DETOUR_THEME must not leak into a test that did not ask.
        let unsets = ["NO_COLOR", "DETOUR_THEME"].filter { environment[$0] == nil }.map { "unset \($0)" }.joined(separator: "; ")
        let script =
            interactiveShell
            ? "\(unsets); \(exports); cd \(TmuxSession.quote(folder)); PS1='$ ' exec bash --norc --noprofile -i"
            : "\(unsets); \(exports); cd \(TmuxSession.quote(folder)); stty -g > before; \(command) 2> stderr; echo $? > rc; stty -g > after; exec sleep 300"
        var args = ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", String(height)]
        args += ["--", "sh", "-c", script]
        try tmux(args)
        if interactiveShell {
            try waitForScreen(containing: "$")
            // A subshell is one job: ctrl+z stops it whole, fg resumes it whole.
            try type("( stty -g > before; \(command); echo $? > rc; stty -g > after )")
            try send("Enter")
        }
    }

    deinit {
        _ = try? tmux(["-L", socket, "kill-server"])
        // tmux leaves the socket file behind.
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socket)")
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let full = ["tmux"] + (args.first == "-L" ? args : ["-L", socket] + args)
        let (output, status) = try Spawn.run(full, scratch: folder)
        guard status == 0 else {
            throw Failure(description: "tmux \(args.joined(separator: " ")) exited with \(status)")
        }
        return output
    }

    /// The screen as text.
    func screen() throws -> String { try tmux(["capture-pane", "-p"]) }

    /// The screen with SGR escape sequences.
    func screenWithEscapes() throws -> String { try tmux(["capture-pane", "-p", "-e"]) }

    func display(_ format: String) throws -> String {
        try tmux(["display", "-p", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Keys by tmux name (`Escape`, `C-s`, `Tab`, `j`).
    func send(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// Text typed literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-x", String(width), "-y", String(height)])
    }

    /// Polls the screen every 50 ms until `predicate` holds; on timeout the error shows the last screen.
    @discardableResult
    func waitForScreen(timeout: Double = 30, _ what: String, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = (try? screen()) ?? ""
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "timed out waiting for \(what); last screen:\n\(last)")
    }

    @discardableResult
    func waitForScreen(containing text: String, timeout: Double = 30) throws -> String {
        try waitForScreen(timeout: timeout, "'\(text)'") { $0.contains(text) }
    }

    /// Waits for the wrapper to record the exit status.
    func waitForExit(timeout: Double = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: folder + "/rc", encoding: .utf8),
                let rc = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                FileManager.default.fileExists(atPath: folder + "/after")
            {
                Thread.sleep(forTimeInterval: 0.05)
                return rc
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "detour did not exit; last screen:\n\((try? screen()) ?? "")")
    }

    /// The pid of `detour` itself: a child (or, under an interactive shell's subshell, a
    /// grandchild) of the pane's shell.
    func detourPID() throws -> pid_t {
        let shell = try display("#{pane_pid}")
        var frontier = [shell]
        for _ in 0..<3 {
            var next: [String] = []
            for parent in frontier {
                for child in TmuxSession.children(of: parent) {
                    let comm = (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) ?? ""
                    if comm.trimmingCharacters(in: .whitespacesAndNewlines) == "detour", let pid = pid_t(child) { return pid }
                    next.append(child)
                }
            }
            frontier = next
        }
        throw Failure(description: "no detour process under the pane's shell \(shell)")
    }

    /// Pids whose parent is `parent`, read from /proc (no dependency on procps).
    static func children(of parent: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard entry.allSatisfy(\.isNumber),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // After "pid (comm)": state, then the parent pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && String(fields[1]) == parent
        }
    }

    /// The SGR parameters on screen that set a colour (30–37, 40–47, 90–97, 100–107, 38;5;N, 48;5;N).
    func colourParameters() throws -> [String] {
        let text = try screenWithEscapes()
        var found: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1b}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
            if rest[end] == "m" {
                let params = rest[..<end].split(separator: ";").compactMap { Int($0) }
                var i = 0
                while i < params.count {
                    let p = params[i]
                    if p == 38 || p == 48 {
                        found.append(params[i...].prefix(3).map(String.init).joined(separator: ";"))
                        i += 3
                        continue
                    }
                    if (30...37).contains(p) || (40...47).contains(p) || (90...97).contains(p) || (100...107).contains(p) { found.append(String(p)) }
                    i += 1
                }
            }
            rest = rest[end...]
        }
        return found
    }

    func file(_ name: String) -> String { (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? "" }
}

/// Unique numbers for tmux socket names within this process.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Starts a program with an empty signal mask and default handlers. The test runner's threads
/// block signals such as SIGCHLD and SIGTERM, and `Process` passes that mask on: a tmux server
/// started that way never notices its panes exit.
enum Spawn {
    static func run(_ args: [String], scratch folder: String) throws -> (String, Int32) {
        // Output goes through a file: a pipe would stay open in the tmux server that new-session
        // forks, and reading it would never end.
        let outPath = folder + "/.spawn-\(UUID().uuidString)"
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, args[0], &actions, &attr, argv, environ)
        guard rc == 0 else { throw TmuxSession.Failure(description: "cannot start \(args[0]): error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = FileManager.default.contents(atPath: outPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let exited = status & 0x7f == 0
        return (output, exited ? (status >> 8) & 0xff : 128 + (status & 0x7f))
    }
}

enum Shell {
    /// Runs a command in `folder` and returns its output and status.
    @discardableResult
    static func run(_ args: [String], in folder: String, stdin: FileHandle? = nil) throws -> (output: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        if let stdin { p.standardInput = stdin }
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), p.terminationStatus)
    }

    /// This run's scratch folder; folders of earlier runs whose process is gone are removed.
    static let scratchRoot: String = {
        let parent = NSTemporaryDirectory() + "detour-e2e-tests"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] {
            if let pid = Int32(entry), kill(pid, 0) != 0 { try? FileManager.default.removeItem(atPath: parent + "/" + entry) }
        }
        return parent + "/\(getpid())"
    }()

    static func tempDir() -> String {
        let dir = scratchRoot + "/" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A git repository holding a copy of the bundled example, committed.
    static func repositoryWithExample() throws -> String {
        let dir = tempDir()
        try FileManager.default.copyItem(atPath: TmuxSession.fixture, toPath: dir + "/redirects.yaml")
        return try committed("redirects.yaml", in: dir)
    }

    /// A git repository holding `text` as `name`, committed.
    static func repository(with text: String, named name: String) throws -> String {
        let dir = tempDir()
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        return try committed(name, in: dir)
    }

    private static func committed(_ name: String, in dir: String) throws -> String {
        try run(["git", "init", "-q"], in: dir)
        try run(["git", "-c", "user.email=e2e@example.com", "-c", "user.name=e2e", "add", name], in: dir)
        try run(["git", "-c", "user.email=e2e@example.com", "-c", "user.name=e2e", "commit", "-qm", "start"], in: dir)
        return dir
    }
}
