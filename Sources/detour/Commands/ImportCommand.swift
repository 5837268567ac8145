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
            `include`s and Apache `Include`s are followed relative to the including file. netlify reads \
            `_redirects` files and the [[redirects]] of a `netlify.toml`, vercel the redirects (and \
            cleanUrls, trailingSlash) of a `vercel.json`, traefik the routers and middlewares of dynamic \
            YAML or TOML files; wordpress and cloudflare read those CSV exports and make the site block \
            from the hosts their rows use. The rules keep the source's own precedence, translated into \
            Detour's first-match order (nginx location selection; Apache: mod_rewrite before mod_alias, \
            a file named .htaccess read in per-directory context; Netlify's and Vercel's first match; \
            Traefik's router priorities). Every redirect construct that cannot be carried exactly is \
            listed in the import report (stderr, or JSON with --format json) as SOURCE:LINE: construct \
            — why; what is not a redirect is skipped and counted.

            --verify (\(ImportProofs.names)) runs the real server on the ORIGINAL configuration \
            (moved to a free 127.0.0.1 port; upstreams, roots, services and TLS replaced by loopback \
            answers) and compares every answer with `detour simulate` on the imported rules.

            Exit status: 0 everything was carried (and verified), 1 the report lists constructs not \
            imported or verify found a disagreement, 2 unreadable input (FILE:LINE:COLUMN: message) or \
            an output that was not written (it exists and --force was not given, it is read-only, or \
            another program wrote it meanwhile), 3 the server cannot be run for --verify.

            Examples:
              detour import nginx /etc/nginx/sites-enabled/example.conf -o redirects.yaml
              detour import nginx site.conf --host example.com --format json > /dev/null
              detour import nginx site.conf -o redirects.csv --verify
              detour import apache /etc/apache2/sites-enabled/example.conf --verify
              detour import apache public/.htaccess --host www.example.com -o redirects.yaml
              detour import wordpress redirection.csv --host www.example.com -o redirects.yaml
              detour import netlify public/_redirects --host www.example.com -o redirects.yaml
              detour import vercel vercel.json --format json
              detour import traefik dynamic.yml --verify
            """
    )

    @Argument(help: "The format: \(Importers.names).") var format: String
    @Argument(help: "The configuration files to read.") var sources: [String]
    @Option(name: .shortAndLong, help: "Write the rules here (.yaml or .csv) instead of stdout.") var output: String?
    @Option(help: "The site host for sources that name none.") var host: String?
    @Option(name: .customLong("format"), help: "The report: text or json.") var reportFormat: String = "text"
    @Flag(help: "Prove the import against the real server (\(ImportProofs.names)).") var verify = false
    @Flag(help: "Overwrite the -o file if it exists (even when read-only).") var force = false

    func validate() throws {
        guard ["text", "json"].contains(reportFormat) else { throw ValidationError("--format is text or json") }
        guard Importers.named(format) != nil else { throw ValidationError("unknown format '\(format)': use one of \(Importers.names)") }
        if verify && ImportProofs.all[format.lowercased()] == nil {
            throw ValidationError("--verify runs a real server: it is available for \(ImportProofs.names), not \(format)")
        }
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
        if verify, let proof = ImportProofs.all[importer.format] {
            let outcome: ImportProofs.Outcome
            do { outcome = try proof(sources, result) } catch let e as VerifyError {
                CLI.printError("verify: \(e)")
                throw ExitCode(3)
            }
            for d in outcome.disagreements { CLI.printError("DISAGREE \(d)") }
            let left = result.report.notImported.count
            CLI.printError(outcome.summary + (left > 0 ? " (without the \(left) construct\(left == 1 ? "" : "s") the report lists)" : ""))
            failed = failed || !outcome.disagreements.isEmpty
        }
        if failed { throw CLI.findings }
    }
}
