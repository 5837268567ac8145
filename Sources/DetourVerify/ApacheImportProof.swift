import DetourCore
import Foundation

/// The proof of `detour import apache --verify` (issue 16 §4): the real httpd runs the user's
/// ORIGINAL configuration (made runnable on loopback by `ApacheProofConfig`: vhosts moved to a
/// free port, an `.htaccess` source in an empty docroot), and every request of
/// `ApacheProofRequests` is compared with `simulate --as apache` on the imported rules. The
/// redirects the import report lists are left out of the run. httpd is stopped by its PID.
public struct ApacheImportProof: Sendable {
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
    /// `VerifyError` when httpd cannot be run.
    public func run() throws -> VerifyResult {
        let target = ApacheTarget()
        guard Verifier.isInstalled(target) else { throw VerifyError.serverMissing(target.kind, package: target.package) }
        var parser = ApacheConfigParser()
        var sources: [(file: String, directives: [ApacheDirective])] = []
        for f in files { sources.append((f, try parser.parse(file: f))) }
        let dir = directory ?? Verifier.temporaryDirectory("import-apache")
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: dir) } }
        try ExportFiles.makeDirectories(dir + "/docroot")
        // httpd's workers drop privileges and must read the docroot and its .htaccess.
        chmod(dir, 0o755)
        chmod(dir + "/docroot", 0o755)
        let listen = try ImportProofRun.listenAddress(target)
        let config = ApacheProofConfig.files(sources, directory: dir, port: listen.port, notImported: notImported)
        try AtomicFile.write(Array(config.main.utf8), to: dir + "/" + target.standaloneMainFile)
        if let htaccess = config.htaccess {
            try AtomicFile.write(Array(htaccess.utf8), to: dir + "/docroot/.htaccess")
            chmod(dir + "/docroot/.htaccess", 0o644)
        }
        let probes = ApacheProofRequests.generate(sources, imported: imported, port: listen.port, limit: probeLimit)
        return try ImportProofRun.compare(
            target: target, directory: dir, listen: listen, imported: imported, probes: probes, view: ApacheProofConfig.view(for: sources))
    }
}
