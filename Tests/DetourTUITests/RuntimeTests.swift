import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// The state → update → effects → runtime loop: `update` asks for I/O as values, the runtime does
/// it off the input thread, and results come back as actions.
@Suite("Editor runtime")
struct RuntimeTests {
    func key(_ command: Command, _ context: KeyContext, _ s: AppState) -> Action {
        .event(.key(s.keymap.key(for: command, in: context)!))
    }

    func state() throws -> AppState {
        AppState(document: try RuleFileDocument.load(path: TUITestSupport.copyOfExample()), size: Size(width: 80, height: 24))
    }

    /// Changes the file the way another program would (a new inode, so the stamp differs).
    func editOnDisk(_ path: String, _ from: String, _ to: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: from, with: to).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("save, reload and verify are asked for as effects; update itself does no I/O")
    func effectsAsValues() throws {
        var s = try state()
        _ = Editor.update(&s, key(.toggleEnabled, .table, s))
        #expect(Editor.update(&s, key(.save, .table, s)) == [.save(force: false, serial: 1)])
        #expect(s.isSaving)
        #expect(Editor.update(&s, key(.save, .table, s)) == [], "one save at a time")

        var conflict = try state()
        conflict.mode = .confirm(.fileChangedOnDisk(quitAfterSave: false))
        #expect(Editor.update(&conflict, key(.confirmReload, .dialog, conflict)) == [.reload])
        #expect(conflict.isReloading)
        #expect(conflict.mode.keyContext == .table, "the editor stays usable while the file is read")

        var export = try state()
        let opened = Editor.update(&export, key(.openExport, .table, export))
        guard case .exportPreview(let previewJob, let server, _)? = opened.first else {
            Issue.record("no preview effect: \(opened)")
            return
        }
        // Every target's summary is asked for too, as a job of its own after the preview.
        #expect(Array(opened.dropFirst()) == [.summarizeExports(job: previewJob + 1)])
        _ = Editor.update(&export, .exportFailed(job: previewJob, "no preview needed here"))
        #expect(Editor.update(&export, key(.verifyExport, .export, export)) == [.verifyExport(job: previewJob + 2, server: server)])
    }

    @Test("the loop's tick asks for the recovery file and the disk check, one of each at a time")
    func tickEffects() throws {
        var s = try state()
        let stamp = s.document?.stamp
        #expect(Editor.update(&s, .tick(seconds: 100)) == [.checkDisk(expected: stamp)], "nothing unsaved: no recovery file")
        _ = Editor.update(&s, key(.toggleEnabled, .table, s))
        #expect(Editor.update(&s, .tick(seconds: 100.1)) == [.writeRecovery(serial: 1)], "the disk check still runs")
        _ = Editor.update(&s, key(.moveDown, .table, s))
        _ = Editor.update(&s, key(.toggleEnabled, .table, s))
        #expect(Editor.update(&s, .tick(seconds: 101)) == [], "the write still runs")
        _ = Editor.update(&s, .recoveryWritten(serial: 1))
        _ = Editor.update(&s, .diskChecked(expected: stamp, changed: false))
        #expect(Editor.update(&s, .tick(seconds: 102)) == [.writeRecovery(serial: 2), .checkDisk(expected: stamp)])
        _ = Editor.update(&s, .recoveryWritten(serial: 2))
        _ = Editor.update(&s, key(.undo, .table, s))
        _ = Editor.update(&s, key(.undo, .table, s))
        #expect(Editor.update(&s, .tick(seconds: 103)) == [.discardRecovery], "back to the file: the recovery file goes")
    }

    @Test("a change by another program is noticed and reported once")
    func externalChange() throws {
        let e = try TestEditor(path: TUITestSupport.copyOfExample())
        e.loop.send(.tick(seconds: 100))
        #expect(!e.state.disk.hasChangedOnDisk)
        try editOnDisk(e.state.path, "code: 308", "code: 301")
        e.loop.send(.tick(seconds: 102))
        #expect(e.state.disk.hasChangedOnDisk)
        #expect(e.state.status?.text == "\(e.state.path) changed on disk; saving asks whether to overwrite or reload")
        e.press(.moveDown)
        e.loop.send(.tick(seconds: 104))
        #expect(e.state.status?.text != "\(e.state.path) changed on disk; saving asks whether to overwrite or reload")
    }

    @Test("a disk check that began before a save is dropped: it compared against the old stamp")
    func staleDiskCheck() throws {
        var s = try state()
        let old = s.document?.stamp
        _ = Editor.update(&s, .tick(seconds: 100))
        _ = Editor.update(&s, key(.toggleEnabled, .table, s))
        _ = Editor.update(&s, key(.save, .table, s))
        var saved = s.document!
        try saved.save(s.ruleSet)
        _ = Editor.update(&s, .saved(serial: 1, document: saved))
        _ = Editor.update(&s, .diskChecked(expected: old, changed: true))
        #expect(!s.disk.hasChangedOnDisk)
        #expect(s.status?.text.hasPrefix("saved") == true)
    }

