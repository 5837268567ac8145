import Foundation
import Testing

/// The changes panel through the real binary in tmux: an unsaved edit is shown against the file on
/// disk as `detour diff` would show it, and after the save there is no change left.
@Suite(.serialized) struct ChangesPanelEndToEndTests {
    static let rules = """
        site:
          hosts: [example.com]
        rules:
          - id: home
            source: /home
            target: /start
            code: 308
          - id: docs
            source: /docs/*
            target: /manual/*
            code: 301

        """

    @Test("c after an unsaved code change: the region, its witness, before and after; after ctrl+s no change")
    func unsavedCodeChangeShowsInTheChangesPanel() throws {
        let dir = try Shell.repository(with: Self.rules, named: "redirects.yaml")
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir, width: 100, height: 30)
        try tmux.waitForScreen(containing: "home — rule 1 of 2")
        try tmux.send("e")
        try tmux.waitForScreen(containing: "Edit rule 'home'")
        try tmux.send("Tab", "Tab")  // source → target → code
        try tmux.waitForScreen(containing: "▸code")
        try tmux.send("Space")  // 308 → the next code
        try tmux.send("Enter")
        try tmux.waitForScreen(containing: "● modified")
        try tmux.send("c")
        let screen = try tmux.waitForScreen(containing: "code changed")
        #expect(screen.contains("Changes against redirects.yaml on disk — 1 region"))
        #expect(screen.contains("home (line 4) → home"))
        #expect(screen.contains("GET https://example.com/home"))
        #expect(screen.contains("before   308 → https://example.com/start"))
        try tmux.send("Escape")
        try tmux.waitForScreen(containing: "home — rule 1 of 2")
        try tmux.send("C-s")
        try tmux.waitForScreen(containing: "saved 2 rules")
        try tmux.send("c")
        try tmux.waitForScreen(containing: "no behavioural change: every request is answered as the file on disk answers it")
        try tmux.send("q")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
