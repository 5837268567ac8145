import DetourCore
import Foundation

/// How far a verify run is: requests sent so far out of all it will send.
public struct VerifyProgress: Sendable, Equatable {
    public let sent: Int
    public let total: Int
}

/// What a verify run found: how many requests the real server answered exactly as the simulator
/// predicted, each one it did not, and the rules the lenient export left out of both sides.
public struct VerifyResult: Sendable {
    public let server: ServerKind
    public let total: Int
    public let disagreements: [VerifyDisagreement]
    /// Rules the server cannot express; neither the server nor the simulation had them.
    public let omissions: [ExportOmission]

    public var agreed: Int { total - disagreements.count }
    /// Every request agreed and no rule was left out: the export does all the rule file says.
    /// A rule left out is a shortfall too, so a run that leaves one out never reads as a full pass.
    public var allAgree: Bool { disagreements.isEmpty && omissions.isEmpty }

    /// `nginx: 1 412/1 412 agree`, the line `detour verify` ends with; with rules left out
    /// `caddy: 63/63 agree, 2 rules left out (not verified)`.
    public var summary: String {
        var line = "\(server.name): \(Self.grouped(agreed))/\(Self.grouped(total)) agree"
        if !omissions.isEmpty {
            line += ", \(omissions.count) rule\(omissions.count == 1 ? "" : "s") left out (not verified)"
        }
        return line
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

/// One run of verify (DESIGN §7.5), for `detour verify` and the editor's export dialog alike:
/// export standalone on a free loopback port, pass the server's own syntax check, start the real
/// server, send every probe, compare with `simulate --as SERVER`. Whatever happens — an error or
/// cancellation — the server is stopped by its PID and a temporary directory is removed.
public struct Verifier: Sendable {
    public let ruleSet: RuleSet
    public let target: any ServerTarget
    public let sourceFile: String
    public let sourceBytes: [UInt8]
    /// Where the export is written and kept; nil for a temporary directory removed afterwards.
    public var directory: String? = nil
    /// At most this many requests.
    public var probeLimit = 5000
    /// Client keys tried per rollout rule (client addresses, cookie or header values).
    public var rolloutKeys = 24

    public init(ruleSet: RuleSet, target: any ServerTarget, sourceFile: String, sourceBytes: [UInt8]) {
        self.ruleSet = ruleSet
        self.target = target
        self.sourceFile = sourceFile
        self.sourceBytes = sourceBytes
    }

    /// Whether the server's program is installed here (verify needs the real server).
    public static func isInstalled(_ target: any ServerTarget) -> Bool { ServerBinary.path(of: target.program) != nil }

    /// Runs the comparison. `progress` hears about requests as they are sent; once `isCancelled`
    /// answers true no further step starts, the run stops the server and throws
    /// `VerifyError.cancelled`. Throws `VerifyError` when the server cannot be run and
    /// `ExportRefusal` when nothing could be exported.
    public func run(progress: (VerifyProgress) -> Void = { _ in }, isCancelled: () -> Bool = { false }) throws -> VerifyResult {
        // Said plainly up front, rather than as a failed syntax check of a program that is not there.
        guard target.runsLocally else { throw VerifyError.platform(target.kind) }
        guard Self.isInstalled(target) else { throw VerifyError.serverMissing(target.kind, package: target.package) }
        let dir = directory ?? Self.temporaryDirectory(target.name)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: dir) } }
        try ExportFiles.makeDirectories(dir)
        // Servers that drop privileges (varnishd's compiler, httpd workers) must read the files.
        chmod(dir, 0o755)
        guard let port = VerifyServerRunner.freePort() else { throw VerifyError.startFailed(target.kind, "no free port on 127.0.0.1") }
        let listen = ListenAddress(host: "127.0.0.1", port: port)
        var options = ExportOptions(
            directory: dir, sourceFile: sourceFile, sourceSHA256: ExportFileHash.sha256Hex(sourceBytes),
            standaloneListen: listen, lenient: true)
        options.now = Timestamp.now()
        let out = try target.exporter.export(ruleSet, options: options)
        try ExportFiles.write(out, to: dir)
        if isCancelled() { throw VerifyError.cancelled }
        try ServerSyntaxCheck.run(target, directory: dir, isCancelled: isCancelled)
        if isCancelled() { throw VerifyError.cancelled }
        // Rules left out of a lenient export are not on the server, so the simulation omits them too.
        // Nor are rules that cannot work as written (DT070).
        let simulated = Self.without(out.omissions, ruleSet).withoutInvalidRules()
        let simulator = Simulator(ruleSet: simulated, view: target.exportedView)
        let runner = VerifyServerRunner(target: target, directory: dir, listen: listen)
        defer { runner.stop() }
        try runner.start(timeoutSeconds: target.startTimeoutSeconds, isCancelled: isCancelled)
        // Probes are sent as a browser sends them: a source written as an IRI (`/café`) percent-encoded.
        let probes = VerifyRequests.generate(simulated.encodingIRIs(), rolloutKeys: rolloutKeys, limit: probeLimit)
        // About a hundred progress reports per run, however many probes.
        let step = max(1, probes.count / 100)
        progress(VerifyProgress(sent: 0, total: probes.count))
        var disagreements: [VerifyDisagreement] = []
        for (i, probe) in probes.enumerated() {
            if isCancelled() { throw VerifyError.cancelled }
            var request = ProbeScheme.onTheWire(probe.request, site: simulated.site)
            request.time = Timestamp.now()
            let sim = simulator.respond(to: request)
            let expected = ExpectedResponse(status: sim.status?.rawValue, location: sim.location, cacheControl: sim.cacheControl, ruleID: sim.ruleID)
            let observed: ObservedResponse
            do {
                observed = try HTTPProbe.send(request, host: listen.host, port: listen.port)
            } catch {
                observed = ObservedResponse(status: 0, location: "(no response: \(error))", cacheControl: nil)
            }
            if let d = VerifyComparison.compare(
                request: request, purpose: probe.purpose, expected: expected,
                status: observed.status, location: observed.location, cacheControl: observed.cacheControl)
            {
                disagreements.append(d)
            }
            if (i + 1) % step == 0 || i + 1 == probes.count { progress(VerifyProgress(sent: i + 1, total: probes.count)) }
        }
        return VerifyResult(server: target.kind, total: probes.count, disagreements: disagreements, omissions: out.omissions)
    }

    /// `set` without the rules a lenient export left out.
    static func without(_ omissions: [ExportOmission], _ set: RuleSet) -> RuleSet {
        let left = Set(omissions.map(\.ruleID))
        guard !left.isEmpty else { return set }
        var kept = set
        let keep = set.rules.indices.filter { !left.contains(set.rules[$0].id) }
        kept.rules = keep.map { set.rules[$0] }
        kept.lines = keep.map { $0 < set.lines.count ? set.lines[$0] : 0 }
        return kept
    }

    static func temporaryDirectory(_ server: String) -> String {
        var template = Array("/tmp/detour-verify-\(server)-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress, let p = mkdtemp(base) else { return "/tmp/detour-verify-\(server)-\(getpid())" }
            return String(cString: p)
        }
    }
}
