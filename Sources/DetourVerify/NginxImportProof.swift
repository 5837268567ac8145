import DetourCore
import Foundation

/// The proof of `detour import nginx --verify` (issue 16 §4): the real nginx runs the user's
/// ORIGINAL configuration (made runnable on loopback by `NginxProofConfig`), and every request of
/// `NginxProofRequests` is compared with `simulate --as nginx` on the imported rules: status,
/// absolute Location and Cache-Control. The redirects the import report lists are left out of the
/// run, so it proves the imported rules equal the original without them. nginx is stopped by its
/// PID whatever happens.
public struct NginxImportProof: Sendable {
    public let files: [String]
    public let imported: RuleSet
    /// The report's constructs; the proof runs the original without them.
    public let notImported: [ImportReport.NotImported]
    /// Where the generated configuration is written and kept; nil for a temporary directory.
    public var directory: String? = nil
    public var probeLimit = 5000

    public init(files: [String], result: ImportResult) {
        self.files = files
        self.imported = result.ruleSet
        self.notImported = result.report.notImported
    }

    /// Runs the proof. Throws `ImportError` when the files cannot be parsed again and
    /// `VerifyError` when nginx cannot be run.
    public func run() throws -> VerifyResult {
        let target = NginxTarget()
        guard Verifier.isInstalled(target) else { throw VerifyError.serverMissing(target.kind, package: target.package) }
        var parser = NginxConfigParser()
        var directives: [NginxDirective] = []
        for f in files { directives += try parser.parse(file: f) }
        let dir = directory ?? Verifier.temporaryDirectory("import-nginx")
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: dir) } }
        try ExportFiles.makeDirectories(dir)
        guard let port = VerifyServerRunner.freePort() else { throw VerifyError.startFailed(target.kind, "no free port on 127.0.0.1") }
        let config = NginxProofConfig.text(directives, directory: dir, port: port, notImported: notImported)
        try AtomicFile.write(Array(config.utf8), to: dir + "/" + target.standaloneMainFile)
        let listen = ListenAddress(host: "127.0.0.1", port: port)
        let runner = VerifyServerRunner(target: target, directory: dir, listen: listen)
        defer { runner.stop() }
        try runner.start(timeoutSeconds: target.startTimeoutSeconds)
        let simulator = Simulator(ruleSet: imported, view: .of(.nginx))
        let probes = NginxProofRequests.generate(directives, imported: imported, port: port, limit: probeLimit)
        let disagreements = ImportProofComparison.disagreements(probes, simulator: simulator, port: listen.port)
        return VerifyResult(server: target.kind, total: probes.count, disagreements: disagreements, omissions: [])
    }
}
