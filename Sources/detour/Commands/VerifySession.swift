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
