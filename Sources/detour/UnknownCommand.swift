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
        let nearest = commands.map { ($0, distance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        if let (name, d) = nearest, d <= max(1, min(2, name.count / 2)) {
            return "detour: unknown command '\(word)' — did you mean \(name)?"
        }
        return "detour: unknown command '\(word)' (commands: \(commands.joined(separator: ", ")); `detour edit FILE` opens a rule file)"
    }

    /// Edits (insert, delete, replace) that turn `a` into `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let kept = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = kept
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
