/// docs/keys.md, generated from the key table so the documentation cannot drift from the keys.
public enum KeyDocs {
    public static func markdown(_ keymap: Keymap = .standard) -> String {
        var out = """
            # Keys of `detour edit`

            Generated from the key table in `Sources/DetourTUI/App/Input/Keymap.swift` (the same table
            drives input, the hint bar and the `?` overlay); a test fails when this file is out of date.
            Regenerate with `DETOUR_UPDATE_DOCS=1 swift test --filter KeymapTests`.
            (!) marks destructive keys; every edit can be undone with `u`. While the terminal is smaller
            than 80×24 only `q` acts (an open question waits until it can be seen).

            """
        for context in KeyContext.allCases {
            let bindings = keymap.bindings(in: context)
            guard !bindings.isEmpty else { continue }
            out += "\n## \(context.title)\n\n| keys | action |\n|---|---|\n"
            for b in bindings {
                let keys = b.keys.map { "`\($0.name == "|" ? "\\|" : $0.name)`" }.joined(separator: " ")
                out += "| \(keys) | \(b.help)\(b.isDangerous ? " (!)" : "") |\n"
            }
            if context == .textField { out += "| any character | Insert it at the cursor (a paste arrives whole and never runs commands) |\n" }
        }
        out += "\n## Command line (`:`)\n\n| command | action |\n|---|---|\n"
        for c in Editor.commandLineHelp { out += "| `:\(c.usage)` | \(c.help) |\n" }
        out += """

            ## Mouse

            Click selects a rule, double-click opens it in the form, the wheel scrolls; in the form a click
            focuses a field. In the suggestions pane (`--beside`) a click selects a suggestion, a double-click
            accepts it.

            """
        return out
    }
}
