import DetourCore
import Foundation
import Testing

@testable import DetourTUI

@Suite("Editor driven by keys")
struct AppTests {
    func editor(size: Size = Size(width: 80, height: 24)) throws -> TestEditor {
        try TestEditor(path: TUITestSupport.copyOfExample(), size: size)
    }

    @Test("every kind of edit is undone and redone")
    func undoRedo() throws {
        let e = try editor()
        let original = e.ids
        e.press(.moveDown).press(.toggleEnabled)
        #expect(e.state.rules[1].enabled == false)
        #expect(e.screenText.contains("● modified"))
        e.press(.duplicateRule)
        #expect(e.ids == ["orders-v2", "order-read-v2", "order-read-v2-copy", "docs"])
        e.press(.moveRuleUp)
        #expect(e.ids == ["orders-v2", "order-read-v2-copy", "order-read-v2", "docs"])
        e.press(.deleteRule)
        #expect(e.ids == ["orders-v2", "order-read-v2", "docs"])
        for _ in 0..<4 { e.press(.undo) }
        #expect(e.ids == original)
        #expect(e.state.rules[1].enabled)
        #expect(!e.state.hasUnsavedChanges)
        #expect(!e.screenText.contains("modified"))
        e.press(.undo)
        #expect(e.state.status?.text == "nothing to undo")
        for _ in 0..<4 { e.press(.redo) }
        #expect(e.ids == ["orders-v2", "order-read-v2", "docs"])
        #expect(e.state.rules[1].enabled == false)
        #expect(e.state.hasUnsavedChanges)
    }

    @Test("a form edit is one undo step")
    func formUndo() throws {
        let e = try editor()
        e.press(.editRule)
        #expect(e.form?.focus == .source)
        e.press(.ctrl("e")).type("/all")
        e.press(.applyForm, in: .form)
        #expect(e.state.rules[0].source.text == "/api/v1/orders/all")
        e.press(.undo)
        #expect(e.state.rules[0].source.text == "/api/v1/orders")
        e.press(.redo)
        #expect(e.state.rules[0].source.text == "/api/v1/orders/all")
    }

    @Test("the form shows each field's problem beside it and refuses to apply")
    func formValidation() throws {
        let e = try editor()
        e.press(.moveToBottom).press(.editRule)
        e.press(.ctrl("a"), .ctrl("k")).type("docs/v1/*")
        #expect(e.form?.errors[.source] == "a source starts with '/' (a path) or '~' (a regex), found 'docs/v1/*'")
        #expect(e.screenText.contains("✗ a source starts with"))
        e.press(.ctrl("a")).type("/")
        #expect(e.form?.errors[.source] == nil)
        e.press(.nextField).press(.ctrl("a"), .ctrl("k")).type("/docs/v2/$1")
        #expect(e.form?.errors[.target] != nil, "a prefix source has no $1")
        e.press(.ctrl("a"), .ctrl("k")).type("/docs/v2/*")
        #expect(e.form?.errors.isEmpty == true)
        // Rollout, timestamps, conditions, methods, host, id.
        func field(_ id: FormFieldID, _ text: String) {
            while e.form?.focus != id { e.press(.nextField) }
            e.press(.ctrl("a"), .ctrl("k")).type(text)
        }
        field(.rolloutPercent, "120")
        #expect(e.form?.errors[.rolloutPercent] == "a percentage 0–100, at most two decimals")
        field(.rolloutPercent, "12.5")
        #expect(e.form?.errors[.rolloutPercent] == nil)
        field(.expires, "2026-13-01")
        #expect(e.form?.errors[.expires] == "RFC 3339 UTC, like 2026-12-31T00:00:00Z")
        field(.expires, "2026-12-01T00:00:00Z")
        field(.starts, "2027-01-01T00:00:00Z")
        #expect(e.form?.errors[.expires] == "must be after starts")
        field(.starts, "")
        field(.conditions, "header:X-Env")
        #expect(e.form?.errors[.conditions]?.contains("header:NAME=VALUE") == true)
        field(.conditions, "header:X-Env=beta; cookie:uid=*")
        field(.methods, "get, P0ST")
        #expect(e.form?.errors[.methods] == "'P0ST' is not a method name")
        field(.methods, "get head")
        field(.host, "exa mple.com")
        #expect(e.form?.errors[.host] == "not a host name or *.suffix")
        field(.host, "")
        field(.id, "orders-v2")
        #expect(e.form?.errors[.id] == "another rule has this id")
        e.press(.applyForm, in: .form)
        #expect(e.form?.focus == .id, "enter with an invalid field focuses it")
        #expect(e.state.status?.text == "id: another rule has this id")
        field(.id, "docs-moved")
        e.press(.applyForm, in: .form)
        #expect(e.form == nil)
        let rule = e.state.rules[2]
        #expect(rule.id == "docs-moved")
        #expect(rule.rollout?.basisPoints == 1250)
        #expect(rule.methods == ["GET", "HEAD"])
        #expect(rule.conditions.count == 2)
        #expect(rule.expires?.rfc3339 == "2026-12-01T00:00:00Z")
    }

