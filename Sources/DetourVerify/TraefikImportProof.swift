import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The proof of `detour import traefik --verify`: the real Traefik runs the user's routers and
/// middlewares (`TraefikProofConfig`: loopback entry point, every service `ping@internal`), and
/// each request derived from the routers and the imported rules is compared with `simulate`.
/// Routers bound to different entry points never compete in Traefik, so each entry point gets a
/// run of its own with its routers' rules. Traefik is stopped by its PID whatever happens.
public struct TraefikImportProof: Sendable {
    public let files: [String]
    public let imported: RuleSet
    public let notImported: [ImportReport.NotImported]
    public var probeLimit = 5000

    /// The outcome: `traefik: N/N agree` and the disagreements.
    public struct Outcome: Sendable {
        public let total: Int
        public let disagreements: [VerifyDisagreement]
        public var allAgree: Bool { disagreements.isEmpty }
        public var summary: String { "traefik: \(total - disagreements.count)/\(total) agree" }
    }

    public init(files: [String], result: ImportResult) {
        self.files = files
        self.imported = result.ruleSet
        self.notImported = result.report.notImported
    }

    /// Runs the proof. Throws `ImportError` when the files cannot be read again and `VerifyError`
    /// when Traefik cannot be run.
    public func run() throws -> Outcome {
        guard let exe = ServerBinary.path(of: "traefik") else {
            throw VerifyError.cannotRun("traefik", "not installed (scripts/install-proxies puts it in ~/.cache/detour/proxies)")
        }
        var total = 0
        var found: [VerifyDisagreement] = []
        for entryPoint in try TraefikProofConfig.entryPoints(files: files) {
            let (n, d) = try run(exe, entryPoint: entryPoint)
            total += n
            found += d
        }
        return Outcome(total: total, disagreements: found)
    }

    /// One Traefik with the routers of one entry point, and the probes of their rules.
    private func run(_ exe: String, entryPoint: String?) throws -> (Int, [VerifyDisagreement]) {
        let dir = Verifier.temporaryDirectory("import-traefik")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ExportFiles.makeDirectories(dir)
        guard let port = VerifyServerRunner.freePort() else { throw VerifyError.cannotRun("traefik", "no free port on 127.0.0.1") }
        try AtomicFile.write(Array(TraefikProofConfig.staticText(directory: dir, port: port).utf8), to: dir + "/traefik.yml")
        let dynamic = try TraefikProofConfig.dynamicText(files: files, notImported: notImported, entryPoint: entryPoint)
        try AtomicFile.write(Array(dynamic.utf8), to: dir + "/dynamic.yml")
        let log = dir + "/traefik.log"
        let pid = try ProcessRunner.spawn([exe, "--configFile=" + dir + "/traefik.yml"], directory: dir, log: log, ownGroup: true)
        defer { Self.stop(pid) }
        try Self.waitUntilLoaded(pid: pid, port: port, log: log)
        let time = Timestamp.now()
        let rules = try TraefikProofConfig.rules(imported, files: files, entryPoint: entryPoint)
        let probes = ImportProofComparison.unique(
            VerifyRequests.generate(rules, limit: probeLimit, time: time)
                + (try TraefikProofConfig.requests(files: files, imported: rules, entryPoint: entryPoint, time: time)),
            limit: probeLimit)
        let found = ImportProofComparison.disagreements(
            probes, simulator: Simulator(ruleSet: rules, view: TraefikProofConfig.observedView), port: port)
        // A configuration error is only logged: Traefik keeps running and answers 404 to everything.
        let output = VerifyServerRunner.tail(log)
        if output.contains("ERR") { throw VerifyError.cannotRun("traefik", "it rejected the configuration:\n" + output) }
        return (probes.count, found)
    }

    /// Traefik listens before it has read the dynamic file: the catch-all router answering 200
    /// says it has.
    private static func waitUntilLoaded(pid: pid_t, port: Int, log: String) throws {
        let deadline = VerifyServerRunner.monotonic() + 20
        let ready = HTTPRequest(method: "GET", scheme: "http", host: "detour-proof.invalid", path: TraefikProofConfig.readyPath)
        while VerifyServerRunner.monotonic() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw VerifyError.cannotRun("traefik", "it exited during start-up:\n" + VerifyServerRunner.tail(log))
            }
            if let r = try? HTTPProbe.send(ready, host: "127.0.0.1", port: port, timeoutSeconds: 2), r.status == 200 { return }
            usleep(100_000)
        }
        throw VerifyError.cannotRun("traefik", "it did not load the configuration within 20 s:\n" + VerifyServerRunner.tail(log))
    }

    /// SIGTERM to the process group, SIGKILL after 5 s.
    private static func stop(_ pid: pid_t) {
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        let deadline = VerifyServerRunner.monotonic() + 5
        var status: Int32 = 0
        while VerifyServerRunner.monotonic() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}
