import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// The changes panel (`c`): the unsaved rules against the file on disk, drawn into the cell buffer.
@Suite struct ChangesPanelTests {
    static let rules = """
        site:
          hosts: [example.com]
        rules:
          - {id: home, source: /home, target: /start, code: 308}
          - {id: docs, source: /docs/*, target: /manual/*, code: 301}
          - {id: page, source: /docs/intro, target: /guide, code: 301}

        """

    static func editor() throws -> TestEditor {
        let path = TUITestSupport.tempDir() + "/redirects.yaml"
        try rules.write(toFile: path, atomically: true, encoding: .utf8)
        return try TestEditor(path: path, size: Size(width: 100, height: 30))
    }

    @Test func withoutEditsThePanelSaysNoBehaviouralChange() throws {
        let e = try Self.editor()
        e.press(.openChanges)
        guard case .changes(let panel) = e.state.mode else {
            Issue.record("the changes panel is not open")
            return
        }
        #expect(panel.report?.regions.isEmpty == true)
        #expect(e.screenText.contains("no behavioural change: every request is answered as the file on disk answers it."))
    }

    @Test func aDeletedRuleIsARemovedRegionWithItsWitnessAndResponses() throws {
        let e = try Self.editor()
        e.press(.deleteRule)
        e.press(.openChanges)
        let text = e.screenText
        #expect(text.contains("Changes against redirects.yaml on disk — 1 region (as detour)"))
        #expect(text.contains("1 region (as detour)"))
        #expect(text.contains("removed         home (line 4) → origin"))
        #expect(text.contains("    GET https://example.com/home"))
        #expect(text.contains("before   308 → https://example.com/start"))
        #expect(text.contains("after    origin (no rule applies)"))
    }

    @Test func movingTheExactRuleAboveThePrefixUnshadowsItAndEnterJumpsToIt() throws {
        let e = try Self.editor()
        // In the file, `page` (/docs/intro) sits below `docs` (/docs/*), which takes all its requests.
        e.press(.moveToBottom).press(.moveRuleUp)
        #expect(e.ids == ["home", "page", "docs"])
        e.press(.openChanges)
        let text = e.screenText
        #expect(text.contains("1 region"))
        #expect(text.contains("un-shadowed     docs (line 5) → page"))
        #expect(text.contains("GET https://example.com/docs/intro"))
        #expect(text.contains("before   301 → https://example.com/manual/intro"))
        #expect(text.contains("after    301 → https://example.com/guide"))
        e.press(.jumpToRule)
        #expect(e.selectedID == "page")
        if case .table = e.state.mode {} else { Issue.record("enter did not close the panel") }
    }

    @Test func movingItBackReportsNoChange() throws {
        let e = try Self.editor()
        e.press(.moveToBottom).press(.moveRuleUp).press(.moveRuleDown)
        #expect(e.ids == ["home", "docs", "page"])
        e.press(.openChanges)
        #expect(e.screenText.contains("no behavioural change"))
    }
}
