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
        let listen = try ImportProofRun.listenAddress(target)
        let config = NginxProofConfig.text(directives, directory: dir, port: listen.port, notImported: notImported)
        try AtomicFile.write(Array(config.utf8), to: dir + "/" + target.standaloneMainFile)
        let probes = NginxProofRequests.generate(directives, imported: imported, port: listen.port, limit: probeLimit)
        // A configuration that matches the path as requested (Detour's own export) is predicted
        // with that path, as `simulate --as nginx` predicts the export.
        var view = ServerView.of(target.kind)
        if NginxProofConfig.matchesRawPath(directives) { view.path = target.exportedPath }
        return try ImportProofRun.compare(target: target, directory: dir, listen: listen, imported: imported, probes: probes, view: view)
    }
}
