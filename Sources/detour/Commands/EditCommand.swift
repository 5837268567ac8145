import ArgumentParser
import DetourCore
import DetourTUI
import Foundation

/// `detour edit [FILE]`: the curses editor (the default command). Without a file it opens the
/// bundled example, so `detour` alone shows what Detour does.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a rule file in the terminal editor (the default command).",
        discussion: """
            Without FILE, opens the example examples/api-migration.yaml from the current directory, \
            else ./example.yaml, else the same example compiled into detour (a save writes ./example.yaml). \
            A server configuration (an nginx or Apache file, .htaccess) is imported and opened as rules; what \
            could not be imported is in the findings panel, and the first save writes FILE.detour.yaml \
            beside it (site.conf → site.detour.yaml), never the configuration itself. Keys: ? in the editor, \
            or docs/keys.md. Themes: default, light, high-contrast, monochrome, solarized-dark, or a \
            path to a .toml file; NO_COLOR=1 gives monochrome unless --theme is given. Unsaved edits are \
            kept in a recovery file (under $XDG_STATE_HOME/detour) and offered on the next start.

            --beside SUGGESTIONS.yaml opens the rules of a `detour suggest` file beside FILE (side by side \
            when the terminal is wide, stacked when it is tall, else one pane at a time: tab switches). Each \
            suggestion shows its confidence and hits and what accepting it would do: the logged 404s it \
            catches, the findings that are new with it, the requests answered differently (as detour diff), \
            where it goes (before a rule that would shadow it, else at the end). a accepts one, A every safe \
            one, s skips, e edits it first; an accept is an unsaved edit of FILE that u undoes. The \
            suggestions file is never written.

            Exit statuses: 0 after quitting; 2 when the file cannot be loaded (every problem printed as \
            FILE:LINE:COLUMN: MESSAGE), the theme is unknown, or stdin/stdout is not a terminal; 130 \
            when loading was cancelled; 128+N after signal N (the terminal is restored either way).

            Examples:
              detour
              detour edit redirects.yaml
              detour edit big-map.csv --theme light
              detour edit /etc/apache2/sites-available/example.conf
              detour edit redirects.yaml --beside suggested.yaml
            """
    )

    @Argument(help: "The rule file (.yaml or .csv) or a server configuration to import; default: the bundled example.") var file: String?
    @Option(help: "Theme name or path to a theme .toml file.") var theme: String?
    @Option(help: "A `detour suggest` file to review beside FILE: accept, skip or edit each suggested rule.") var beside: String?

    func validate() throws {
        if beside != nil, file == nil { throw ValidationError("--beside needs FILE: the rule file the suggestions are for") }
    }

    func run() throws {
        let (path, contents) = EditCommand.fileToOpen(file)
        do {
            let status = try EditorSession.run(.init(path: path, theme: theme, contents: contents, beside: beside))
            if status != 0 { throw ExitCode(status) }
        } catch let failure as EditorSession.Failure {
            CLI.printError("detour: " + failure.description)
            for line in failure.lines { CLI.printError(line) }
            throw ExitCode(failure.exitCode)
        }
    }

    /// The file to open and, when it does not exist yet, the text to start from. Without FILE: the
    /// repository's example when run from the repository root, else `./example.yaml` — the example
    /// compiled into the binary until a save writes it there (never beside the binary).
    static func fileToOpen(_ file: String?, exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> (String, [UInt8]?) {
        if let file { return (file, nil) }
        if exists(BundledExample.repositoryPath) { return (BundledExample.repositoryPath, nil) }
        let local = "example.yaml"
        return (local, exists(local) ? nil : Array(BundledExample.text.utf8))
    }
}
