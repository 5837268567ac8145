/// `docs/checks.md`: every check of `Validator.allChecks` with its severity and summary, generated
/// so the list users read cannot drift from the checks `detour check` runs (a test compares them).
public enum CheckDocs {
    public static func markdown() -> String {
        var s = """
            # Checks

            `detour check FILE` and the editor's findings panel run these checks (DESIGN §5). Select them with
            `--only`/`--skip IDS`. This page is generated from the checks themselves
            (`DETOUR_UPDATE_DOCS=1 swift test --filter CheckDocsTests`).

            | id | name | severity | finds |
            |---|---|---|---|

            """
        for c in Validator.allChecks {
            s += "| \(c.id) | `\(c.name)` | \(c.severity.rawValue) | \(c.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        s += """

            DT080's findings name the server and what it cannot run; the regex limits of each server are in
            [targets.md](targets.md).

            """
        return s
    }
}
