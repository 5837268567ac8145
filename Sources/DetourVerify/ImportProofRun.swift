import DetourCore
import Foundation

/// What the import proofs share (`detour import nginx|apache --verify`): the server is started on
/// the configuration the caller wrote into `directory`, every probe is sent to it and compared
/// with `simulate --as SERVER` on the imported rules (`ImportProofComparison`), and the server is
/// stopped by its PID whatever happens.
enum ImportProofRun {
    static func compare(
        target: any ServerTarget, directory: String, listen: ListenAddress, imported: RuleSet, probes: [VerifyRequests.Probe],
        view: ServerView? = nil
    ) throws -> VerifyResult {
        let runner = VerifyServerRunner(target: target, directory: directory, listen: listen)
        defer { runner.stop() }
        try runner.start(timeoutSeconds: target.startTimeoutSeconds)
        let simulator = Simulator(ruleSet: imported, view: view ?? .of(target.kind))
        let disagreements = ImportProofComparison.disagreements(probes, simulator: simulator, port: listen.port)
        return VerifyResult(server: target.kind, total: probes.count, disagreements: disagreements, omissions: [])
    }

    /// A fresh free port on loopback, or the error the proof reports.
    static func listenAddress(_ target: any ServerTarget) throws -> ListenAddress {
        guard let port = VerifyServerRunner.freePort() else { throw VerifyError.startFailed(target.kind, "no free port on 127.0.0.1") }
        return ListenAddress(host: "127.0.0.1", port: port)
    }
}