    @Test("choice fields cycle code and cache presets; ctrl+t fills a timestamp")
    func choices() throws {
        let e = try editor()
        e.press(.editRule)
        while e.form?.focus != .code { e.press(.nextField) }
        e.press(.nextChoice, in: .form)
        #expect(e.form?.input(.code).value == "308 Permanent Redirect")
        while e.form?.focus != .cache { e.press(.nextField) }
        e.press(.nextChoice, in: .form)
        #expect(e.form?.input(.cache).value == "max-age=300")
        while e.form?.focus != .starts { e.press(.nextField) }
        e.press(.insertNow, in: .form)
        #expect(e.form?.input(.starts).value.hasSuffix("Z") == true)
        #expect(e.form?.errors[.starts] == nil)
    }

    @Test("esc in a changed form asks before discarding")
    func discardForm() throws {
        let e = try editor()
        e.press(.editRule).type("x")
        e.press(.cancelForm, in: .form)
        guard case .confirm(.discardForm) = e.state.mode else {
            Issue.record("no discard prompt")
            return
        }
        #expect(e.screenText.contains("Discard changes?"))
        e.press(.keepEditing, in: .dialog)
        #expect(e.form?.input(.source).value == "/api/v1/ordersx")
        e.press(.cancelForm, in: .form).press(.confirmDiscard, in: .dialog)
        #expect(e.form == nil)
        #expect(e.state.rules[0].source.text == "/api/v1/orders")
    }

    @Test("adding a rule starts with an empty source and lands below the selection")
    func addRule() throws {
        let e = try editor()
        e.press(.addRule)
        #expect(e.form?.errors[.source] != nil)
        e.type("/old")
        e.press(.nextField).type("/new")
        e.press(.applyForm, in: .form)
        #expect(e.ids == ["orders-v2", "rule-4", "order-read-v2", "docs"])
        #expect(e.selectedID == "rule-4")
    }

    @Test("the filter narrows the table as you type; n and N wrap; esc keeps the selection")
    func filter() throws {
        let e = try editor()
        e.press(.startFilter).type("ORDERS")
        e.finishFilter()
        #expect(e.state.visibleCount == 2)
        #expect(e.screenText.contains("filter 'ORDERS': 2 matches"))
        e.press(.moveDown, in: .filter)
        #expect(e.selectedID == "order-read-v2", "arrows move through the matches while typing")
        e.press(.moveUp, in: .filter)
        e.press(.acceptFilter, in: .filter)
        e.press(.nextMatch)
        #expect(e.selectedID == "order-read-v2")
        e.press(.nextMatch)
        #expect(e.selectedID == "orders-v2")
        e.press(.previousMatch)
        #expect(e.selectedID == "order-read-v2")
        e.press(.clearFilter)
        #expect(e.state.visibleCount == 3)
        #expect(e.selectedID == "order-read-v2")
        e.press(.startFilter).type("zzz")
        e.finishFilter()
        #expect(e.screenText.contains("No rule matches the filter"))
        e.press(.cancelFilter, in: .filter)
        #expect(e.state.filter == nil)
    }

    @Test("esc typed just before a key (seen as alt+key) still counts as esc, then the key")
    func escThenKey() throws {
        let e = try editor()
        e.press(.editRule)
        e.loop.send(.event(.key(.alt("j"))))
        #expect(e.form == nil, "esc closed the unchanged form")
        #expect(e.selectedID == "order-read-v2", "then j moved down")
        e.press(.startFilter).type("docs")
        e.loop.send(.event(.key(.alt("b"))))
        #expect(e.state.filter?.field.cursor == 0, "alt+b is bound in text fields: word left")
    }

    @Test("a paste on the table never runs commands; in a field it arrives whole")
    func paste() throws {
        let e = try editor()
        e.loop.send(.event(.paste("dddd")))
        #expect(e.ids.count == 3)
        e.press(.editRule)
        e.loop.send(.event(.paste("/v1")))
        #expect(e.form?.input(.source).value == "/api/v1/orders/v1")
    }

