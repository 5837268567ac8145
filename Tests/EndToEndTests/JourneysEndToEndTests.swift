import Foundation
import Testing

@Suite("detour edit journeys in a real terminal (tmux)", .serialized)
struct JourneysEndToEndTests {
    @Test("a target edited into a loop: DT010 appears by itself, its witness loops, its fix ends it, export and verify from the dialog")
    func loopFindingFixAndWitness() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "0 errors")
        // docs: /docs/v1/* → /docs/v1/index.html sends that page to itself.
        try tmux.send("G")
        try tmux.waitForScreen(containing: "docs — rule 3 of 3")
        try tmux.send("e")
        try tmux.waitForScreen(containing: "Edit rule 'docs'")
        try tmux.send("Tab", "C-a", "C-k")
        try tmux.type("/docs/v1/index.html")
        try tmux.send("Enter")
        // Nothing else pressed: the validator runs in the background and the pane shows the loop.
        try tmux.waitForScreen(containing: "E DT010 loop: /docs/v1/index.html → /docs/v1/index.html")
        let table = try tmux.waitForScreen("the error glyph and count") { s in
            s.contains("E● docs") && s.split(separator: "\n").first?.contains("2 errors") == true
        }
        #expect(table.contains("● modified"))

        // The findings panel, worst first; s simulates the witness.
        try tmux.send("!")
        try tmux.waitForScreen(containing: "witness GET https://example.com/docs/v1/index.html")
        try tmux.send("s")
        try tmux.waitForScreen(containing: "outcome LOOP ↻")
        try tmux.send("Escape")
        try tmux.waitForScreen(containing: "docs — rule 3 of 3")

        // f previews the fix, enter applies it as one edit.
        try tmux.send("!")
        try tmux.waitForScreen(containing: "Findings — 2 errors")
        try tmux.send("f")
        try tmux.waitForScreen(containing: "+ enabled  no")
        try tmux.send("Enter")
        try tmux.waitForScreen(containing: "fixed DT010: disable rule docs")
        try tmux.waitForScreen(containing: "Findings — 1 error")
        try tmux.send("Escape")

        // The same request again: the disabled rule no longer answers.
        try tmux.send("r")
        try tmux.waitForScreen(containing: "Simulator —")
        try tmux.send("Enter")
        try tmux.waitForScreen(containing: "outcome origin — served by origin after 0 redirects")
        try tmux.send("Escape")

        // Export to nginx from the dialog, write the files, and verify against the real server.
        try tmux.send("x")
        try tmux.waitForScreen(containing: "target ‹ nginx ›")
        try tmux.waitForScreen(containing: "2 exported")
        try tmux.send("d", "C-a", "C-k")
        try tmux.type(dir + "/out-nginx")
        try tmux.send("Enter")
        // One error finding is left (as `detour export` would, the dialog refuses first and says why).
        try tmux.waitForScreen(containing: "not written: 1 error finding (! lists them) — w again writes anyway")
        try tmux.send("w")
        try tmux.waitForScreen(containing: "wrote 3 files to")
        #expect(FileManager.default.fileExists(atPath: dir + "/out-nginx/detour-server.conf"))
        // verify starts the real nginx on loopback; scripts/test installs it (DETOUR_SKIP_SERVERS skips).
        if FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx"), ProcessInfo.processInfo.environment["DETOUR_SKIP_SERVERS"] != "1" {
            try tmux.send("v")
            let verified = try tmux.waitForScreen(timeout: 60, "verify's result") { $0.contains("verify: nginx:") }
            #expect(verified.contains("agree"), "\(verified)")
            #expect(!verified.contains("DISAGREE"))
        }
        try tmux.send("Escape")
        try tmux.waitForScreen(containing: "docs — rule 3 of 3")

        // u undoes the whole fix in one step, and the loop is back.
        try tmux.send("u")
        try tmux.waitForScreen(containing: "E DT010 loop")
        try tmux.send("q")
        try tmux.waitForScreen(containing: "Unsaved edits")
        try tmux.send("d")
        #expect(try tmux.waitForExit() == 0)
        #expect(tmux.file("before") == tmux.file("after"))
    }
}
