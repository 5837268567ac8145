import ArgumentParser
import DetourCore

/// `detour fmt FILE [--check]`: canonical formatting with every comment kept.
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite a YAML rule file in canonical form, keeping every comment.",
        discussion: """
            Canonical form: two-space indentation, rule keys in the documented order, plain scalars where \
            YAML allows, flow style for short lists and maps. With --check nothing is written and the exit \
            status is 1 when the file is not formatted (for CI).
            The file is replaced atomically (through a symbolic link, keeping its mode, owner and group). \
            Nothing is written, exit status 2, when another program changed the file while it was being \
            formatted, or when it is read-only (--force writes it anyway).
            Example:
              detour fmt redirects.yaml
              detour fmt --check redirects.yaml
            """
    )

    @Argument(help: "The YAML rule file.") var file: String
    @Flag(help: "Only report; exit 1 when the file is not formatted.") var check = false
    @Flag(help: "Write the file even when it is read-only.") var force = false

    func run() throws {
        let bytes: [UInt8]
        let stamp: AtomicFile.Stamp
        do { (bytes, stamp) = try AtomicFile.readWithStamp(file) } catch {
            CLI.printError("\(error)")
            throw CLI.unreadable
        }
        // Formatted while parsing, one rule at a time: a 10⁶-rule file never exists as a whole
        // parse tree nor as a second text (issue 19.8).
        do {
            if check {
                if try !YAMLRuleFile.isFormatted(bytes, file: file) {
                    CLI.printError("\(file): not formatted (run 'detour fmt \(file)')")
                    throw CLI.findings
                }
                return
            }
            try CLI.writing {
                let options = AtomicFile.WriteOptions(expected: stamp, checkConflict: true, overwriteReadOnly: force)
                _ = try YAMLRuleFile.formatFile(bytes, path: file, options: options)
            }
        } catch let e as RuleFileError {
            for d in e.diagnostics { CLI.printError(d.description) }
            throw CLI.unreadable
        }
    }
}