    @Test("keys are handled while a reload runs in the background, then the reload lands")
    func reloadDoesNotBlockInput() throws {
        let e = try TestEditor(path: TUITestSupport.copyOfExample(), savesInBackground: true)
        e.press(.toggleEnabled)
        try editOnDisk(e.state.path, "code: 308", "code: 301")
        e.press(.save)
        e.loop.settle()
        guard case .confirm(.fileChangedOnDisk) = e.state.mode else {
            Issue.record("no conflict prompt")
            return
        }

        // Hold the file queue so the reload cannot finish before the keys below are handled.
        let gate = Locked(false)
        e.loop.runner.files.enqueue { gate.wait(until: { $0 }) { _ in } }
        e.press(.confirmReload, in: .dialog)
        #expect(e.state.isReloading)
        e.press(.moveDown).press(.moveDown)
        #expect(e.selectedID == "docs", "input was handled during the reload")
        #expect(e.state.isReloading, "and the reload has not finished")
        #expect(e.state.rules[2].code == .permanentRedirect)

        gate.update { $0 = true }
        e.loop.settle()
        #expect(!e.state.isReloading)
        #expect(e.state.rules[2].code == .movedPermanently, "the other program's version")
        #expect(e.state.rules[0].enabled, "unsaved edits replaced")
        #expect(e.selectedID == "docs", "the selection follows its rule")
        #expect(!e.state.hasUnsavedChanges)
        e.press(.undo)
        #expect(e.state.rules[0].enabled == false, "undo brings the edits back")
    }

    @Test(":wq with a background save that meets a changed file stays open and asks; overwrite then quits")
    func quitAfterConflict() throws {
        let e = try TestEditor(path: TUITestSupport.copyOfExample(), savesInBackground: true)
        e.press(.toggleEnabled)
        try editOnDisk(e.state.path, "code: 308", "code: 301")
        let overwrite = try #require(e.keymap.key(for: .confirmOverwrite, in: .dialog))
        e.terminal.events = [.key(.char(":")), .key(.char("w")), .key(.char("q")), .key(.enter), .key(overwrite)]
        #expect(e.loop.run() == .quit)
        #expect(e.terminal.frames.contains { $0.text.contains("File changed on disk") }, "the question was shown")
        #expect(!e.state.hasUnsavedChanges)
        let saved = try RuleFileDocument.load(path: e.state.path)
        #expect(saved.ruleSet.rules[0].enabled == false, "our edit")
        #expect(saved.ruleSet.rules[2].code == .permanentRedirect, "overwrote the other program's version")
    }

    @Test("a job queue runs its jobs in order, off the caller's thread, and can be waited for")
    func jobQueue() {
        let queue = JobQueue(name: "detour.test", stackSize: 1 << 20, runsInline: false)
        let caller = pthread_self()
        let seen = Locked<[Int]>([])
        let offCaller = Locked(true)
        for i in 0..<200 {
            queue.enqueue {
                let elsewhere = pthread_equal(pthread_self(), caller) == 0
                offCaller.update { $0 = $0 && elsewhere }
                seen.update { $0.append(i) }
            }
        }
        queue.waitUntilIdle()
        #expect(queue.isIdle)
        #expect(seen.update { $0 } == Array(0..<200))
        #expect(offCaller.update { $0 })
    }

    @Test("the recovery file follows the edits through the runtime and goes after a save")
    func recoveryThroughRuntime() throws {
        let path = TUITestSupport.copyOfExample()
        let document = try RuleFileDocument.load(path: path)
        let journal = RecoveryJournal(editing: path, stateFolder: TUITestSupport.tempDir())
        let loop = EditorLoop(
            state: AppState(document: document, size: Size(width: 80, height: 24)),
            terminal: FakeTerminal(size: Size(width: 80, height: 24)), journal: journal)
        loop.send(key(.toggleEnabled, .table, loop.state))
        #expect(!FileManager.default.fileExists(atPath: journal.recoveryPath), "written on the tick, not on the key")
        loop.send(.tick(seconds: 100))
        #expect(journal.recoveredEdits(for: document)?.rules[0].enabled == false)
        loop.send(key(.save, .table, loop.state))
        #expect(!loop.state.hasUnsavedChanges)
        #expect(!FileManager.default.fileExists(atPath: journal.recoveryPath))
    }

    @Test("validation, simulation and export run in the background and come back as actions")
    func backgroundJobs() throws {
        let e = try TestEditor(
            path: TUITestSupport.copyOfExample(), savesInBackground: true, validates: true,
            jobsInBackground: true)
        e.loop.settle()
        #expect(e.state.findingsAreCurrent)
        e.press(.openExport)
        e.loop.settle()
        guard case .export(let dialog) = e.state.mode else {
            Issue.record("export dialog closed")
            return
        }
        #expect(dialog.preview != nil)
        #expect(dialog.running == nil)
    }
}
