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
            Without FILE, opens the bundled example examples/api-migration.yaml. A server \
            configuration (an nginx or Apache file, .htaccess) is imported and opened as rules; what \
            could not be imported is in the findings panel, and the first save writes FILE.detour.yaml \
            beside it (site.conf → site.detour.yaml), never the configuration itself. Keys: ? in the editor, \
            or docs/keys.md. Themes: default, light, high-contrast, monochrome, solarized-dark, or a \
            path to a .toml file; NO_COLOR=1 gives monochrome unless --theme is given. Unsaved edits are \
            kept in a recovery file (under $XDG_STATE_HOME/detour) and offered on the next start.

            Exit statuses: 0 after quitting; 2 when the file cannot be loaded (every problem printed as \
            FILE:LINE:COLUMN: MESSAGE), the theme is unknown, or stdin/stdout is not a terminal; 130 \
            when loading was cancelled; 128+N after signal N (the terminal is restored either way).

            Examples:
              detour
              detour edit redirects.yaml
              detour edit big-map.csv --theme light
              detour edit /etc/apache2/sites-available/example.conf
            """
    )

    @Argument(help: "The rule file (.yaml or .csv) or a server configuration to import; default: the bundled example.") var file: String?
    @Option(help: "Theme name or path to a theme .toml file.") var theme: String?

    func run() throws {
        guard let path = file ?? EditCommand.bundledExample() else {
            CLI.printError("detour: no FILE given and the bundled example examples/api-migration.yaml was not found; run `detour edit FILE`")
            throw CLI.unreadable
        }
        do {
            let status = try EditorSession.run(.init(path: path, theme: theme))
            if status != 0 { throw ExitCode(status) }
        } catch let failure as EditorSession.Failure {
            CLI.printError("detour: " + failure.description)
            for line in failure.lines { CLI.printError(line) }
            throw ExitCode(failure.exitCode)
        }
    }

    /// `examples/api-migration.yaml` found from the current directory or next to the executable
    /// (walking up from `.build/debug/detour` to the package root).
    static func bundledExample() -> String? {
        let relative = "examples/api-migration.yaml"
        let fm = FileManager.default
        if fm.fileExists(atPath: relative) { return relative }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent(relative).path
            if fm.fileExists(atPath: candidate) { return candidate }
            let installed = dir.appendingPathComponent("share/detour/" + relative).path
            if fm.fileExists(atPath: installed) { return installed }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
