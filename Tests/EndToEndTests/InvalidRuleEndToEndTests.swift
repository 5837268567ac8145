import Foundation
import Testing

/// Issue 14.5 in a real terminal: `detour edit` opens a file holding a rule that cannot work as
/// written, marks it, lets the user fix it in the form, and the save changes only that line.
@Suite("invalid rules in detour edit (tmux)", .serialized)
struct InvalidRuleEndToEndTests {
    static let file = """
        site:
          hosts: [example.com]
        rules:
          - id: ok
            source: /old
            target: /new
            code: 301

          # Only one group: $2 names nothing.
          - id: broken
            source: ~^/p/(\\d+)$
            target: /products/$2
            code: 308

        """

    @Test("open a file with an invalid rule, fix it in the form, save: git diff shows the one line, check passes")
    func openFixSave() throws {
        let dir = try Shell.repository(with: Self.file, named: "rules.yaml")
        let (before, beforeStatus) = try Shell.run([TmuxSession.binary, "check", "rules.yaml", "--now", "2026-11-25T00:00:00Z"], in: dir)
        #expect(beforeStatus == 1 && before.contains("DT070") && before.contains("(12:23)"), "\(before)")
        let tmux = try TmuxSession(arguments: ["edit", "rules.yaml"], folder: dir)
        let screen = try tmux.waitForScreen(containing: "broken")
        #expect(screen.contains(" E✗ broken"), "\(screen)")
        try tmux.send("G")
        try tmux.waitForScreen(containing: "broken — rule 2 of 2")
        try tmux.waitForScreen(containing: "placeholder $2 has no group")
        try tmux.send("e")
        try tmux.waitForScreen(containing: "Edit rule 'broken'")
        try tmux.waitForScreen(containing: "/products/$2")
        try tmux.send("Tab")  // source → target
        try tmux.send("BSpace")
        try tmux.type("1")
        try tmux.waitForScreen(containing: "/products/$1")
        try tmux.send("Enter")
        try tmux.waitForScreen(containing: "● modified")
        try tmux.send("C-s")
        try tmux.waitForScreen(containing: "saved 2 rules")
        let (diff, _) = try Shell.run(["git", "diff", "-U0", "--no-color", "rules.yaml"], in: dir)
        let changed = diff.split(separator: "\n").map(String.init)
            .filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
        #expect(changed == ["-    target: /products/$2", "+    target: /products/$1"])
        let fixed = try tmux.waitForScreen(containing: "  ● broken")
        #expect(!fixed.contains("E✗"), "\(fixed)")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        let (_, afterStatus) = try Shell.run([TmuxSession.binary, "check", "rules.yaml", "--now", "2026-11-25T00:00:00Z"], in: dir)
        #expect(afterStatus == 0)
    }
}
