import DetourCore

// The `:` command line: completion and the commands.
extension Editor {
    /// The `:` commands with their help, for completion, error messages and docs/keys.md.
    public static let commandLineHelp: [(usage: String, help: String)] = [
        ("w", "Save"),
        ("q", "Quit (asks when there are unsaved edits)"),
        ("q!", "Quit and discard unsaved edits"),
        ("wq", "Save, then quit"),
        ("x", "Save, then quit"),
        ("theme NAME", "Switch theme (tab completes the names)"),
        ("goto ID", "Select the rule with that id (tab completes ids)")
    ]
    static let commandNames = commandLineHelp.map { String($0.usage.split(separator: " ")[0]) }

    static func commandKey(_ key: Key, _ field: TextField, _ s: inout AppState) -> [Effect] {
        var field = field
        if let command = s.keymap.command(for: key, in: .command) {
            switch command {
            case .cancelCommand:
                s.mode = .table
            case .completeCommand:
                let (text, candidates) = complete(field.text, s)
                field.setText(text)
                s.mode = .command(field)
                s.completions = candidates
            case .runCommand:
                s.mode = .table
                return run(field.text.trimmingCharacters(in: " "), &s)
            default: break
            }
            return []
        }
        if s.keymap.command(for: key, in: .textField).map({ field.apply($0) }) == true {
            s.mode = .command(field)
            return []
        }
        if case .char(let c) = key {
            field.insert(String(c))
            s.mode = .command(field)
        }
        return []
    }

    /// Completes a command line: the command name, then a theme name or a rule id. Returns the new
    /// text and, when several candidates remain, the candidates.
    static func complete(_ text: String, _ s: AppState) -> (String, [String]) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let (prefix, word, candidates): (String, String, [String])
        if parts.count < 2 {
            (prefix, word, candidates) = ("", text, commandNames)
        } else if parts[0] == "theme" {
            (prefix, word, candidates) = ("theme ", parts[1], s.themeNames)
        } else if parts[0] == "goto" {
            var ids: [String] = []
            for r in s.rules where r.id.hasPrefix(parts[1]) {
                ids.append(r.id)
                if ids.count > 50 { break }
            }
            (prefix, word, candidates) = ("goto ", parts[1], ids)
        } else {
            return (text, [])
        }
        let matching = candidates.filter { $0.hasPrefix(word) }
        guard let first = matching.first else { return (text, []) }
        if matching.count == 1 {
            let needsArgument = prefix.isEmpty && (first == "theme" || first == "goto")
            return (prefix + first + (needsArgument ? " " : ""), [])
        }
        var common = first
        for m in matching.dropFirst() { while !m.hasPrefix(common) { common.removeLast() } }
        return (prefix + common, Array(matching.prefix(20)))
    }

    static func run(_ line: String, _ s: inout AppState) -> [Effect] {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = parts.first else { return [] }
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: " ") : ""
        switch name {
        case "w":
            return startSave(force: false, &s)
        case "q":
            return tableCommand(.quit, &s)
        case "q!":
            s.isQuitting = true
            return [.discardRecovery, .quit]
        case "wq", "x":
            s.isQuitting = true
            return startSave(force: false, &s)
        case "theme":
            guard !argument.isEmpty else {
                s.status = .error("usage: :theme NAME (tab completes)")
                return []
            }
            return [.loadTheme(argument)]
        case "goto":
            guard !argument.isEmpty else {
                s.status = .error("usage: :goto ID (tab completes)")
                return []
            }
            guard let i = s.rules.firstIndex(where: { $0.id == argument }) else {
                s.status = .error("no rule with id '\(argument)'")
                return []
            }
            if let f = s.filter, !f.isEmpty, !f.matches(s.rules[i]) { s.filter = nil }
            select(rule: i, &s)
            s.status = .info("rule \(i + 1) of \(s.rules.count)")
        default:
            let hint = Suggestion.closest(to: name, in: commandNames).map { "; did you mean :\($0)?" } ?? ""
            s.status = .error("unknown command :\(name)\(hint) (commands: :w :q :q! :wq :theme NAME :goto ID)")
        }
        return []
    }
}
