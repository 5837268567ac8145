import ArgumentParser
import DetourCore
import DetourTUI

/// `detour suggest FILE LOG`: rules for the 404s of an access log (issue 17 §3).
struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Propose rules for the paths an access log answered with 404, as a rule file for review.",
        discussion: """
            Reads the GET and HEAD requests LOG (nginx/Apache combined or common format) answered with \
            404, leaves out the paths FILE already redirects, and points each at the most similar page \
            of the new site: the only page with the same slug (confidence 0.95), the closest of several \
            with it (0.75), or the most similar path by slug and words (at most 0.85). The pages are \
            --sitemap (a sitemap XML or one URL or path a line), else the paths the log shows were \
            served (2xx). Three or more moves that follow one pattern become one prefix rule \
            (/blog/* → /news/*) or, when the old paths differ only in numbers, one regex rule.

            Every suggestion is checked: appended to FILE, the validator must find no error involving \
            it and the simulator must send each path it covers to its page. The output is a rule file \
            (the site block of FILE, the suggested rules with their confidence, reason and hits as \
            comments, then the 404 paths without a suggestion), to review and open beside FILE.

            --edit then opens the editor on FILE with the suggestions beside it (as `detour edit FILE \
            --beside OUT`): accept, skip or edit each one there; only FILE is saved.

            Examples:
              detour suggest redirects.yaml /var/log/nginx/access.log --sitemap sitemap.xml -o suggested.yaml
              detour suggest redirects.yaml access.log -o suggested.yaml --edit
              detour suggest redirects.yaml access.log --min-confidence 0.8
            """
    )

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Argument(help: "The access log with the 404s.") var log: String
    @Option(help: "The new site's pages: a sitemap XML or a text file of URLs or paths (default: the paths the log shows were served).")
    var sitemap: String?
    @Option(name: .shortAndLong, help: "Write the suggestions to this .yaml file (default: standard output).") var output: String?
    @Flag(help: "Overwrite the -o file if it exists.") var force = false
    @Option(help: "Suggest nothing below this confidence (0…1).") var minConfidence: Double = 0.6
    @Option(help: "At least this many moves with one pattern become one prefix or regex rule.") var minGroup: Int = 3
    @Option(help: "The validator's clock, RFC 3339 (default: now).") var now: String?
    @Flag(help: "Then open FILE in the editor with the suggestions beside it (without -o they are kept in memory only).") var edit = false

    func validate() throws {
        if !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence is between 0 and 1") }
        if minGroup < 2 { throw ValidationError("--min-group must be at least 2") }
        if let output, RuleFileDocument.Format.of(path: output) != .yaml {
            throw ValidationError("-o writes a .yaml file (comments carry the reasons)")
        }
    }

    func run() throws {
        let doc = try CLI.load(file)
        let clock = try CLI.clock(now)
        let summary: NotFoundSummary
        var pages: [String]
        do {
            summary = try NotFoundLog.read(path: log)
            pages = try sitemap.map { SiteURLList.paths(from: String(decoding: try AtomicFile.read($0), as: UTF8.self)) } ?? summary.served.sorted()
        } catch {
            CLI.printError("\(error)")
            throw CLI.unreadable
        }
        if let sitemap, pages.isEmpty {
            CLI.printError("\(sitemap): no URL or path found (a sitemap XML has <loc> entries; a list has one URL or path a line)")
            throw CLI.unreadable
        }
        var suggester = RuleSuggester(ruleSet: doc.ruleSet, pages: pages, now: clock)
        suggester.minimumConfidence = minConfidence
        suggester.minimumGroup = minGroup
        let result = suggester.suggest(summary)
        let pagesSource = sitemap.map { "\($0) (\(pages.count) pages)" } ?? "the \(pages.count) paths \(log) shows were served"
        let text = SuggestionFile.render(result, ruleSet: doc.ruleSet, file: file, log: log, pagesSource: pagesSource)
        if let output {
            let before = try CLI.newFileStamp(output, force: force)
            try CLI.writing { try AtomicFile.write(Array(text.utf8), to: output, expected: before, checkConflict: true, overwriteReadOnly: force) }
        } else {
            // With --edit the suggestions go to the editor, not over the terminal it is about to use.
            if !edit { print(text, terminator: "") }
        }
        let notFoundPaths = summary.notFound.count
        CLI.printError(
            "\(notFoundPaths) distinct 404 path\(notFoundPaths == 1 ? "" : "s") in \(log) (\(result.alreadyRedirected) already redirected): "
                + "\(result.suggestions.count) rule\(result.suggestions.count == 1 ? "" : "s") suggested, \(result.unmatched.count) without a page, "
                + "\(result.rejected.count) turned down by the check" + (output.map { "; wrote \($0)" } ?? ""))
        if edit { try openEditor(suggestions: text) }
    }

    /// `--edit`: the editor on FILE with the suggestions beside it.
    func openEditor(suggestions text: String) throws {
        let beside = output ?? "suggestions (not written)"
        do {
            let status = try EditorSession.run(
                .init(path: file, beside: beside, besideContents: output == nil ? Array(text.utf8) : nil))
            if status != 0 { throw ExitCode(status) }
        } catch let failure as EditorSession.Failure {
            CLI.printError("detour: " + failure.description)
            for line in failure.lines { CLI.printError(line) }
            throw ExitCode(failure.exitCode)
        }
    }
}
