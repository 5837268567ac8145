import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// The editor's answers to what a new user hit in the first hour (issue 18 item 7, issue 19 item 3):
/// blind keys in a tiny terminal, the quit question, undo past a save, the detail pane, the findings'
/// why, the export preview's lines and refusal, and why a simulated request reached the origin.
@Suite("Editor: a new user's first hour")
struct FirstHourTUITests {
    func editor(size: Size = Size(width: 80, height: 24), validates: Bool = false) throws -> TestEditor {
        try TestEditor(path: TUITestSupport.copyOfExample(), size: size, validates: validates)
    }

    func editor(_ yaml: String, size: Size = Size(width: 100, height: 30), validates: Bool = false) throws -> TestEditor {
        let path = TUITestSupport.tempDir() + "/rules.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try TestEditor(path: path, size: size, validates: validates)
    }

    @Test("below the minimum size, d and ctrl+s do nothing: no rule deleted, nothing saved")
    func blindKeysDoNothing() throws {
        let e = try editor()
        let before = try String(contentsOfFile: e.state.path, encoding: .utf8)
        e.loop.send(.event(.resize(Size(width: 10, height: 5))))
        #expect(e.screenText.contains("Terminal"))
        e.press(.deleteRule, in: .table).press(.save, in: .table).press(.char("y"))
        e.loop.send(.event(.paste("d")))
        #expect(e.ids == ["orders-v2", "order-read-v2", "docs"])
        #expect(!e.state.hasUnsavedChanges)
        #expect(try String(contentsOfFile: e.state.path, encoding: .utf8) == before)
        e.loop.send(.event(.resize(Size(width: 80, height: 24))))
        e.press(.deleteRule)
        #expect(e.ids == ["order-read-v2", "docs"], "keys act again once the screen shows the state")
    }

    @Test("a prompt open while the terminal is too small waits: its keys are not answered unseen")
    func promptsWait() throws {
        let e = try editor()
        e.press(.deleteRule)
        e.loop.send(.event(.resize(Size(width: 10, height: 5))))
        e.press(.quit, in: .table)
        guard case .confirm(.quitWithUnsavedEdits) = e.state.mode else {
            Issue.record("q with unsaved edits opens the quit question even while too small")
            return
        }
        // d would discard and quit; unseen, it must not.
        e.press(.confirmDiscard, in: .dialog).press(.confirmSave, in: .dialog)
        #expect(!e.state.isQuitting)
        #expect(e.state.hasUnsavedChanges)
        e.loop.send(.event(.resize(Size(width: 80, height: 24))))
        #expect(e.screenText.contains("before quitting?"))
        e.press(.keepEditing, in: .dialog)
        #expect(e.ids == ["order-read-v2", "docs"])
    }

    @Test("q with nothing unsaved quits even while the terminal is too small")
    func quitWhileTooSmall() throws {
        let e = try editor()
        e.loop.send(.event(.resize(Size(width: 10, height: 5))))
        e.press(.quit, in: .table)
        #expect(e.state.isQuitting)
    }

    @Test("the quit question names the file and asks before listing the keys")
    func quitQuestion() throws {
        let e = try editor(size: Size(width: 120, height: 30))
        e.press(.deleteRule).press(.quit)
        // The long temporary path wraps inside the box; the question is whole.
        let text = e.screenText
        #expect(text.contains("Save changes to /"))
        #expect(text.contains("api-migration.yaml before"))
        #expect(text.contains("quitting?"))
        #expect(text.contains("s save · d discard · k keep editing"))
    }

    @Test("undo past the last save says so on the status line")
    func undoPastSave() throws {
        let e = try editor()
        e.press(.deleteRule).press(.save)
        #expect(!e.state.hasUnsavedChanges)
        e.press(.undo)
        #expect(e.state.status?.text.hasPrefix("undo: before the last save") == true, "\(String(describing: e.state.status))")
        e.press(.redo).press(.deleteRule).press(.undo)
        #expect(e.state.status?.text.hasPrefix("undid:") == true, "an undo of an unsaved edit is a plain undo")
    }

    @Test("the detail pane keeps a space after a long label: examples 1")
    func detailLabels() throws {
        let e = try editor(
            """
            site:
              hosts: [example.com]
            rules:
              - id: one
                source: /a
                target: /b
                code: 301
                examples:
                  - request: GET /a
                    expect: 301 https://example.com/b
            """)
        #expect(e.screenText.contains("examples 1"))
        #expect(!e.screenText.contains("examples1"))
    }

