import ArgumentParser
import DetourCore

/// `detour diff OLD NEW`: which requests a change answers differently, by behaviour, not by text.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show which requests two rule files answer differently (a behavioural diff, not a textual one).",
        discussion: """
            OLD and NEW are rule files (.yaml or .csv, any mix) or git revisions REV:PATH, read with \
            `git show REV:PATH` in the current directory (PATH as git reads it: from the repository root, \
            or ./PATH from here).

            For every region of requests whose first hop changes (status, Location, Cache-Control, which \
            clients a rollout picks, time window), one witness request with the response before and after, \
            grouped by what changed: added, removed, retargeted, code changed, cache changed, window changed, \
            rollout changed, match changed, shadowed now, un-shadowed, site changed. The search is exact over \
            the rules' automata; a region it cannot settle within its budget is listed as not decided. \
            Reordering without effect, reformatting and converting between YAML and CSV report \
            "no behavioural change". Then the findings of `detour check` that are new or fixed.

            Exit statuses: 0 no behavioural change; 1 behaviour changes; 2 a file or revision that cannot be read.

            Examples:
              detour diff HEAD~1:redirects.yaml redirects.yaml
              detour diff old.csv new.yaml --format markdown > comment.md
              detour diff main:redirects.yaml redirects.yaml --as nginx --now 2026-12-01T00:00:00Z
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Argument(help: "The rule file before the change, or REV:PATH.") var old: String
    @Argument(help: "The rule file after the change, or REV:PATH.") var new: String
    @Option(help: "text, json, or markdown (for a pull-request comment).") var format: Format = .text
    @Option(name: .customLong("as"), help: "Diff as a server sees requests: detour, \(ServerTargets.names).") var server: String?
    @Option(help: "Compare from this time on, RFC 3339 (default: now): time windows and expiry.") var now: String?
    @Flag(help: "Skip the comparison of `detour check` findings.") var noFindings = false

    func validate() throws {
        if let server, ServerView.named(server) == nil {
            throw ValidationError("unknown server '\(server)' for --as (use detour, \(ServerTargets.names))")
        }
        if let now, Timestamp(rfc3339: now) == nil {
            throw ValidationError("--now must be an RFC 3339 time like 2026-12-31T00:00:00Z, found '\(now)'")
        }
    }

    func run() throws {
        // Both files are read side by side; their problems are reported in order, the old file's first.
        let (loadedBefore, loadedAfter) = Concurrently.both({ DiffCommand.read(old) }, { DiffCommand.read(new) })
        let before = try DiffCommand.reportingProblems(loadedBefore)
        let after = try DiffCommand.reportingProblems(loadedAfter)
        let clock = try CLI.clock(now)
        let diff = BehaviourDiff(old: before.ruleSet, new: after.ruleSet, view: server.flatMap(ServerView.named), now: clock)
        let report = diff.run(findings: !noFindings)
        switch format {
        case .text: print(DiffReportRendering.text(report, old: old, new: new), terminator: "")
        case .json: print(DiffReportRendering.json(report, old: old, new: new))
        case .markdown: print(DiffReportRendering.markdown(report, old: old, new: new), terminator: "")
        }
        if report.changesBehaviour { throw CLI.findings }
    }

    /// A rule file, or `REV:PATH` through git, or why it cannot be read (nothing printed yet).
    static func read(_ argument: String) -> Result<RuleFileDocument, any Error> {
        Result {
            guard GitRevisionFile.split(argument) != nil else { return try RuleFileDocument.load(path: argument) }
            return try RuleFileDocument(path: argument, bytes: try GitRevisionFile.read(argument))
        }
    }

    /// The document read, or exit 2 with its problems on stderr (`file:line:col: msg`).
    static func reportingProblems(_ read: Result<RuleFileDocument, any Error>) throws -> RuleFileDocument {
        do {
            return try read.get()
        } catch let e as RuleFileError {
            for d in e.diagnostics { CLI.printError(d.description) }
            throw CLI.unreadable
        } catch {
            CLI.printError("\(error)")
            throw CLI.unreadable
        }
    }
}
