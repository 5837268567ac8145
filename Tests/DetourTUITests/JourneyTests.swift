import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// Rules with one finding of each kind the journeys need: a loop (DT010, fix: disable), a
/// permanent code with an expiry (DT022, fix: a temporary code), and two plain redirects whose
/// codes differ in what they do to a POST.
let journeyYAML = """
    site:
      hosts: [example.com]
    rules:
      - id: keep-post
        source: /a
        target: /b
        code: 307
        expires: 2026-12-31T00:00:00Z
      - id: drop-post
        source: /c
        target: /d
        code: 302
        expires: 2026-12-31T00:00:00Z
      - id: loop-x
        source: /x
        target: /y
        code: 302
        expires: 2026-12-31T00:00:00Z
      - id: loop-y
        source: /y
        target: /x
        code: 302
        expires: 2026-12-31T00:00:00Z
      - id: pinned
        source: /old
        target: /new
        code: 301
        expires: 2026-12-31T00:00:00Z
    """

@Suite("Findings, simulator and their keys")
struct JourneyTests {
    func editor(_ yaml: String = journeyYAML) throws -> TestEditor {
        let path = TUITestSupport.tempDir() + "/journeys.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try TestEditor(path: path, validates: true)
    }

    func selectFinding(_ e: TestEditor, check: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let sorted = e.state.findingsIndex?.sorted, let i = sorted.firstIndex(where: { $0.check == check }) else {
            Issue.record("no \(check) finding", sourceLocation: sourceLocation)
            return
        }
        guard case .findings(let panel) = e.state.mode else {
            Issue.record("findings panel not open", sourceLocation: sourceLocation)
            return
        }
        let command: Command = i > panel.selected ? .moveDown : .moveUp
        for _ in 0..<abs(i - panel.selected) { e.press(command) }
    }

    @Test("findings appear in the title, the table glyphs and the detail pane without a key press")
    func liveFindings() throws {
        let e = try editor()
        let title = e.screenText.split(separator: "\n")[0]
        #expect(title.contains("1 error"), "\(title)")
        #expect(title.contains("1 warning"))
        let loopRow = try #require(e.screenText.split(separator: "\n").first { $0.contains("loop-x") })
        #expect(loopRow.contains("E● loop-x"), "\(loopRow)")
        e.press(.moveDown).press(.moveDown)
        #expect(e.selectedID == "loop-x")
        #expect(e.screenText.contains("E DT010 loop: /x → /y → /x"))
        // Disabling loop-y ends the loop: the error goes away at once.
        e.press(.moveDown).press(.toggleEnabled)
        #expect(e.state.findings?.errors == 0)
        #expect(!e.screenText.contains("E DT010"))
    }

    @Test("results for an older revision are dropped")
    func staleResultsDropped() throws {
        let e = try editor()
        let before = try #require(e.state.findingsIndex)
        e.press(.toggleEnabled)
        let now = e.state.findingsIndex?.revision
        e.loop.send(.validationFinished(FindingsIndex(revision: before.revision, findings: [])))
        #expect(e.state.findingsIndex?.revision == now)
        #expect(e.state.findingsIndex?.sorted.isEmpty == false)
    }

    @Test("the findings panel lists errors first and enter jumps to the rule")
    func panelJump() throws {
        let e = try editor()
        e.press(.openFindings)
        guard case .findings = e.state.mode else {
            Issue.record("panel not open")
            return
        }
        let sorted = try #require(e.state.findingsIndex?.sorted)
        #expect(sorted.first?.check == "DT010")
        #expect(sorted.map(\.severity) == sorted.map(\.severity).sorted())
        #expect(e.screenText.contains("witness GET https://example.com/x"))
        selectFinding(e, check: "DT022")
        e.press(.jumpToRule)
        #expect(e.selectedID == "pinned")
        if case .table = e.state.mode {} else { Issue.record("still in the panel") }
    }

    @Test("f previews a fix, enter applies it as one edit, u undoes it")
    func applyFixThenUndo() throws {
        let e = try editor()
        e.press(.openFindings)
        selectFinding(e, check: "DT022")
        e.press(.previewFix)
        guard case .fixPreview = e.state.mode else {
            Issue.record("no preview")
            return
        }
        #expect(e.screenText.contains("- code     301 Moved Permanently"))
        #expect(e.screenText.contains("+ code     302 Found"))
        let serial = e.state.undo.currentSerial
        e.press(.applyFix)
        #expect(e.state.rules[4].code == .found)
        #expect(e.state.undo.done.count == 1)
        // Revalidated: the DT022 warning is gone.
        #expect(e.state.findingsIndex?.sorted.contains { $0.check == "DT022" } == false)
        e.press(.closePanel).press(.undo)
        #expect(e.state.rules[4].code == .movedPermanently)
        #expect(e.state.undo.currentSerial == serial)
        #expect(e.state.findingsIndex?.sorted.contains { $0.check == "DT022" } == true)
    }

    @Test("the loop's fix disables a rule of the cycle; esc in the preview changes nothing")
    func loopFix() throws {
        let e = try editor()
        e.press(.openFindings).press(.previewFix).press(.cancelFix)
        #expect(e.state.rules.allSatisfy { $0.enabled })
        e.press(.previewFix).press(.applyFix)
        #expect(e.state.rules.first { $0.id == "loop-x" }?.enabled == false)
        #expect(e.state.findings?.errors == 0)
    }

