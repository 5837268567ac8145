import ArgumentParser
import DetourCore

/// The `detour` command: one subcommand per job.
@main
struct Detour: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detour",
        abstract: "Manage HTTP redirect rules: edit, check, simulate and export them.",
        discussion: """
            Exit statuses: 0 success; 1 findings (check; export of a file with error findings), \
            disagreements or rules left out (verify), a rule that differs or is unreachable (probe), a trace \
            ending in a loop, the redirect limit or an external host (simulate), an unformatted file \
            (fmt --check), or a behavioural change (diff); 2 a file that cannot be read \
            or loaded (every problem is printed to stderr as FILE:LINE:COLUMN: MESSAGE), a write that was \
            refused or failed (the file on disk is unchanged: another program changed it meanwhile, it is \
            read-only, or the disk is full) or an unknown command (the nearest command is suggested); 3 a \
            server verify cannot run, or a probe that cannot start or got no answer.
            """,
        version: DetourVersion.text,
        subcommands: [
            EditCommand.self,
            NewCommand.self,
            FmtCommand.self,
            ListCommand.self,
            AddCommand.self,
            RmCommand.self,
            ConvertCommand.self,
            CheckCommand.self,
            SimulateCommand.self,
            DiffCommand.self,
            ReplayCommand.self,
            SuggestCommand.self,
            ExportCommand.self,
            VerifyCommand.self,
            ProbeCommand.self,
            ImportCommand.self
        ],
        defaultSubcommand: EditCommand.self
    )

    /// Answers a mistyped command before the default `edit` takes it for a file name.
    static func main() {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        if let first = CommandLine.arguments.dropFirst().first, let message = UnknownCommand.message(for: first, commands: names) {
            CLI.printError(message)
            exit(withError: CLI.unreadable)
        }
        main(nil)
    }
}
