import Foundation
import Testing

/// `detour suggest … --edit` and `detour edit FILE --beside SUGGESTIONS.yaml` through the real
/// binary in tmux: the suggestions of the migration example's 404 log beside a small rule file,
/// two accepted, saved, and `detour check` clean on the result.
@Suite(.serialized) struct SuggestionsBesideEndToEndTests {
    static let rules = """
        site:
          hosts: [example.com]
        rules:
          # The landing page moved.
          - id: home
            source: /home
            target: /
            code: 301

        """

    /// A folder with the rule file and the migration example's log and sitemap.
    static func folder() throws -> String {
        let dir = Shell.tempDir()
        try rules.write(toFile: dir + "/redirects.yaml", atomically: true, encoding: .utf8)
        for name in ["access.log", "sitemap.xml"] {
            try FileManager.default.copyItem(atPath: TmuxSession.repoRoot + "/examples/migration/" + name, toPath: dir + "/" + name)
        }
        return dir
    }

    @Test("suggest --edit: side by side at 160×40, accept two, save; the file has them and check is clean")
    func suggestThenAcceptTwoSideBySide() throws {
        let dir = try Self.folder()
        let tmux = try TmuxSession(
            arguments: [
                "suggest", "redirects.yaml", "access.log", "--sitemap", "sitemap.xml", "-o", "suggested.yaml", "--now", "2026-11-06T00:00:00Z",
                "--edit"
            ], folder: dir, width: 160, height: 40)
        var screen = try tmux.waitForScreen(containing: "Suggestions suggested.yaml: 0 of ")
        #expect(screen.contains("source → target"), "the rule table is on the same screen")
        #expect(screen.contains("home — rule 1 of 1"))
        screen = try tmux.waitForScreen(containing: "no new findings")
        #expect(screen.contains("catches 16 logged 404s; no new findings"), "the blog pattern's hits")
        let suggested = tmux.file("suggested.yaml")
        #expect(suggested.contains("id: suggest-blog"), "-o wrote the suggestions before the editor opened")
        try tmux.send("a")
        try tmux.waitForScreen(containing: "accepted suggest-blog as rule 2, at the end")
        try tmux.send("a")
        try tmux.waitForScreen(containing: "2 of ")
        try tmux.send("C-s")
        try tmux.waitForScreen(containing: "saved 3 rules")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        let saved = tmux.file("redirects.yaml")
        #expect(saved.contains("# The landing page moved."), "comments survive")
        #expect(saved.contains("id: suggest-blog"))
        #expect(saved.contains("id: suggest-floral-red-dress-200001"))
        #expect(!saved.contains("suggest-oxford"), "only the two accepted")
        #expect(tmux.file("suggested.yaml") == suggested, "the suggestions file is not written by the editor")
        let check = try Shell.run([TmuxSession.binary, "check", "redirects.yaml", "--now", "2026-11-06T00:00:00Z"], in: dir)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("redirects.yaml: no findings"))
    }

    @Test("edit --beside at 80×24: one pane at a time; tab shows the rules with the accepted one, u undoes it")
    func besideAtTheMinimumSizeToggles() throws {
        let dir = try Self.folder()
        let made = try Shell.run(
            [
                TmuxSession.binary, "suggest", "redirects.yaml", "access.log", "--sitemap", "sitemap.xml", "-o", "suggested.yaml", "--now",
                "2026-11-06T00:00:00Z"
            ],
            in: dir)
        #expect(made.status == 0, "\(made.output)")
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml", "--beside", "suggested.yaml"], folder: dir, width: 80, height: 24)
        try tmux.waitForScreen(containing: "— tab: rules")
        try tmux.waitForScreen(containing: "no new findings")
        try tmux.send("j", "a")
        try tmux.waitForScreen(containing: "accepted suggest-floral-red-dress-200001")
        try tmux.send("Tab")
        var screen = try tmux.waitForScreen(containing: "source → target")
        #expect(screen.contains("suggest-floral-red-dress-200001"))
        #expect(screen.contains("● modified"))
        try tmux.send("u")
        screen = try tmux.waitForScreen(containing: "undid: added suggest-floral-red-dress-200001")
        #expect(!screen.contains("● modified"))
        try tmux.send("Tab")
        try tmux.waitForScreen(containing: "Suggestions suggested.yaml: 0 of ")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
