import DetourCore
import Foundation

/// A first argument that names no subcommand and no file, like `detour dif a b`: without this the
/// default `edit` command would try to open a file called `dif`. A word that is not a path (no `/`
/// or `.`) and does not exist is taken for a mistyped command.
enum UnknownCommand {
    /// The message for `word`, or nil when it is a known command, an option or plausibly a file.
    static func message(for word: String, commands: [String]) -> String? {
        guard !word.isEmpty, !word.hasPrefix("-"), !commands.contains(word),
            !word.contains("/"), !word.contains("."), !FileManager.default.fileExists(atPath: word)
        else { return nil }
        if let name = Suggestion.closest(to: word, in: commands) {
            return "detour: unknown command '\(word)' — did you mean \(name)?"
        }
        return "detour: unknown command '\(word)' (commands: \(commands.joined(separator: ", ")); `detour edit FILE` opens a rule file)"
    }
}
