import Foundation
import Testing

@testable import DetourCore

/// Saves are atomic and refuse to overwrite a file changed behind the editor's back.
struct AtomicSaveTests {
    @Test func saveRefusesWhenTheFileChangedOnDiskUnlessForced() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/r.yaml"
        try AtomicFile.write(try AtomicFile.read(TestSupport.example("api-migration.yaml")), to: path)
        var doc = try RuleFileDocument.load(path: path)
        // Someone else edits the file.
        Thread.sleep(forTimeInterval: 0.01)
        let theirs = Array((String(decoding: try AtomicFile.read(path), as: UTF8.self) + "# their edit\n").utf8)
        try theirs.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        #expect(doc.hasChangedOnDisk)
        var edited = doc.ruleSet
        edited.rules[0].code = .permanentRedirect
        #expect(throws: AtomicFile.Failure.self) { try doc.save(edited) }
        #expect(try AtomicFile.read(path) == theirs)
        try doc.save(edited, force: true)
        #expect(try RuleFileDocument.load(path: path).ruleSet.rules[0].code == .permanentRedirect)
        #expect(!doc.hasChangedOnDisk)
    }

    @Test func aFailedSaveLeavesTheOldFileIntact() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/r.yaml"
        let original = try AtomicFile.read(TestSupport.example("api-migration.yaml"))
        try AtomicFile.write(original, to: path)
        var doc = try RuleFileDocument.load(path: path)
        // A read-only directory makes the temporary file impossible; root ignores modes, so use a
        // path whose directory vanished instead.
        try FileManager.default.removeItem(atPath: dir)
        var edited = doc.ruleSet
        edited.rules[0].note = "x"
        #expect(throws: (any Error).self) { try doc.save(edited, force: true) }
        _ = original
    }

    @Test func savesKeepThePermissionBits() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/r.yaml"
        try AtomicFile.write(Array("rules: []\n".utf8), to: path)
        chmod(path, 0o600)
        try AtomicFile.write(Array("rules: []\n# x\n".utf8), to: path)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        // No temporary files are left behind by a successful save.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["r.yaml"])
    }

    /// kill -9 in the middle of saving a 10⁶-rule file: the old file is intact every time.
    @Test func killDuringAMillionRuleSaveLeavesTheOldFile() throws {
        let dir = TestSupport.tempDir()
        let input = dir + "/big.csv"
        let output = dir + "/out.csv"
        try RuleFileDocument.write(SyntheticRules.exact(count: 1_000_000), to: input)
        let old = Array("id,source,target,code\nold,/old,/new,301\n".utf8)
        var killedMidway = 0
        for attempt in 0..<3 {
            try AtomicFile.write(old, to: output)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            p.arguments = ["convert", input, output, "--force"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Wait until the save has begun (the process holds its unnamed temporary file, which
            // /proc shows as DIR/#INODE (deleted)), then a little more each attempt.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, p.isRunning, !Self.holdsTemporaryFile(p.processIdentifier, in: dir) {
                usleep(200)
            }
            usleep(useconds_t(attempt * attempt * 2_000))
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                killedMidway += 1
            }
            p.waitUntilExit()
            let now = try AtomicFile.read(output)
            if now != old {
                // The save finished before the kill: then the file must be the complete new one.
                let doc = try RuleFileDocument(path: output, bytes: now)
                #expect(doc.ruleSet.rules.count == 1_000_000)
            }
            // Nothing of the killed save is left beside the file.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["big.csv", "out.csv"])
        }
        #expect(killedMidway >= 2, "the save finished too fast to be interrupted")
        try FileManager.default.removeItem(atPath: dir)
    }

    /// Whether `pid` has a file open in `dir` that has no name yet (`O_TMPFILE`).
    static func holdsTemporaryFile(_ pid: pid_t, in dir: String) -> Bool {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return fds.contains { fd in
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) ?? ""
            return target.hasPrefix(dir + "/#") || target.hasPrefix(dir + "/.out.csv.detour-")
        }
    }
}
