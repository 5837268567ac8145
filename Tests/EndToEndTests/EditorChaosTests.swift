import Foundation
import Testing

/// The editor's part of the chaos suite (issue 19; the commands' part is
/// `DetourCoreTests/ChaosTests`): `kill -9` at random moments after ctrl+s leaves the old file or
/// the new one, byte for byte, and no temporary file. `DETOUR_CHAOS_ITERATIONS` sets the kills.
@Suite("the editor's save under kill -9 (tmux)", .serialized)
struct EditorChaosTests {
    static let iterations = ProcessInfo.processInfo.environment["DETOUR_CHAOS_ITERATIONS"].flatMap { Int($0) } ?? 2
    static let rows = 20_000

    /// Opens `bulk.csv`, changes the first rule's code 301 → 302 and presses ctrl+s. Each session
    /// has its own state folder: a killed session's recovery file must not greet the next one.
    func openEditAndSave(_ dir: String, session: Int) throws -> TmuxSession {
        let tmux = try TmuxSession(arguments: ["edit", "bulk.csv"], folder: dir, environment: ["XDG_STATE_HOME": dir + "/state-\(session)"])
        try tmux.waitForScreen(containing: "r0 — rule 1 of \(Self.rows)", timeout: 120)
        try tmux.send("e")
        try tmux.waitForScreen(containing: "Edit rule 'r0'")
        try tmux.send("Tab", "Tab")  // source → target → code
        try tmux.waitForScreen(containing: "▸code")
        try tmux.send("Space")
        try tmux.waitForScreen(containing: "302 Found")
        try tmux.send("Enter")
        try tmux.waitForScreen(containing: "● modified")
        try tmux.send("C-s")
        return tmux
    }

    @Test("kill -9 during the editor's save of a 2·10⁴-row CSV: old or new file, no temporary file")
    func killDuringSave() throws {
        let original = "id,source,target,code\n" + (0..<Self.rows).map { "r\($0),/old/item-\($0),/new/item-\($0),301\n" }.joined()
        let new = original.replacingOccurrences(of: "r0,/old/item-0,/new/item-0,301\n", with: "r0,/old/item-0,/new/item-0,302\n")
        let dir = Shell.tempDir()
        let path = dir + "/bulk.csv"
        // An undisturbed save first: it gives the time a save takes.
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        let clean = try openEditAndSave(dir, session: 0)
        let began = Date()
        try clean.waitForScreen(containing: "saved \(Self.rows) rules", timeout: 120)
        let duration = Date().timeIntervalSince(began)
        try clean.send("q")
        #expect(try clean.waitForExit() == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == new)

        var state: UInt64 = 19
        for attempt in 0..<Self.iterations {
            try original.write(toFile: path, atomically: true, encoding: .utf8)
            let tmux = try openEditAndSave(dir, session: attempt + 1)
            let pid = try tmux.detourPID()
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let fraction = Double(state >> 11) / Double(1 << 53)
            usleep(useconds_t(fraction * duration * 1_000_000))
            kill(pid, SIGKILL)
            _ = try tmux.waitForExit()
            let now = try String(contentsOfFile: path, encoding: .utf8)
            #expect(now == original || now == new, "attempt \(attempt): the file is neither the old nor the new one")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".detour-") }
            #expect(leftovers.isEmpty, "attempt \(attempt): \(leftovers)")
        }
    }
}
