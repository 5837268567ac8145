import Foundation
import Testing

/// What a new user meets in the first hour, in a real terminal: the quit question, a terminal too
/// small to show anything, and `detour` alone started outside the repository.
@Suite("a new user's first hour in a real terminal (tmux)", .serialized)
struct FirstHourEndToEndTests {
    @Test("q with unsaved edits asks the question with the file's name; d discards and nothing is written")
    func quitQuestion() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "orders-v2")
        try tmux.send("d")
        try tmux.waitForScreen(containing: "2 rules")
        try tmux.send("q")
        let screen = try tmux.waitForScreen(containing: "Save changes to redirects.yaml before quitting?")
        #expect(screen.contains("s save · d discard · k keep editing"))
        try tmux.send("d")
        #expect(try tmux.waitForExit() == 0)
        #expect(try Shell.run(["git", "status", "--porcelain", "redirects.yaml"], in: dir).output.isEmpty)
    }

    @Test("in a 10×5 pane keys do nothing the user cannot see: d and ctrl+s neither delete nor save")
    func blindKeys() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "orders-v2")
        try tmux.resize(width: 10, height: 5)
        try tmux.waitForScreen("the too-small screen") { $0.contains("Terminal") }
        try tmux.send("d")
        try tmux.send("C-s")
        try tmux.send("y")
        try tmux.resize(width: 80, height: 24)
        let screen = try tmux.waitForScreen(containing: "orders-v2 — rule 1 of 3")
        #expect(!screen.contains("modified"), "no edit happened while the terminal was too small")
        #expect(try Shell.run(["git", "status", "--porcelain", "redirects.yaml"], in: dir).output.isEmpty)

        // With an edit, q while too small opens the question, which waits until it can be seen.
        try tmux.send("d")
        try tmux.waitForScreen(containing: "2 rules")
        try tmux.resize(width: 10, height: 5)
        try tmux.waitForScreen("the too-small screen") { $0.contains("Terminal") }
        try tmux.send("q")
        try tmux.send("d")
        try tmux.resize(width: 80, height: 24)
        try tmux.waitForScreen(containing: "Save changes to redirects.yaml before quitting?")
        try tmux.send("k")
        try tmux.waitForScreen(containing: "2 rules")
        try tmux.send("u")
        try tmux.waitForScreen(containing: "3 rules")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(try Shell.run(["git", "status", "--porcelain", "redirects.yaml"], in: dir).output.isEmpty)
    }

    @Test("detour alone in an empty folder opens the built-in example; a save writes ./example.yaml")
    func builtInExampleAnywhere() throws {
        let dir = Shell.tempDir()
        let tmux = try TmuxSession(arguments: [], folder: dir)
        let screen = try tmux.waitForScreen(containing: "orders-v2")
        #expect(screen.contains("example.yaml"))
        #expect(screen.contains("not saved yet"))
        try tmux.send("C-s")
        try tmux.waitForScreen(containing: "saved")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        let saved = try String(contentsOfFile: dir + "/example.yaml", encoding: .utf8)
        let original = try String(contentsOfFile: TmuxSession.repoRoot + "/examples/api-migration.yaml", encoding: .utf8)
        #expect(saved == original)
    }
}