    @Test("a finding's why wraps under the list instead of being cut at the right edge")
    func findingsWhyWraps() throws {
        let e = try editor(
            """
            site:
              hosts: [example.com]
            rules:
              - {id: a, source: /a, target: /b, code: 301}
              - {id: b, source: /b, target: /a, code: 301}
            """, size: Size(width: 80, height: 24), validates: true)
        e.press(.openFindings)
        guard case .findings(let panel) = e.state.mode, let sorted = e.state.findingsIndex?.sorted, !sorted.isEmpty else {
            Issue.record("no findings panel")
            return
        }
        let why = sorted[panel.selected].why
        let width = 80 - 2 - 1 - 9 - 1 - 1
        let wrapped = WordWrap.lines(why, width: width, limit: 3)
        #expect(TextWidth.of(why) > width, "the fixture's first finding has a why longer than one line")
        let text = e.screenText
        for line in wrapped { #expect(text.contains(line), "missing why line: \(line)") }
    }

    @Test("the export preview names a rule's line in the file, as the CLI does")
    func exportPreviewLines() throws {
        let e = try editor(size: Size(width: 120, height: 40))
        e.press(.openExport)
        // Envoy has no cookie input: it leaves the cookie rollout of orders-v2 (line 13) out.
        while case .export(let d) = e.state.mode, d.serverKind != .envoy { e.press(.nextTarget) }
        guard case .export(let d) = e.state.mode, let preview = d.preview else {
            Issue.record("no envoy preview")
            return
        }
        let refused = preview.verdicts.filter { $0.kind == .refused }
        #expect(refused.contains { $0.rule == "orders-v2" && $0.text.contains("line 13") }, "\(refused)")
        #expect(!refused.contains { $0.text.contains("line 0") })
    }

    @Test("w refuses rules with error findings and says why; a second w writes anyway")
    func exportRefusesErrors() throws {
        let e = try editor(
            """
            site:
              hosts: [example.com]
            rules:
              - id: a
                source: /a
                target: /b
                code: 301
              - id: b
                source: /b
                target: /a
                code: 301
            """, validates: true)
        #expect((e.state.findingsIndex?.summary.errors ?? 0) > 0)
        let dir = TUITestSupport.tempDir() + "/out"
        e.press(.openExport).press(.editDirectory)
        e.press(.ctrl("a"), .ctrl("k")).type(dir)
        e.press(.enter)
        #expect(e.state.status?.text.hasPrefix("not written:") == true, "\(String(describing: e.state.status))")
        #expect(e.screenText.contains("error finding"))
        #expect(!FileManager.default.fileExists(atPath: dir))
        e.press(.writeExport)
        #expect(e.state.status?.text.hasPrefix("wrote") == true, "\(String(describing: e.state.status))")
    }

    @Test("the simulator panel says which rule did not apply to a request served by the origin, and why")
    func simulatorSaysWhy() throws {
        let e = try editor(
            """
            site:
              hosts: [example.com]
            rules:
              - id: beta
                source: /home
                target: /beta/
                code: 302
                rollout: 10%
              - id: posts
                source: /post
                target: /posts
                code: 308
                methods: [POST]
            """, size: Size(width: 160, height: 40))
        let simulator = Simulator(ruleSet: e.state.ruleSet)
        let request = HTTPRequest(
            method: "GET", scheme: "https", host: "example.com", port: nil, path: "/home", query: nil, headers: [],
            clientAddress: "127.0.0.1", time: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
        let expected = simulator.considerations(for: request).notApplied
        // 127.0.0.1 (the panel's default client) falls outside this 10 % rollout.
        #expect(expected.map(\.ruleID) == ["beta"])
        SimulatorJourney.run(e, method: "GET", url: "/home")
        #expect(e.screenText.contains("not applied: beta (line 4): " + expected[0].reason.text), "\(e.screenText)")
        SimulatorJourney.run(e, method: "GET", url: "/post", reopen: false)
        #expect(e.screenText.contains("not applied: posts (line 9): method GET is not one of POST"))
    }
}

/// Runs a request in the simulator panel the way a user does.
enum SimulatorJourney {
    static func run(_ e: TestEditor, method: String, url: String, reopen: Bool = true) {
        if reopen { e.press(.openSimulator) }
        guard case .simulator(var sim) = e.state.mode else {
            Issue.record("simulator not open")
            return
        }
        for _ in 0..<SimulatorState.Field.allCases.count where sim.focus != .method {
            e.press(.previousField)
            if case .simulator(let s) = e.state.mode { sim = s }
        }
        while sim.methodName != method {
            e.press(.nextChoice)
            if case .simulator(let s) = e.state.mode { sim = s }
        }
        e.press(.nextField)
        e.press(.ctrl("a"), .ctrl("k")).type(url)
        e.press(.runSimulation)
    }
}
