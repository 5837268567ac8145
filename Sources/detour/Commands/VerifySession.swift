import DetourCore
#if canImport(Glibc)
import Glibc
#endif

/// One run of `detour verify`: export standalone on a free loopback port, check the server's own
/// syntax check, start the real server, send every probe, compare with `simulate --as SERVER`, and
/// stop the server by its PID whatever happens.
struct VerifySession {
    struct Result {
        let server: ServerKind
        let total: Int
        let disagreements: [VerifyDisagreement]
        let omissions: [ExportOmission]
        let directory: String
        var agreed: Int { total - disagreements.count }
    }

    let ruleSet: RuleSet
    let server: ServerKind
    let sourceFile: String
    let sourceBytes: [UInt8]
    var directory: String? = nil
    var probeLimit = 5000

    func run() throws -> Result {
        let dir = directory ?? Self.temporaryDirectory(server)
        try ExportFiles.makeDirectories(dir)
        // Servers that drop privileges (varnishd's compiler, httpd workers) must read the files.
        chmod(dir, 0o755)
        guard let port = VerifyServerRunner.freePort() else { throw VerifyError.startFailed(server, "no free port on 127.0.0.1") }
        let listen = ListenAddress(host: "127.0.0.1", port: port)
        var options = ExportOptions(directory: dir, sourceFile: sourceFile, sourceSHA256: ExportFileHash.sha256Hex(sourceBytes),
                                    standaloneListen: listen, lenient: true)
        options.now = Timestamp.now()
        let out = try Exporters.exporter(for: server).export(ruleSet, options: options)
        try ExportFiles.write(out, to: dir)
        try ServerSyntaxCheck.run(server, directory: dir)
        // Rules left out of a lenient export are not on the server, so the simulation omits them too.
        let left = Set(out.omissions.map(\.ruleID))
        var simulated = ruleSet
        if !left.isEmpty {
            let keep = ruleSet.rules.indices.filter { !left.contains(ruleSet.rules[$0].id) }
            simulated.rules = keep.map { ruleSet.rules[$0] }
            simulated.lines = keep.map { $0 < ruleSet.lines.count ? ruleSet.lines[$0] : 0 }
        }
        let simulator = Simulator(ruleSet: simulated, view: .exported(server))
        let runner = VerifyServerRunner(server: server, directory: dir, listen: listen)
        // varnishd compiles the VCL to C with gcc before it listens: minutes for large sets on a busy machine.
        try runner.start(timeoutSeconds: server == .varnish ? 300 : 60)
        defer { runner.stop() }
        let probes = VerifyRequests.generate(simulated, limit: probeLimit)
        var disagreements: [VerifyDisagreement] = []
        for probe in probes {
            var request = probe.request
            request.time = Timestamp.now()
            let sim = simulator.respond(to: request)
            let expected = ExpectedResponse(status: sim.status?.rawValue, location: sim.location, cacheControl: sim.cacheControl, ruleID: sim.ruleID)
            let observed: ObservedResponse
            do {
                observed = try HTTPProbe.send(request, host: listen.host, port: listen.port)
            } catch {
                observed = ObservedResponse(status: 0, location: "(no response: \(error))", cacheControl: nil)
            }
            if let d = VerifyComparison.compare(request: request, purpose: probe.purpose, expected: expected,
                                                status: observed.status, location: observed.location, cacheControl: observed.cacheControl) {
                disagreements.append(d)
            }
        }
        return Result(server: server, total: probes.count, disagreements: disagreements, omissions: out.omissions, directory: dir)
    }

    static func temporaryDirectory(_ server: ServerKind) -> String {
        var template = Array("/tmp/detour-verify-\(server.name)-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress, let p = mkdtemp(base) else { return "/tmp/detour-verify-\(server.name)-\(getpid())" }
            return String(cString: p)
        }
    }

    /// `1412` → `1 412`, as the agreement line prints counts.
    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out += " " }
            out.append(c)
        }
        return out
    }
}

/// The servers' own syntax checks (cookbook §0 j), run on a standalone export directory.
enum ServerSyntaxCheck {
    static func command(_ server: ServerKind, directory dir: String) -> [String] {
        switch server {
        case .nginx: return ["nginx", "-t", "-q", "-p", dir, "-c", "nginx.conf"]
        case .apache: return ["apache2", "-t", "-d", dir, "-f", dir + "/httpd.conf"]
        case .haproxy: return ["haproxy", "-c", "-f", dir + "/haproxy.cfg"]
        case .caddy: return ["caddy", "validate", "--adapter", "caddyfile", "--config", dir + "/Caddyfile"]
        case .lighttpd: return ["lighttpd", "-tt", "-f", dir + "/lighttpd.conf"]
        case .varnish: return ["varnishd", "-C", "-f", dir + "/default.vcl", "-n", dir + "/varnish"]
        }
    }

    /// Throws with the server's message when the check fails.
    static func run(_ server: ServerKind, directory dir: String) throws {
        let (status, output) = try ProcessRunner.run(command(server, directory: dir), directory: dir)
        guard status == 0 else { throw VerifyError.syntaxCheckFailed(server, String(output.suffix(3000))) }
    }
}

/// Runs a command to completion with a scratch environment, capturing its output (the last 64 KB).
enum ProcessRunner {
    static func run(_ args: [String], directory: String) throws -> (Int32, String) {
        let logPath = directory + "/.detour-command-\(getpid()).log"
        defer { unlink(logPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let full = ["/usr/bin/env", "-C", directory] + args
        let env = ["TZ=UTC", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + directory, "XDG_DATA_HOME=" + directory + "/xdg-data", "XDG_CONFIG_HOME=" + directory + "/xdg-config"]
        let cArgs = full.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw VerifyError.startFailed(.nginx, "cannot run \(args[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let bytes = (try? AtomicFile.read(logPath)) ?? []
        return (exit, String(decoding: bytes.suffix(65536), as: UTF8.self))
    }
}
