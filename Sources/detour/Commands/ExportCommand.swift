import ArgumentParser
import DetourCore
import DetourVerify

/// `detour export FILE --to SERVER -o DIR`: writes one server's configuration for the rules.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the configuration that makes a server redirect exactly as the rule file says.",
        discussion: """
            SERVER is one of: \(ServerTargets.names) (the names `simulate --as` \
            uses). DIR receives the files and a README saying where each goes in an existing \
            configuration. With --standalone --listen ADDR:PORT the files form a complete redirect-only \
            server (\(ServerTargets.local.map(\.standaloneMainFile).joined(separator: ", "))) that keeps \
            every runtime file (pid, logs, temp) inside DIR. Hosted platforms (\(ServerTargets.all.filter { !$0.runsLocally }.map(\.name).joined(separator: ", "))) \
            have no standalone form: --standalone is refused for them.

            With -o - the configuration goes to standard output (the summary to stderr) when the export \
            is a single file besides its README (Caddy's detour.caddy, for instance); an export of \
            several files, or a standalone one, needs a directory (exit 2). DIR must not be an existing \
            regular file (exit 2); a file that cannot be written exits 2 and names it.

            A rule the server cannot express exactly is refused (DT080, exit 1) unless --lenient, which \
            exports the rest and lists what was left out. Rule text that cannot be written safely (control \
            characters, a quote the server cannot escape) is refused naming the rule and the character.

            A rule file with error findings (what `detour check` exits 1 for) is refused too, the findings \
            listed on stderr (exit 1); --allow-findings exports it anyway.

            What each server cannot express (refused with DT080); the README written next to an export \
            and docs/targets.md say what else differs (e.g. Traefik answers GET with 301/302 but other \
            methods with 308/307 when a target is built from the request; Envoy sends every Location absolute):
            \(ServerTargets.all.map { t in "  \(t.name): " + Self.refused(t) }.joined(separator: "\n"))

            --to all writes one folder per target (DIR/nginx, DIR/apache, …, each what --to TARGET -o \
            DIR/TARGET writes) and a table of what each target exported, refused (the reasons counted) and \
            how many residual differences its README lists, on stdout and in DIR/SUMMARY.md. A target that \
            refuses rules gets no folder unless --lenient, and does not stop the others. Exit 0 when every \
            folder was written (every target exported every rule, or --lenient), 1 when a target refused rules \
            or could not export at all.

            Examples:
              detour export redirects.yaml --to nginx -o out/nginx
              detour export redirects.yaml --to all -o out
              detour export redirects.yaml --to haproxy -o /tmp/hap --standalone --listen 127.0.0.1:8080
              detour export redirects.yaml --to gateway --gateway public-gw/infra -o out/gateway
            """
    )

    /// The features a target refuses, for the help text.
    static func refused(_ t: any ServerTarget) -> String {
        let features = ExportFeature.allCases.filter { !t.capabilities.supports($0) }.map(\.description)
        return features.isEmpty ? "nothing" : features.joined(separator: ", ")
    }

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Option(name: .long, help: "The server: \(ServerTargets.listed { $0.name }); or all, for one folder per target and SUMMARY.md.")
    var to: String
    @Option(name: .shortAndLong, help: "The directory to write (created when missing), or - for standard output.") var output: String
    @Flag(help: "Write a complete redirect-only server configuration.") var standalone = false
    @Option(help: "ADDR:PORT the standalone server listens on (default 127.0.0.1:8080).") var listen: String?
    @Flag(help: "Export what can be expressed and list the rules left out, instead of refusing.") var lenient = false
    @Option(help: "The export time (RFC 3339) used for expiry decisions; default: now.") var now: String?
    @Flag(help: "Export even when `detour check` finds errors in the rule file.") var allowFindings = false
    @Option(help: "gateway only: the Gateway the HTTPRoutes attach to, NAME or NAME/NAMESPACE (default: the site's exports entry).")
    var gateway: String?

    func run() throws {
        let everyTarget = to.lowercased() == "all"
        guard let server = ServerTargets.named(to) ?? (everyTarget ? ServerTargets.all.first : nil) else {
            CLI.printError("unknown server '\(to)': use one of \(ServerTargets.names), or all")
            throw ExitCode.validationFailure
        }
        let toStdout = output == "-"
        if toStdout && (standalone || listen != nil) {
            CLI.printError("-o -: a standalone export keeps its runtime files in a directory; give one with -o DIR")
            throw CLI.unreadable
        }
        if toStdout && everyTarget {
            CLI.printError("-o -: --to all writes one folder per target and SUMMARY.md; give a directory with -o DIR")
            throw CLI.unreadable
        }
        let doc = try CLI.load(file)
        let options = try exportOptions()
        if !allowFindings { try refuseErrorFindings(doc, now: options.now) }
        let ruleSet = try rulesToExport(doc, server: server, everyTarget: everyTarget)
        if everyTarget {
            try ExportAllTargets(file: file, output: output, lenient: lenient).run(ruleSet, options: options)
            return
        }
        let out: ExportOutput
        do {
            out = try server.exporter.export(ruleSet, options: options)
        } catch let refusal as ExportRefusal {
            for e in refusal.errors { CLI.printError("\(file): \(e)") }
            // A refused option (--standalone for a hosted platform) is no rule that --lenient would leave out.
            if refusal.errors.allSatisfy({ if case .invalidOption = $0 { return true } else { return false } }) { throw ExitCode.validationFailure }
            CLI.printError(
                "export to \(server.name) refused (\(refusal.errors.count) rule\(refusal.errors.count == 1 ? "" : "s")); --lenient exports the rest")
            throw CLI.findings
        }
        if toStdout {
            try writeToStandardOutput(out, server: server)
            return
        }
        try CLI.writing(hasForce: false) { try ExportFiles.write(out, to: options.directory) }
        for o in out.omissions { CLI.printError("\(file): \(o)") }
        var summary = "\(server.name): \(out.exportedRuleCount) rule\(out.exportedRuleCount == 1 ? "" : "s") exported to \(output)"
        if !out.omissions.isEmpty { summary += ", \(out.omissions.count) left out (--lenient)" }
        if out.mainFile != nil {
            summary += "; start: " + ExportFiles.startCommand(server, directory: options.directory, listen: options.standaloneListen!)
        }
        print(summary)
        if let t = out.reexportBefore { print("re-export before \(t.rfc3339)") }
    }

    /// The rules to export: invalid rules left out (each named on stderr) and `--gateway` applied.
    private func rulesToExport(_ doc: RuleFileDocument, server: any ServerTarget, everyTarget: Bool) throws -> RuleSet {
        let rules = CLI.usableRules(doc)
        guard let gateway else { return rules }
        do {
            if everyTarget { return GatewayAPIParent.applying(try GatewayAPIParent(text: gateway), to: rules) }
            return try GatewayAPIParent.applying(gateway, for: server, to: rules)
        } catch let e as ExportError {
            CLI.printError("--gateway: \(e)")
            throw ExitCode.validationFailure
        }
    }

    /// The options the flags give (the directory made absolute, the rule file's hash recorded).
    private func exportOptions() throws -> ExportOptions {
        var options = ExportOptions(directory: ExportFiles.absolute(output), sourceFile: file)
        options.sourceSHA256 = ExportFileHash.sha256Hex((try? AtomicFile.read(file)) ?? [])
        options.lenient = lenient
        if let now {
            guard let t = Timestamp(rfc3339: now) else {
                CLI.printError("--now: '\(now)' is not an RFC 3339 time like 2026-12-31T00:00:00Z")
                throw ExitCode.validationFailure
            }
            options.now = t
        }
        if standalone || listen != nil {
            guard let addr = ListenAddress(text: listen ?? "127.0.0.1:8080") else {
                CLI.printError("--listen: '\(listen ?? "")' is not ADDR:PORT like 127.0.0.1:8080")
                throw ExitCode.validationFailure
            }
            options.standaloneListen = addr
        }
        return options
    }

    /// An export must not contradict `check`: error findings stop it (exit 1) with the findings listed.
    private func refuseErrorFindings(_ doc: RuleFileDocument, now: Timestamp) throws {
        let validator = Validator(now: now, exportCapabilities: ExporterCapabilityReport.forExports(of: doc.ruleSet.site))
        let errors = validator.validate(doc.ruleSet).filter { $0.severity == .error }
        guard !errors.isEmpty else { return }
        let locator = FindingLocator(fileBytes: (try? AtomicFile.read(file)) ?? [], isYAML: doc.format == .yaml)
        CLI.printError(FindingsReport.text(errors, file: file, color: false, locator: locator))
        CLI.printError(
            "export refused: \(file) has \(errors.count) error finding\(errors.count == 1 ? "" : "s") (see `detour check`); "
                + "--allow-findings exports anyway")
        throw CLI.findings
    }

    /// `-o -`: the one configuration file on stdout; the README (where the file goes) is for a
    /// directory export, and anything else goes to stderr so that stdout stays the config alone.
    private func writeToStandardOutput(_ out: ExportOutput, server: any ServerTarget) throws {
        let configs = out.files.filter { $0.name != "README" }
        guard configs.count == 1 else {
            CLI.printError(
                "-o -: this \(server.name) export is \(configs.count) files (\(configs.map(\.name).joined(separator: ", "))); "
                    + "write it to a directory with -o DIR")
            throw CLI.unreadable
        }
        CLI.writeStandardOutput(configs[0].bytes)
        for o in out.omissions { CLI.printError("\(file): \(o)") }
        var summary = "\(server.name): \(out.exportedRuleCount) rule\(out.exportedRuleCount == 1 ? "" : "s") exported as \(configs[0].name) to stdout"
        if !out.omissions.isEmpty { summary += ", \(out.omissions.count) left out (--lenient)" }
        CLI.printError(summary)
        if let t = out.reexportBefore { CLI.printError("re-export before \(t.rfc3339)") }
    }
}
