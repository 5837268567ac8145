import ArgumentParser
import DetourCore

/// `detour list FILE`: the rules in order, as a table or JSON.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the rules of a rule file in precedence order.",
        discussion: """
            Example:
              detour list examples/api-migration.yaml
              detour list examples/site-migration.csv --format json | head
            """
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Option(help: "text (a table) or json (one object with the rules).") var format: Format = .text

    func run() throws {
        let doc = try CLI.load(file)
        switch format {
        case .text: print(RuleListing.table(doc.ruleSet), terminator: "")
        case .json: print(RuleListing.json(doc.ruleSet, file: file))
        }
    }
}
