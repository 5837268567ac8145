import ArgumentParser
import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// `detour replay FILE LOG`: every request of an access log through the rules (DESIGN §6.2).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract:
            "Run an access log through the rules: share redirected, hits per rule, rules never hit, chains, loops, off-site requests, rollout shares.",
        discussion: """
            LOG is an nginx/Apache combined (or common) format access log, or plain lines 'METHOD URL' \
            (or just a URL, meaning GET). Lines are streamed, so logs of any size replay in constant \
            memory; malformed lines are counted and sampled in the report, never fatal. Each request \
            uses the logged client address and time (override the time with --at). Access logs carry no \
            cookies or headers, so rollouts and conditions on them do not apply to replayed requests.

            When the log spans several days, the report lists the rules not hit on its last day with \
            the date each was last seen. --prune-older-than 180d -o OUT writes the rule file without the \
            enabled rules no request hit in the 180 days before the log's last time (or --now), comments \
            and order kept; the log must reach back that far.

            Examples:
              detour replay redirects.yaml /var/log/nginx/access.log
              detour replay redirects.yaml requests.txt --as haproxy --format json
              detour replay redirects.yaml access.log --prune-older-than 180d -o pruned.yaml
            """
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Argument(help: "The access log or request list.") var log: String
    @Option(name: .customLong("as"), help: "Simulate as: detour, \(ServerTargets.names).") var server: String?
    @Option(help: "How redirects are followed: browser, curl, go, python, node.") var client: String = "browser"
    @Option(help: "Treat every request as made at this RFC 3339 time.") var at: String?
    @Option(help: "text or json.") var format: Format = .text
    @Option(help: "With -o: leave out rules unused this long (e.g. 180d, 26w, 12h).") var pruneOlderThan: String?
    @Option(name: .shortAndLong, help: "With --prune-older-than: the rule file to write (same format as FILE).") var output: String?
    @Flag(help: "Overwrite the -o file if it exists.") var force = false
    @Option(help: "With --prune-older-than: the end of the period, RFC 3339 (default: the log's last time).") var now: String?

    func validate() throws {
        if let server, ServerView.named(server) == nil { throw ValidationError("unknown server '\(server)' for --as") }
        if Clients.named(client) == nil { throw ValidationError("unknown client '\(client)' (use \(Clients.names.joined(separator: ", ")))") }
        if let at, Timestamp(rfc3339: at) == nil { throw ValidationError("--at '\(at)' is not an RFC 3339 time") }
        if (pruneOlderThan == nil) != (output == nil) { throw ValidationError("--prune-older-than and -o go together") }
        if let pruneOlderThan, ReplayPrune.seconds(pruneOlderThan) == nil {
            throw ValidationError("--prune-older-than '\(pruneOlderThan)': write a number and d, w or h, e.g. 180d")
        }
        if let output, RuleFileDocument.Format.of(path: output) != RuleFileDocument.Format.of(path: file) {
            throw ValidationError("-o \(output): write the pruned file in the format of \(file)")
        }
    }

    func run() throws {
        let doc = try CLI.load(file)
        let simulator = Simulator(ruleSet: CLI.usableRules(doc), view: server.flatMap(ServerView.named), client: Clients.named(client)!)
        let replay = LogReplay(simulator: simulator, time: at.flatMap { Timestamp(rfc3339: $0) })
        let showProgress = isatty(STDERR_FILENO) == 1
        let report: ReplayReport
        do {
            report = try replay.run(
                path: log,
                progress: showProgress
                    ? { read, total in
                        let pct = total > 0 ? read * 100 / total : 0
                        CLI.printPartial("\rreplaying \(log): \(pct)% (\(read >> 20) MB)")
                    } : nil)
        } catch {
            CLI.printError("\(error)")
            throw CLI.unreadable
        }
        if showProgress { CLI.printPartial("\r\u{1B}[K") }
        switch format {
        case .text: print(report.text(file: file), terminator: "")
        case .json: print(report.json(file: file))
        }
        if let pruneOlderThan, let output { try prune(doc, report, period: ReplayPrune.seconds(pruneOlderThan)!, to: output) }
    }

    /// Writes FILE without the rules unused for the period to `output`.
    private func prune(_ doc: RuleFileDocument, _ report: ReplayReport, period: Int64, to output: String) throws {
        let unused: (indices: [Int], cutoff: Timestamp)
        do {
            unused = try ReplayPrune.unused(report, period: period, reference: try now.map { try CLI.clock($0) })
        } catch let e as ReplayError {
            CLI.printError("--prune-older-than: \(e)")
            throw CLI.unreadable
        }
        let before = try CLI.newFileStamp(output, force: force)
        let pruned = ReplayPrune.removing(unused.indices, from: doc.ruleSet)
        try CLI.writing { try AtomicFile.write(doc.render(pruned), to: output, expected: before, checkConflict: true, overwriteReadOnly: force) }
        let ids = unused.indices.map { doc.ruleSet.rules[$0].id }
        CLI.printError(
            "removed \(ids.count) rule\(ids.count == 1 ? "" : "s") not hit since \(unused.cutoff.rfc3339)"
                + (ids.isEmpty ? "" : ": " + ids.prefix(20).joined(separator: ", ") + (ids.count > 20 ? ", …" : "")) + "; wrote \(output)")
    }
}

extension CLI {
    /// Writes to stderr without a newline (progress lines).
    static func printPartial(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