    @Test("the command line completes and runs :goto and :theme")
    func commandLine() throws {
        let e = try editor()
        e.press(.openCommandLine).type("go")
        e.press(.completeCommand, in: .command)
        guard case .command(let field) = e.state.mode else {
            Issue.record("command line closed")
            return
        }
        #expect(field.text == "goto ")
        e.type("d").press(.completeCommand, in: .command)
        e.press(.runCommand, in: .command)
        #expect(e.selectedID == "docs")
        e.press(.openCommandLine).type("theme li").press(.completeCommand, in: .command).press(.runCommand, in: .command)
        #expect(e.state.theme.name == "light")
        e.press(.openCommandLine).type("wx").press(.runCommand, in: .command)
        #expect(e.state.status == .error("unknown command :wx; did you mean :w? (commands: :w :q :q! :wq :theme NAME :goto ID)"))
    }

    @Test("quit with unsaved edits asks; discard quits without saving")
    func quitAsks() throws {
        let e = try editor()
        e.press(.toggleEnabled).press(.quit)
        guard case .confirm(.quitWithUnsavedEdits) = e.state.mode else {
            Issue.record("no prompt")
            return
        }
        e.press(.keepEditing, in: .dialog)
        #expect(!e.state.isQuitting)
        e.press(.quit).press(.confirmDiscard, in: .dialog)
        #expect(e.state.isQuitting)
        let onDisk = try RuleFileDocument.load(path: e.state.path)
        #expect(onDisk.ruleSet.rules[0].enabled)
    }

    @Test("saving keeps comments and changes only the edited rule's lines")
    func save() throws {
        let e = try editor()
        let before = try String(contentsOfFile: e.state.path, encoding: .utf8)
        e.press(.moveToBottom).press(.toggleEnabled).press(.save)
        #expect(!e.state.hasUnsavedChanges)
        #expect(e.state.status?.text.hasPrefix("saved 3 rules") == true)
        let after = try String(contentsOfFile: e.state.path, encoding: .utf8)
        let removed = Set(before.split(separator: "\n")).subtracting(after.split(separator: "\n"))
        let added = Set(after.split(separator: "\n")).subtracting(before.split(separator: "\n"))
        #expect(removed.isEmpty)
        #expect(added == ["    enabled: false"])
    }

    @Test("a background save lets editing go on, and quitting waits for it")
    func backgroundSave() throws {
        let e = try TestEditor(path: TUITestSupport.copyOfExample(), savesInBackground: true)
        e.press(.toggleEnabled).press(.save)
        #expect(e.state.isSaving)
        #expect(e.state.status?.text.hasPrefix("saving") == true)
        e.press(.moveDown).press(.toggleEnabled)
        e.terminal.events = [.key(.char(":")), .key(.char("q")), .key(.char("!")), .key(.enter)]
        #expect(e.loop.run() == .quit)
        #expect(!e.state.isSaving)
        #expect(e.state.savedSerial == 1, "the save covers the first edit only")
        #expect(e.state.hasUnsavedChanges)
        let onDisk = try RuleFileDocument.load(path: e.state.path)
        #expect(onDisk.ruleSet.rules.map(\.enabled) == [false, true, true])
    }

