import Foundation
import Testing

@testable import DetourCore

/// `detour edit FILE --beside SUGGESTIONS.yaml` and `detour suggest … --edit` from the command line:
/// what they say when the suggestions cannot be opened (the editor itself is tested in tmux).
@Suite struct BesideCLITests {
    static let fixtures = "Tests/DetourTUITests/Fixtures/beside"

    @Test("a missing suggestions file: exit 2, named, before the terminal is touched")
    func missingSuggestionsFile() throws {
        let r = try CLIRunner.run(["edit", Self.fixtures + "/redirects.yaml", "--beside", "nowhere.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("detour: cannot open the suggestions nowhere.yaml: nowhere.yaml: cannot read"))
    }

    @Test("a suggestions file that does not parse: every problem with its line and column")
    func brokenSuggestionsFile() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "rules:\n  - id: x\n    source: \"/a\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["edit", TestSupport.repoRoot + "/" + Self.fixtures + "/redirects.yaml", "--beside", "bad.yaml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("detour: cannot open the suggestions bad.yaml"))
        #expect(r.stderr.contains("bad.yaml:3:13: unterminated quoted string"))
    }

    @Test("--beside needs the rule file")
    func besideWithoutFile() throws {
        let r = try CLIRunner.run(["edit", "--beside", Self.fixtures + "/suggested.yaml"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--beside needs FILE: the rule file the suggestions are for"))
    }

    @Test("suggest -o --edit without a terminal: the suggestions are written, then it says the editor needs one")
    func suggestEditWithoutATerminal() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLIRunner.run(
            [
                "suggest", TestSupport.repoRoot + "/" + Self.fixtures + "/redirects.yaml", TestSupport.example("migration/access.log"), "--sitemap",
                TestSupport.example("migration/sitemap.xml"), "-o", "out.yaml", "--now", "2026-11-06T00:00:00Z", "--edit"
            ], in: dir)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("wrote out.yaml"))
        #expect(r.stderr.contains("detour edit needs a terminal"))
        #expect(FileManager.default.fileExists(atPath: dir + "/out.yaml"))
    }
}
