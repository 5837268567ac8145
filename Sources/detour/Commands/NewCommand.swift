import ArgumentParser
import DetourCore

/// `detour new FILE`: a commented starter rule file.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a commented starter rule file.",
        discussion: """
            Refuses to overwrite an existing file unless --force is given.
            Example:
              detour new redirects.yaml
            """
    )

    @Argument(help: "The file to create (.yaml).") var file: String
    @Flag(help: "Overwrite the file if it exists.") var force = false

    func run() throws {
        let before = try CLI.newFileStamp(file, force: force)
        try CLI.writing {
            try AtomicFile.write(Array(StarterFile.text.utf8), to: file, expected: before, checkConflict: true, overwriteReadOnly: force)
        }
        print("created \(file)")
    }
}