    func simulate(_ e: TestEditor, method: String, url: String) {
        e.press(.openSimulator)
        guard case .simulator(var sim) = e.state.mode else {
            Issue.record("simulator not open")
            return
        }
        while sim.focus != .method {
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

    func focus(_ e: TestEditor, _ field: SimulatorState.Field) {
        for _ in 0..<SimulatorState.Field.allCases.count {
            guard case .simulator(let sim) = e.state.mode, sim.focus != field else { return }
            e.press(.nextField)
        }
    }

    func lastTrace(_ e: TestEditor) -> SimulationTrace? {
        guard case .simulator(let sim) = e.state.mode, case .trace(let t, _, _)? = sim.result else { return nil }
        return t
    }

    @Test("POST under 307 stays POST, under 302 it becomes GET")
    func methodChange() throws {
        let e = try editor()
        simulate(e, method: "POST", url: "/a")
        let kept = try #require(lastTrace(e))
        #expect(kept.hops.first?.next?.method == "POST")
        #expect(e.screenText.contains("→ POST https://example.com/b, body kept"))
        focus(e, .url)
        e.press(.ctrl("a"), .ctrl("k")).type("/c").press(.runSimulation)
        let changed = try #require(lastTrace(e))
        #expect(changed.hops.first?.next?.method == "GET")
        #expect(e.screenText.contains("(POST became GET), body dropped"))
        #expect(e.state.urlHistory == ["/a", "/c"])
        // Up on the URL walks the history.
        focus(e, .url)
        e.press(.historyBack).press(.historyBack)
        guard case .simulator(let sim) = e.state.mode else { return }
        #expect(sim.url.text == "/a")
    }

    @Test("a hop's rule is selectable and enter jumps to it")
    func hopJump() throws {
        let e = try editor()
        simulate(e, method: "GET", url: "/x")
        let t = try #require(lastTrace(e))
        #expect(t.outcome == .loop)
        #expect(e.screenText.contains("outcome LOOP ↻"))
        e.press(.historyForward).press(.runSimulation)
        #expect(e.selectedID == "loop-y")
    }

    @Test("mouse: a click selects a finding, a double-click jumps to its rule")
    func mouseInFindings() throws {
        let e = try editor()
        e.press(.openFindings)
        let list = FindingsPanelLayout(area: ScreenLayout(size: e.state.size).formArea).list
        e.loop.send(.event(.mouse(MouseEvent(.click, x: 5, y: list.y + 3))))
        guard case .findings(let panel) = e.state.mode else {
            Issue.record("panel closed")
            return
        }
        #expect(panel.selected == 1)
        e.loop.send(.event(.mouse(MouseEvent(.doubleClick, x: 5, y: list.y + 2))))
        #expect(e.selectedID == e.state.findingsIndex?.sorted[1].rules.first)
        if case .table = e.state.mode {} else { Issue.record("no jump") }
    }

    @Test("s on a finding simulates its witness")
    func witness() throws {
        let e = try editor()
        e.press(.openFindings).press(.simulateWitness)
        let t = try #require(lastTrace(e))
        #expect(t.outcome == .loop)
        #expect(t.request.url == "https://example.com/x")
    }

    @Test("a bad field goes to the status line and the panel stays usable")
    func badInput() throws {
        let e = try editor()
        e.press(.openSimulator)
        e.press(.ctrl("a"), .ctrl("k")).type("ftp:/nope").press(.runSimulation)
        #expect(e.state.status?.kind == .error)
        #expect(e.screenText.contains("error: URL: 'ftp:/nope'"))
        guard case .simulator(let sim) = e.state.mode else {
            Issue.record("panel closed")
            return
        }
        #expect(sim.running == nil)
        e.press(.cancelJob)
        if case .table = e.state.mode {} else { Issue.record("esc did not close the panel") }
    }

    @Test("a log replays into hits per rule and never-hit rules")
    func replay() throws {
        let e = try editor()
        let log = TUITestSupport.tempDir() + "/access.log"
        try "GET /a\nGET /a\nPOST /c\nGET /elsewhere\n".write(toFile: log, atomically: true, encoding: .utf8)
        e.press(.openSimulator)
        e.press(.runReplay)
        #expect(e.state.status?.text.hasPrefix("replay log:") == true)
        e.type(log).press(.runReplay)
        guard case .simulator(let sim) = e.state.mode, case .replay(let report, _)? = sim.result else {
            Issue.record("no replay report: \(String(describing: e.state.status))")
            return
        }
        #expect(report.lines == 4)
        #expect(report.neverHit.contains("pinned"))
        #expect(e.screenText.contains("keep-post"))
    }

    @Test("esc cancels a running job and its late result is dropped")
    func cancel() throws {
        var s = AppState(path: "x.yaml", ruleSet: try TUITestSupport.document(journeyYAML).ruleSet, size: Size(width: 80, height: 24))
        _ = Editor.update(&s, .event(.key(.char("r"))))
        guard case .simulator(var sim) = s.mode else {
            Issue.record("no panel")
            return
        }
        sim.log.setText("/tmp/big.log")
        sim.focus = .log
        s.mode = .simulator(sim)
        let effects = Editor.update(&s, .event(.key(.enter)))
        guard case .replay(let job)? = effects.first else {
            Issue.record("no replay effect")
            return
        }
        _ = Editor.update(&s, .replayProgress(job: job.id, done: 50 << 20, total: 100 << 20))
        #expect(Screen.render(s).text.contains("50%"))
        let cancel = Editor.update(&s, .event(.key(.esc)))
        #expect(cancel == [.cancelJob(job.id)])
        #expect(s.status?.text == "replay cancelled")
        let report = ReplayReport(ruleSet: s.ruleSet)
        _ = Editor.update(&s, .replayFinished(job: job.id, report, file: "/tmp/big.log"))
        guard case .simulator(let after) = s.mode else {
            Issue.record("panel closed")
            return
        }
        #expect(after.result == nil)
    }
}