    @Test("a file changed on disk asks: keep editing, reload, or overwrite")
    func saveConflict() throws {
        let e = try editor()
        e.press(.toggleEnabled)
        // Another program edits the file meanwhile.
        let path = e.state.path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "code: 308", with: "code: 301")
        Thread.sleep(forTimeInterval: 0.01)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        e.press(.save)
        guard case .confirm(.fileChangedOnDisk) = e.state.mode else {
            Issue.record("no conflict prompt")
            return
        }
        #expect(e.screenText.contains("File changed on disk"))
        #expect(e.screenText.contains("o overwrite"))
        e.press(.keepEditing, in: .dialog)
        #expect(e.state.hasUnsavedChanges)
        e.press(.save).press(.confirmReload, in: .dialog)
        #expect(e.state.rules[2].code == .movedPermanently, "reloaded the other program's version")
        #expect(e.state.rules[0].enabled)
        #expect(!e.state.hasUnsavedChanges)
        e.press(.undo)
        #expect(e.state.rules[0].enabled == false, "undo brings the version from before the reload back")
        // Change on disk again, then overwrite.
        try text.replacingOccurrences(of: "code: 301", with: "code: 302").write(toFile: path, atomically: true, encoding: .utf8)
        e.press(.save).press(.confirmOverwrite, in: .dialog)
        #expect(!e.state.hasUnsavedChanges)
        let saved = try RuleFileDocument.load(path: path)
        #expect(saved.ruleSet.rules[0].enabled == false)
        #expect(saved.ruleSet.rules[2].code == .permanentRedirect)
    }

    @Test("recovered edits are offered and can be restored or discarded")
    func recovery() throws {
        let path = TUITestSupport.copyOfExample()
        let doc = try RuleFileDocument.load(path: path)
        let stateFolder = TUITestSupport.tempDir()
        let journal = RecoveryJournal(editing: path, stateFolder: stateFolder)
        var state = AppState(path: path, ruleSet: doc.ruleSet, size: Size(width: 80, height: 24))
        _ = Editor.update(&state, .event(.key(.char("d"))))
        journal.writeNow(state, document: doc)
        #expect(FileManager.default.fileExists(atPath: journal.recoveryPath))
        let offered = try #require(journal.recoveredEdits(for: doc))
        #expect(offered.rules.map(\.id) == ["order-read-v2", "docs"])
        var next = AppState(path: path, ruleSet: doc.ruleSet, size: Size(width: 80, height: 24))
        next.mode = .confirm(.recovery(offered))
        #expect(Screen.render(next).text.contains("Recover unsaved edits?"))
        _ = Editor.update(&next, .event(.key(.char("y"))))
        #expect(next.rules.map(\.id) == ["order-read-v2", "docs"])
        #expect(next.hasUnsavedChanges)
        next.mode = .confirm(.recovery(offered))
        let effects = Editor.update(&next, .event(.key(.char("d"))))
        #expect(effects == [.discardRecovery])
    }

    @Test("mouse: click selects, double-click edits, the wheel scrolls")
    func mouse() throws {
        let e = try editor()
        let body = ScreenLayout(size: e.state.size).tableBody
        e.loop.send(.event(.mouse(MouseEvent(.click, x: 10, y: body.y + 2))))
        #expect(e.selectedID == "docs")
        e.loop.send(.event(.mouse(MouseEvent(.doubleClick, x: 10, y: body.y + 1))))
        #expect(e.form?.original.id == "order-read-v2")
    }

    @Test("resizing relayouts; below 80×24 a too-small frame is drawn")
    func resize() throws {
        let e = try editor()
        e.loop.send(.event(.resize(Size(width: 60, height: 20))))
        #expect(e.screenText.contains("Terminal too small: 60×20"))
        e.loop.send(.event(.resize(Size(width: 120, height: 40))))
        #expect(e.screenText.contains("orders-v2"))
        #expect(e.screen.size == Size(width: 120, height: 40))
    }

    @Test("help scrolls to its last line and no further")
    func helpScroll() throws {
        let e = try editor()
        e.press(.toggleHelp)
        for _ in 0..<200 { e.press(.scrollHelpDown) }
        #expect(e.screenText.contains(":goto ID"))
        e.press(.scrollHelpUp)
        guard case .help(let scroll) = e.state.mode else {
            Issue.record("help closed")
            return
        }
        #expect(scroll == Editor.maxHelpScroll(e.state) - 1)
        e.press(.closeHelp)
        #expect(e.state.mode.keyContext == .table)
    }

    @Test("the loop renders once for a burst of input and quits on :q")
    func loop() throws {
        let e = try editor()
        e.terminal.events = Array(repeating: .key(.char("j")), count: 50) + [.key(.char(":")), .key(.char("q")), .key(.enter)]
        let exit = e.loop.run()
        #expect(exit == .quit)
        #expect(e.terminal.frames.count <= 3)
        #expect(e.selectedID == "docs")
    }

    @Test("filtering 10⁵ rules happens in steps, and typing is handled between them")
    func incrementalFilter() throws {
        var state = AppState(path: "big.csv", ruleSet: SyntheticRules.exact(count: 100_000), size: Size(width: 80, height: 24))
        _ = Editor.update(&state, .event(.key(.char("/"))))
        _ = Editor.update(&state, .event(.key(.char("9"))))
        #expect(state.isFilterScanning)
        _ = Editor.update(&state, .filterStep)
        #expect(state.filter!.scanned == FilterState.chunkSize)
        #expect(Screen.render(state).text.contains("matches so far"))
        _ = Editor.update(&state, .event(.key(.char("9"))))
        #expect(state.filter!.scanned == 0, "a new key restarts the scan instead of waiting for it")
        while state.isFilterScanning { _ = Editor.update(&state, .filterStep) }
        #expect(
            state.visibleCount == state.rules.filter { $0.id.contains("99") || $0.source.text.contains("99") || $0.target.text.contains("99") }.count)
    }
}
