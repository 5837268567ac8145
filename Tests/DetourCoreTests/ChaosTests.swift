import Foundation
import Testing

@testable import DetourCore

/// The chaos suite of issue 19, kept: `kill -9` at random moments during every command that
/// writes a rule file, two writers at once, and a full disk. After each, the file is the old one
/// or the new one byte for byte, no temporary file remains, and a refused writer said so.
///
/// The fast variant (3 kills per command, fixed seed) runs in `scripts/test`;
/// `DETOUR_CHAOS_ITERATIONS=200 swift test --filter ChaosTests` is the long one. The editor's save
/// is in `EndToEndTests/EditorChaosTests`.
@Suite(.serialized) struct ChaosTests {
    static let iterations = ProcessInfo.processInfo.environment["DETOUR_CHAOS_ITERATIONS"].flatMap { Int($0) } ?? 3

    /// A fixed-seed generator (SplitMix64), so a failing run can be repeated.
    struct Random {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    /// One writing command: the file it writes and its arguments, in a folder prepared by `setUp`.
    struct WriteCommand: Sendable, CustomStringConvertible {
        let name: String
        let target: String
        let arguments: [String]
        var description: String { name }
    }

    static let commands = [
        WriteCommand(name: "fmt", target: "big.yaml", arguments: ["fmt", "big.yaml"]),
        WriteCommand(name: "convert", target: "out.yaml", arguments: ["convert", "big.csv", "out.yaml", "--force"]),
        WriteCommand(
            name: "add", target: "big.csv",
            arguments: [
                "add", "big.csv", "--source", "/chaos", "--target", "/calm", "--code", "301", "--id", "chaos", "--now", "2026-06-01T00:00:00Z"
            ]),
        WriteCommand(name: "rm", target: "big.csv", arguments: ["rm", "big.csv", "r7"]),
        WriteCommand(name: "import", target: "out.yaml", arguments: ["import", "nginx", "site.conf", "-o", "out.yaml", "--force"])
    ]

    /// The inputs every command reads: sized so that a write lasts long enough to be interrupted.
    static func setUp(rules: Int = 20_000) throws -> String {
        let dir = TestSupport.tempDir()
        // Unformatted only by key order, so that fmt rewrites every rule.
        let yaml = "rules:\n" + (0..<rules).map { "  - code: 301\n    id: r\($0)\n    source: /old/\($0)\n    target: /new/\($0)\n" }.joined()
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: dir + "/big.yaml"))
        let csv = "id,source,target,code\n" + (0..<rules).map { "r\($0),/old/\($0),/new/\($0),301\n" }.joined()
        try Data(csv.utf8).write(to: URL(fileURLWithPath: dir + "/big.csv"))
        let conf =
            "server {\n    server_name example.com;\n" + (0..<rules / 20).map { "    location = /a\($0) { return 301 /b\($0); }\n" }.joined() + "}\n"
        try Data(conf.utf8).write(to: URL(fileURLWithPath: dir + "/site.conf"))
        try Data("rules: []\n".utf8).write(to: URL(fileURLWithPath: dir + "/out.yaml"))
        return dir
    }

    static func temporaryFiles(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".detour-") }
    }

    static func start(_ arguments: [String], in dir: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test(arguments: commands) func killDuringAWriteLeavesTheOldOrTheNewFile(_ command: WriteCommand) throws {
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + command.target
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        // One undisturbed run gives the new file and how long a run lasts.
        let began = Date()
        let clean = try CLIRunner.run(command.arguments, in: dir)
        let duration = Date().timeIntervalSince(began)
        #expect(clean.status == 0, "\(clean.stderr)")
        let new = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(new != original)
        var random = Random(state: 19)
        var interrupted = 0
        for attempt in 0..<Self.iterations {
            try original.write(to: URL(fileURLWithPath: path))
            let p = try Self.start(command.arguments, in: dir)
            usleep(useconds_t(random.unit() * duration * 1.1 * 1_000_000))
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                interrupted += 1
            }
            p.waitUntilExit()
            let now = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(now == original || now == new, "\(command.name), attempt \(attempt): the file is neither the old nor the new one")
            #expect(Self.temporaryFiles(in: dir).isEmpty, "\(command.name), attempt \(attempt): left \(Self.temporaryFiles(in: dir))")
        }
        #expect(interrupted >= min(1, Self.iterations), "\(command.name): every run ended before its kill")
    }

    /// Two `detour add` at once on one file: each either wrote its rule (and it is there) or was
    /// refused with exit 2; the file is never missing a rule that was reported added.
    @Test func twoWritersAtOnceNeverLoseARule() throws {
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var refusals = 0
        for attempt in 0..<max(2, Self.iterations) {
            let runs = try ["first", "second"].map { id -> (String, Process, Pipe) in
                let p = Process()
                p.executableURL = URL(fileURLWithPath: CLIRunner.binary)
                p.arguments = [
                    "add", "big.csv", "--source", "/\(id)-\(attempt)", "--target", "/x", "--id", "\(id)-\(attempt)", "--now", "2026-06-01T00:00:00Z"
                ]
                p.currentDirectoryURL = URL(fileURLWithPath: dir)
                let err = Pipe()
                p.standardError = err
                p.standardOutput = FileHandle.nullDevice
                try p.run()
                return ("\(id)-\(attempt)", p, err)
            }
            var statuses: [String: Int32] = [:]
            for (id, p, err) in runs {
                let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                statuses[id] = p.terminationStatus
                if p.terminationStatus == 2 {
                    refusals += 1
                    #expect(message.contains("changed on disk since it was read (another program wrote it); nothing was written"))
                }
            }
            let ids = Set(try RuleFileDocument.load(path: dir + "/big.csv").ruleSet.rules.map(\.id))
            for (id, status) in statuses {
                #expect(status == 0 || status == 2)
                if status == 0 { #expect(ids.contains(id), "\(id) was reported added but is not in the file") }
            }
            #expect(statuses.values.contains(0), "neither writer won")
        }
        #expect(refusals >= 1, "the two writers never overlapped")
        #expect(Self.temporaryFiles(in: dir).isEmpty)
    }

    /// A 1 MB tmpfs: a save that does not fit fails with the reason, exit 2, and the old file stays.
    @Test func aFullDiskLeavesTheOldFile() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mountPoint = dir + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try Self.runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint])
        guard mount.status == 0 else {
            print(
                "ChaosTests.aFullDiskLeavesTheOldFile skipped: cannot mount a tmpfs here (\(mount.output.trimmingCharacters(in: .whitespacesAndNewlines)))"
            )
            return
        }
        defer { _ = try? Self.runTool("/bin/umount", [mountPoint]) }
        // 600 KB of rules in key order fmt changes: the old and the new file do not fit together.
        let yaml = "rules:\n" + (0..<8_000).map { "  - code: 301\n    id: r\($0)\n    source: /o/\($0)\n    target: /n/\($0)\n" }.joined()
        let path = mountPoint + "/r.yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        let r = try CLIRunner.run(["fmt", path])
        #expect(r.status == 2)
        #expect(r.stderr == "\(path): cannot save: No space left on device; the file on disk is unchanged\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == yaml)
        #expect(Self.temporaryFiles(in: mountPoint).isEmpty)
        let convert = try CLIRunner.run(["convert", "examples/site-migration.csv", mountPoint + "/site.yaml"])
        #expect(convert.status == 2 && convert.stderr.contains("No space left on device"))
        #expect(!FileManager.default.fileExists(atPath: mountPoint + "/site.yaml"))
    }

    static func runTool(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
