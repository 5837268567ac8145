import ArgumentParser
import DetourCore

/// `detour rm FILE ID`: removes one rule without opening the editor.
struct RmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove one rule from a rule file by its id, keeping everything else.",
        discussion: """
            Only the rule's own lines go (with the comment lines directly above it); the other rules, \
            their comments and their order stay. Exit status 2: no rule has that id (the nearest id is \
            suggested), or the file could not be written (another program changed it meanwhile, or it is \
            read-only: --force writes it anyway).
            Example:
              detour rm redirects.yaml old-blog
            """
    )

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Argument(help: "The id of the rule to remove.") var id: String
    @Flag(help: "Write the file even when it is read-only.") var force = false

    func run() throws {
        var doc = try CLI.load(file)
        var set = doc.ruleSet
        guard let index = set.rules.firstIndex(where: { $0.id == id }) else {
            let nearest = Suggestion.closest(to: id, in: set.rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
            CLI.printError("\(file): no rule has the id '\(id)'\(nearest)")
            throw CLI.unreadable
        }
        let line = set.lines[index]
        set.rules.remove(at: index)
        set.lines.remove(at: index)
        try CLI.writing { try doc.save(set, overwriteReadOnly: force) }
        print("removed rule '\(id)' (line \(line)) from \(file)")
    }
}
