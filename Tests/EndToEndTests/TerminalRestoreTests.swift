import Foundation
import Testing

@Suite("terminal restore on signals and crashes (tmux)", .serialized)
struct TerminalRestoreTests {
    /// Starts the editor, makes an unsaved edit, waits past the recovery interval, sends `signal`.
    func killWithUnsavedEdit(_ signal: Int32, expectedStatus: Int32) throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "orders-v2")
        try tmux.send("j", "Space")
        try tmux.waitForScreen(containing: "● modified")
        // The recovery file is at most ~1 s stale.
        let recoveryFolder = dir + "/state/detour/recovery"
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, ((try? FileManager.default.contentsOfDirectory(atPath: recoveryFolder)) ?? []).isEmpty {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(
            ((try? FileManager.default.contentsOfDirectory(atPath: recoveryFolder)) ?? []).count == 1, "recovery file written within a second or so")
        let pid = try tmux.detourPID()
        kill(pid, signal)
        #expect(try tmux.waitForExit() == expectedStatus)
        #expect(tmux.file("before") == tmux.file("after"), "stty -g is as before the run")
        #expect(try tmux.display("#{alternate_on}") == "0", "the alternate screen is off")
        #expect(try tmux.display("#{cursor_flag}") == "1", "the cursor is visible")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: recoveryFolder)) ?? []).count == 1)

        // The next start offers the edits back.
        try FileManager.default.removeItem(atPath: dir + "/rc")
        try FileManager.default.removeItem(atPath: dir + "/after")
        let next = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try next.waitForScreen(containing: "Recover unsaved edits?")
        try next.send("y")
        try next.waitForScreen(containing: "restored the unsaved edits")
        let screen = try next.screen()
        #expect(screen.contains("○ order-read-…"), "the disabled rule came back")
        try next.send("C-s")
        try next.waitForScreen(containing: "saved 3 rules")
        try next.send("q")
        #expect(try next.waitForExit() == 0)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: recoveryFolder)) ?? []).isEmpty, "saving removes the recovery file")
        let (diff, _) = try Shell.run(["git", "diff", "-U0", "--no-color"], in: dir)
        #expect(diff.contains("+    enabled: false"))
    }

    @Test("kill -TERM restores the terminal and keeps the edits for the next start")
    func term() throws {
        try killWithUnsavedEdit(SIGTERM, expectedStatus: 128 + SIGTERM)
    }

    @Test(
        "a crash signal (SEGV; ILL as Swift traps raise; ABRT) restores the terminal and keeps the edits",
        arguments: [SIGSEGV, SIGILL, SIGABRT])
    func crash(signal: Int32) throws {
        try killWithUnsavedEdit(signal, expectedStatus: 128 + signal)
    }

    @Test("kill -HUP exits without drawing and keeps the edits")
    func hup() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "orders-v2")
        try tmux.send("Space")
        try tmux.waitForScreen(containing: "● modified")
        kill(try tmux.detourPID(), SIGHUP)
        #expect(try tmux.waitForExit() == 128 + SIGHUP)
        #expect(tmux.file("before") == tmux.file("after"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/state/detour/recovery")) ?? []).count == 1, "written on the way out")
    }
}
