import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// `detour edit FILE --beside SUGGESTIONS.yaml`: the suggestions pane beside the rule table, drawn
/// into the cell buffer, with accept, accept-all-safe, skip, edit-first, undo and save.
@Suite struct BesideTests {
    static let fixtures = TUITestSupport.repoRoot + "/Tests/DetourTUITests/Fixtures/beside"

    /// An editor on a scratch copy of the rules with the suggestions beside them.
    static func editor(_ size: Size) throws -> (TestEditor, folder: String) {
        let dir = TUITestSupport.tempDir()
        for name in ["redirects.yaml", "suggested.yaml"] { try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: dir + "/" + name) }
        var state = AppState(document: try RuleFileDocument.load(path: dir + "/redirects.yaml"), size: size)
        state.openBeside(try SuggestionReview(path: dir + "/suggested.yaml", bytes: AtomicFile.read(dir + "/suggested.yaml")))
        let e = TestEditor(state: state)
        // The first action after opening starts the assessment (inline in tests).
        e.loop.send(.findingsChanged(nil))
        return (e, dir)
    }

    static func line(_ e: TestEditor, containing text: String) -> String? { e.screen.textLines.first { $0.contains(text) } }

    @Test("80×24: one pane at a time — the suggestions in front, tab shows the rules and back")
    func smallTerminalTogglesBetweenThePanes() throws {
        let (e, _) = try Self.editor(Size(width: 80, height: 24))
        var text = e.screenText
        #expect(text.contains("Suggestions suggested.yaml: 0 of 3 accepted — tab: rules"))
        #expect(text.contains("· 0.95 301 /help/returns.php → /customer-service/returns"))
        #expect(text.contains("6 hits · catches 6 logged 404s; no new findings"))
        #expect(text.contains("2 hits · shadowed by rule old-shop at the end: goes before it"))
        #expect(text.contains("why      the only page with the slug 'returns'"))
        #expect(!text.contains("source → target"), "the rule table is behind the suggestions")
        e.press(.switchPane)
        text = e.screenText
        #expect(text.contains("source → target"))
        #expect(text.contains("home — rule 1 of 2"))
        #expect(!text.contains("Suggestions suggested.yaml"))
        #expect(text.contains("tab suggestions"), "the hint bar says how to get back")
        e.press(.switchPane)
        #expect(e.screenText.contains("Suggestions suggested.yaml"))
    }

    @Test("200×50: rules on the left with their detail, suggestions on the right")
    func wideTerminalShowsBothSideBySide() throws {
        let (e, _) = try Self.editor(Size(width: 200, height: 50))
        let lines = e.screen.textLines
        let header = try #require(lines.firstIndex { $0.contains("source → target") })
        #expect(lines[header].contains("┌─ Suggestions"), "the suggestions pane starts on the table header's row")
        let paneTitle = try #require(Self.line(e, containing: "Suggestions suggested.yaml: 0 of 3 accepted"))
        #expect(paneTitle.range(of: "Suggestions")!.lowerBound.utf16Offset(in: paneTitle) > 110, "the pane is on the right")
        #expect(!paneTitle.contains("tab: rules"), "both panes show: no toggle")
        #expect(e.screenText.contains("home — rule 1 of 2"), "the rule detail stays under the table")
        let row = try #require(Self.line(e, containing: "/help/returns.php → /customer-service/returns"))
        #expect(row.contains("home"), "the table's first rule is on the same screen row as the first suggestion")
        #expect(e.screenText.contains("change   GET https://example.com/help/returns.php"))
        #expect(e.screenText.contains("before   origin (no rule applies)"))
        #expect(e.screenText.contains("after    301 → https://example.com/customer-service/returns"))
    }

    @Test("the whole screen, text and styles: 80×24 (each pane in front) and 200×50")
    func snapshots() throws {
        let (small, _) = try Self.editor(Size(width: 80, height: 24))
        ScreenSnapshot.check(small.screen, theme: small.state.theme, named: "beside-suggestions-80x24")
        small.press(.switchPane)
        ScreenSnapshot.check(small.screen, theme: small.state.theme, named: "beside-rules-80x24")
        let (wide, _) = try Self.editor(Size(width: 200, height: 50))
        wide.press(.moveToBottom)
        ScreenSnapshot.check(wide.screen, theme: wide.state.theme, named: "beside-200x50")
    }

    @Test("80 columns, 44 rows: stacked — the rules above, the suggestions below")
    func tallNarrowTerminalStacksThePanes() throws {
        let (e, _) = try Self.editor(Size(width: 80, height: 44))
        let lines = e.screen.textLines
        let header = try #require(lines.firstIndex { $0.contains("source → target") })
        let pane = try #require(lines.firstIndex { $0.contains("Suggestions suggested.yaml") })
        #expect(header < pane)
        #expect(lines.contains { $0.contains("/help/returns.php → /customer-service/returns") })
    }

    @Test("below 80×24 the guard still holds: only 'Terminal too small', and keys do nothing")
    func tooSmallGuardHolds() throws {
        let (e, _) = try Self.editor(Size(width: 200, height: 50))
        e.loop.send(.event(.resize(Size(width: 70, height: 20))))
        #expect(e.screenText.contains("Terminal too small: 70×20"))
        e.press(.char("a"))
        #expect(e.ids == ["home", "old-shop"], "an accept the user cannot see is not done")
    }

    @Test("a accepts at the end as an unsaved edit; u makes it pending again; ctrl+s saves only the rule file")
    func acceptUndoRedoSave() throws {
        let (e, dir) = try Self.editor(Size(width: 200, height: 50))
        let suggestionsBefore = try AtomicFile.read(dir + "/suggested.yaml")
        e.press(.acceptSuggestion)
        #expect(e.ids == ["home", "old-shop", "suggest-returns"])
        #expect(e.state.hasUnsavedChanges)
        #expect(e.screenText.contains("accepted suggest-returns as rule 3, at the end — unsaved; u undoes it"))
        #expect(e.screenText.contains("✓ 0.95 301 /help/returns.php"))
        #expect(e.screenText.contains("1 of 3 accepted"))
        #expect(e.state.beside?.selected == 1, "the next pending suggestion is selected")
        e.press(.undo)
        #expect(e.ids == ["home", "old-shop"])
        #expect(!e.state.hasUnsavedChanges)
        #expect(e.screenText.contains("· 0.95 301 /help/returns.php"))
        #expect(e.screenText.contains("0 of 3 accepted"))
        e.press(.redo)
        #expect(e.ids == ["home", "old-shop", "suggest-returns"])
        #expect(e.screenText.contains("1 of 3 accepted"))
        e.press(.save)
        #expect(!e.state.hasUnsavedChanges)
        let saved = try RuleFileDocument.load(path: dir + "/redirects.yaml").ruleSet.rules
        #expect(saved.map(\.id) == ["home", "old-shop", "suggest-returns"])
        #expect(saved[2].target.text == "/customer-service/returns")
        #expect(try AtomicFile.read(dir + "/suggested.yaml") == suggestionsBefore, "the suggestions file is never written")
    }

    @Test("a shadowed suggestion goes in before the rule that would shadow it")
    func shadowedSuggestionIsInsertedBeforeTheShadowingRule() throws {
        let (e, _) = try Self.editor(Size(width: 200, height: 50))
        e.press(.moveToBottom)
        #expect(e.screenText.contains("goes     before rule old-shop: at the end rule old-shop would take all"))
        #expect(e.screenText.contains("before   301 → https://example.com/store/boots.html"))
        e.press(.acceptSuggestion)
        #expect(e.ids == ["home", "suggest-boots", "old-shop"])
        #expect(e.screenText.contains("accepted suggest-boots as rule 2, before rule old-shop"))
    }

    @Test("A accepts every safe one as one edit, leaves the one that overrides a rule; one u undoes it")
    func acceptAllSafe() throws {
        let (e, _) = try Self.editor(Size(width: 200, height: 50))
        e.press(.acceptSafeSuggestions)
        #expect(e.ids == ["home", "old-shop", "suggest-returns", "suggest-blog"])
        #expect(e.screenText.contains("accepted 2 safe suggestions at the end (one edit, unsaved; u undoes it); 1 left to review"))
        #expect(e.state.beside?.selected == 2, "the one left to review is selected")
        e.press(.undo)
        #expect(e.ids == ["home", "old-shop"])
        #expect(e.screenText.contains("0 of 3 accepted"))
    }

    @Test("s skips a suggestion (A leaves it), s again brings it back")
    func skipAndBringBack() throws {
        let (e, _) = try Self.editor(Size(width: 200, height: 50))
        e.press(.skipSuggestion)
        #expect(e.screenText.contains("✗ 0.95 301 /help/returns.php"))
        #expect(e.screenText.contains("0 of 3 accepted, 1 skipped"))
        e.press(.acceptSafeSuggestions)
        #expect(e.ids == ["home", "old-shop", "suggest-blog"])
        e.press(.moveToTop).press(.skipSuggestion)
        #expect(e.screenText.contains("suggest-returns is pending again"))
        #expect(e.state.beside?.status(of: 0, undo: e.state.undo) == .pending)
    }

    @Test("e opens the suggestion in the form; enter accepts the edited rule; esc goes back to the pane")
    func editBeforeAccepting() throws {
        let (e, _) = try Self.editor(Size(width: 200, height: 50))
        e.press(.editSuggestion)
        let form = try #require(e.form)
        #expect(form.result?.source.text == "/help/returns.php", "the form starts from the suggestion, not blank")
        #expect(e.screenText.contains("Suggested rule — change it, enter accepts it into the file"))
        e.press(.cancelForm)
        guard case .suggestions = e.state.mode else {
            Issue.record("esc did not go back to the suggestions pane")
            return
        }
        e.press(.editSuggestion)
        e.press(.nextField)  // source → target
        e.press(.killToStart, in: .textField).press(.killToEnd, in: .textField)
        e.type("/help/returns")
        e.press(.applyForm, in: .form)
        #expect(e.ids == ["home", "old-shop", "suggest-returns"])
        #expect(e.state.rules[2].target.text == "/help/returns")
        #expect(e.screenText.contains("1 of 3 accepted"))
        guard case .suggestions = e.state.mode else {
            Issue.record("the keys did not come back to the suggestions pane")
            return
        }
        e.press(.undo)
        #expect(e.ids == ["home", "old-shop"])
    }

    @Test("mouse: a click on the rules gives them the keys, a click on a suggestion selects it, a double click accepts")
    func mouseMovesBetweenThePanes() throws {
        let (e, _) = try Self.editor(Size(width: 200, height: 50))
        let layout = ScreenLayout(state: e.state)
        e.loop.send(.event(.mouse(MouseEvent(.click, x: layout.tableBody.x + 5, y: layout.tableBody.y + 1))))
        #expect(e.selectedID == "old-shop")
        #expect(e.state.mode.keyContext == .table)
        let list = SuggestionsPaneLayout(area: layout.suggestions).list
        e.loop.send(.event(.mouse(MouseEvent(.click, x: list.x + 3, y: list.y + 2))))
        #expect(e.state.mode.keyContext == .suggestions)
        #expect(e.state.beside?.selected == 1)
        e.loop.send(.event(.mouse(MouseEvent(.doubleClick, x: list.x + 3, y: list.y + 3))))
        #expect(e.ids == ["home", "old-shop", "suggest-blog"])
    }

    @Test("a hand-edited suggestion that does not parse is not accepted as it is: a says why, e fixes it in the form")
    func invalidSuggestionGoesThroughTheForm() throws {
        let dir = TUITestSupport.tempDir()
        try FileManager.default.copyItem(atPath: Self.fixtures + "/redirects.yaml", toPath: dir + "/redirects.yaml")
        let text = "rules:\n  # confidence 0.80: by hand; 3 hits in the log\n  - {id: typo, source: help/faq, target: /faq, code: 301}\n"
        var state = AppState(document: try RuleFileDocument.load(path: dir + "/redirects.yaml"), size: Size(width: 200, height: 50))
        state.openBeside(try SuggestionReview(path: dir + "/s.yaml", bytes: Array(text.utf8)))
        let e = TestEditor(state: state)
        e.loop.send(.findingsChanged(nil))
        e.press(.acceptSuggestion)
        #expect(e.ids == ["home", "old-shop"])
        #expect(e.screenText.contains("typo does not parse (source: a source starts with '/'"))
        e.press(.editSuggestion)
        #expect(e.form?.result == nil, "the form shows the field that is wrong")
        e.press(.killToStart, in: .textField).press(.killToEnd, in: .textField)
        e.type("/help/faq")
        e.press(.applyForm, in: .form)
        #expect(e.ids == ["home", "old-shop", "typo"])
        #expect(e.state.rules[2].source.text == "/help/faq")
    }

    @Test("after an accept the others are assessed again against the new rules")
    func assessmentFollowsTheEdits() throws {
        let (e, _) = try Self.editor(Size(width: 200, height: 50))
        let before = try #require(e.state.beside?.currentImpact(of: 2, revision: e.state.revision))
        #expect(before.position == 1)
        e.press(.acceptSuggestion)
        let after = try #require(e.state.beside?.currentImpact(of: 2, revision: e.state.revision))
        #expect(after.before == "old-shop")
        #expect(e.state.beside?.currentImpact(of: 0, revision: e.state.revision) == nil, "an accepted one is not assessed")
    }

    @Test("reopened after a save, the accepted suggestions show as already in the file")
    func acceptedInAnEarlierSessionShowsAsInFile() throws {
        let (e, dir) = try Self.editor(Size(width: 200, height: 50))
        e.press(.acceptSuggestion).press(.save)
        let again = try Self.reopen(dir)
        #expect(again.state.beside?.status(of: 0, undo: again.state.undo) == .inFile)
        #expect(again.screenText.contains("= 0.95 301 /help/returns.php"))
        #expect(again.screenText.contains("already in redirects.yaml"))
    }

    static func reopen(_ dir: String) throws -> TestEditor {
        var state = AppState(document: try RuleFileDocument.load(path: dir + "/redirects.yaml"), size: Size(width: 200, height: 50))
        state.openBeside(try SuggestionReview(path: dir + "/suggested.yaml", bytes: AtomicFile.read(dir + "/suggested.yaml")))
        let e = TestEditor(state: state)
        e.loop.send(.findingsChanged(nil))
        return e
    }
}
