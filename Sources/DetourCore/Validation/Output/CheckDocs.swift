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

            DT001 and DT002 judge every string a target can produce, one exploit class at a time: a
            placeholder that can make both a script URL and `//evil.example` gets both findings, each with
            its own witness. A witness shows the attack where the target can produce it
            (`https://example.com@evil.example`, `//evil.example`, `/\\evil.example`, `javascript:alert(1)`),
            else the shortest string that proves it.

            DT010–DT013 follow redirects through any mix of exact, prefix and regex sources and report
            only what one client can meet at one instant: the rules of a chain or loop must be inside
            their `starts`/`expires` windows at the same time, and their methods, hosts, schemes and
            `when` conditions must accept the same request (two rules asking for different values of one
            header never chain). A partial rollout is taken as picking the client, and the message says
            so ("if both rollouts pick the client").

            A chain that never ends without repeating a URL is DT012's, not DT010's: `~^/b/(.*)$` → `$1`
            answers `/b/a/a` with the relative `a/a`, which resolves to `/b/a/a/a`, and the path doubles on
            every hop. The finding says "endless chain", shows the first paths and names every client (all
            give up); its witness is the first request. `simulate` follows such a chain until the URL passes
            8 KB (the request line nginx and Apache accept) and ends with "too many redirects" (outcome
            `limit`, `"stopped_growing": true` in JSON). The same rule's empty capture (`/b/` → `/b/`) is
            a separate DT010 loop.

            A finding offers a fix only when applying it removes the finding and creates no other: each
            fix is tried on the rules around it and checked again before it is shown.

            DT080 comes from the export itself: `check` runs a lenient export to each server in
            `site.exports` and reports every rule it would leave out, so refusals that depend on the other
            rules or on a value (the Gateway API's precedence that would reorder two rules, Traefik's `;` in
            a query value) appear in `check` exactly as `export` refuses them.
            DT080's findings name the server and what it cannot run; the regex limits of each server are in
            [targets.md](targets.md).

            """
        return s
    }
}
