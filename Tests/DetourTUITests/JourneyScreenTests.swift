import DetourCore
import Testing

@testable import DetourTUI

@Suite("Journey screens")
struct JourneyScreenTests {
    func editor(_ size: Size) throws -> TestEditor {
        let path = TUITestSupport.tempDir() + "/journeys.yaml"
        try journeyYAML.write(toFile: path, atomically: true, encoding: .utf8)
        let theme = try ThemeLoader(searchFolders: []).load("default")
        return try TestEditor(path: path, size: size, theme: theme, validates: true)
    }

    @Test("findings panel at 80×24: severity letter, check, rules, witness, and the why of the selection")
    func findings80() throws {
        let e = try editor(Size(width: 80, height: 24))
        e.press(.openFindings)
        let b = e.screen
        ScreenSnapshot.check(b, theme: e.state.theme, named: "findings-80x24")
        #expect(b.textLines[2].hasPrefix("│ E DT010  loop-x, loop-y  loop: /x → /y → /x"))
        #expect(b.text.contains("why      Clients follow the cycle"))
    }

    @Test("fix preview at 80×24: the changed field before and after")
    func fixPreview80() throws {
        let e = try editor(Size(width: 80, height: 24))
        e.press(.openFindings).press(.previewFix)
        let b = e.screen
        ScreenSnapshot.check(b, theme: e.state.theme, named: "fix-preview-80x24")
        #expect(b.text.contains("- enabled  yes"))
        #expect(b.text.contains("+ enabled  no"))
    }

    @Test("simulator at 120×40 with a loop: the closing hop is marked")
    func simulator120() throws {
        let e = try editor(Size(width: 120, height: 40))
        e.press(.openSimulator).press(.ctrl("a"), .ctrl("k")).type("/x").press(.runSimulation)
        let b = e.screen
        ScreenSnapshot.check(b, theme: e.state.theme, named: "simulator-120x40")
        #expect(b.text.contains("│↻ 2 GET https://example.com/y  → 302 loop-y"))
    }
}
