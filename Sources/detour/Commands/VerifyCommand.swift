import ArgumentParser
import DetourCore
import DetourVerify

/// `detour verify FILE --server SERVER`: proves an export against the real server (DESIGN §7.5).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run the real server on an export and compare every answer with the simulator.",
        discussion: """
            Exports the rules standalone on a free 127.0.0.1 port, runs the server's own syntax check, \
            starts the server in the foreground, sends each rule's examples, a witness request and \
            generated variations (query strings, other methods, encoded and case-changed paths, other \
            hosts, rollout keys across buckets), and compares status, absolute Location and \
            Cache-Control with `detour simulate --as SERVER`. The server is stopped by its PID.
            Rules the server cannot express are left out of both sides and listed.

            Exit status: 0 when every request agrees and no rule was left out, 1 on any disagreement or \
            rule left out, 2 when the file cannot be loaded, 3 when the server cannot be run.

            Examples:
              detour verify examples/api-migration.yaml --server nginx
              detour verify redirects.yaml --server haproxy --keep /tmp/hap-proof
            """
    )

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Option(help: "\(ServerTargets.local.map(\.name).joined(separator: ", ")) (default: the site's first export).") var server: String?
    @Option(help: "Write the export to this directory and keep it (default: a temporary directory).") var keep: String?
    @Option(help: "At most this many requests.") var limit: Int = 5000

    func run() throws {
        let doc = try CLI.load(file)
        let name = server ?? doc.ruleSet.site.exports.first?.server ?? "nginx"
        guard let target = ServerTargets.named(name) else {
            CLI.printError("unknown server '\(name)': use one of \(ServerTargets.names)")
            throw ExitCode.validationFailure
        }
        var verifier = Verifier(ruleSet: CLI.usableRules(doc), target: target, sourceFile: file, sourceBytes: (try? AtomicFile.read(file)) ?? [])
        verifier.directory = keep.map(ExportFiles.absolute)
        verifier.probeLimit = limit
        let result: VerifyResult
        do {
            result = try verifier.run()
        } catch let e as VerifyError {
            CLI.printError("verify: \(e)")
            throw ExitCode(3)
        } catch let e as ExportRefusal {
            CLI.printError("verify: \(e)")
            throw ExitCode(3)
        }
        for o in result.omissions { CLI.printError("\(file): \(o) (not verified)") }
        for d in result.disagreements { print("DISAGREE \(d)") }
        print(result.summary)
        // Like a rule the server cannot express, a rule that cannot work as written is not verified.
        let invalid = doc.ruleSet.invalidRules.count
        if invalid > 0 { print("\(invalid) rule\(invalid == 1 ? "" : "s") that cannot work as written left out (DT070, not verified)") }
        if !result.allAgree || invalid > 0 { throw CLI.findings }
    }
}
