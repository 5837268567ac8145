import ArgumentParser
import DetourCore

/// The `detour` command: subcommands for each job; `edit` is the default.
@main
struct Detour: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detour",
        abstract: "Manage HTTP redirect rules: edit, check, simulate and export them.",
        subcommands: []
    )
}
