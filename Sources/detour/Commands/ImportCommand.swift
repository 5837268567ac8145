import ArgumentParser
import DetourCore
import DetourVerify

/// `detour import FORMAT SOURCE…`: another server's redirects as Detour rules (issue 16).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the redirects of an existing server configuration as Detour rules.",
        discussion: """
            Formats: \(Importers.names). The sources are read in order as one configuration; nginx \
            `include`s are followed relative to the including file. The rules keep the server's own \
            precedence, translated into Detour's first-match order. Every redirect construct that \
            cannot be carried exactly is listed in the import report (stderr, or JSON with \
            --format json) as SOURCE:LINE: construct — why; directives that are not redirects are \
            skipped and counted.

            --verify runs the real server on the ORIGINAL configuration (listen moved to a free \
            127.0.0.1 port, upstreams and roots removed) and compares every answer with \
            `detour simulate --as nginx` on the imported rules.

            Exit status: 0 everything was carried (and verified), 1 the report lists constructs not \
            imported or verify found a disagreement, 2 unreadable input (FILE:LINE:COLUMN: message) or \
            an output that was not written (it exists and --force was not given, it is read-only, or \
            another program wrote it meanwhile), 3 the server cannot be run for --verify.

            Examples:
              detour import nginx /etc/nginx/sites-enabled/example.conf -o redirects.yaml
              detour import nginx site.conf --host example.com --format json > /dev/null
              detour import nginx site.conf -o redirects.csv --verify
            """
    )

    @Argument(help: "The format: \(Importers.names).") var format: String
    @Argument(help: "The configuration files to read.") var sources: [String]
    @Option(name: .shortAndLong, help: "Write the rules here (.yaml or .csv) instead of stdout.") var output: String?
    @Option(help: "The site host for sources that name none.") var host: String?
    @Option(name: .customLong("format"), help: "The report: text or json.") var reportFormat: String = "text"
    @Flag(help: "Prove the import against the real server.") var verify = false
    @Flag(help: "Overwrite the -o file if it exists (even when read-only).") var force = false

    func validate() throws {
        guard ["text", "json"].contains(reportFormat) else { throw ValidationError("--format is text or json") }
        guard Importers.named(format) != nil else { throw ValidationError("unknown format '\(format)': use one of \(Importers.names)") }
    }

    func run() throws {
        let importer = Importers.named(format)!
        let result: ImportResult
        do {
            result = try importer.importFiles(sources, options: ImportOptions(host: host))
        } catch let e as ImportError {
            CLI.printError(e.description)
            throw CLI.unreadable
        }
        if let output {
            let before = try CLI.newFileStamp(output, force: force)
            try CLI.writing {
                try RuleFileDocument.write(
                    result.ruleSet, to: output, options: .init(expected: before, checkConflict: true, overwriteReadOnly: force))
            }
        } else {
            print(
                RuleYAMLWriter.document(result.ruleSet, header: "# imported by detour import \(format) from \(sources.joined(separator: " "))\n"),
                terminator: "")
        }
        if reportFormat == "json" {
            if output != nil { print(result.report.json, terminator: "") } else { CLI.printError(result.report.json) }
        } else {
            CLI.printError(result.report.text)
        }
        var failed = !result.report.isComplete
        if verify {
            guard format == "nginx" else {
                CLI.printError("--verify is available for nginx")
                throw ExitCode(3)
            }
            let proof = NginxImportProof(files: sources, result: result)
            let outcome: VerifyResult
            do { outcome = try proof.run() } catch let e as VerifyError {
                CLI.printError("verify: \(e)")
                throw ExitCode(3)
            }
            for d in outcome.disagreements { CLI.printError("DISAGREE \(d)") }
            let left = result.report.notImported.count
            CLI.printError(outcome.summary + (left > 0 ? " (without the \(left) construct\(left == 1 ? "" : "s") the report lists)" : ""))
            failed = failed || !outcome.allAgree
        }
        if failed { throw CLI.findings }
    }
}
