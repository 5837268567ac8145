import ArgumentParser
import DetourCore

/// The `detour` command: one subcommand per job.
@main
struct Detour: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detour",
        abstract: "Manage HTTP redirect rules: edit, check, simulate and export them.",
        discussion: """
            Exit statuses: 0 success; 1 findings (check), disagreements (verify) or an unformatted file \
            (fmt --check); 2 a file that cannot be read or loaded (every problem is printed to stderr as \
            FILE:LINE:COLUMN: MESSAGE).
            """,
        subcommands: [
            EditCommand.self,
            NewCommand.self,
            FmtCommand.self,
            ListCommand.self,
            ConvertCommand.self,
            CheckCommand.self,
            SimulateCommand.self,
            ReplayCommand.self,
            ExportCommand.self,
            VerifyCommand.self,
            ImportCommand.self
        ],
        defaultSubcommand: EditCommand.self
    )
}
