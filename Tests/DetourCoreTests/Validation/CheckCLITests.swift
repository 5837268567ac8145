import Foundation
import Testing

@testable import DetourCore

/// `detour check` through the built binary (`swift build` first): exit statuses, `--only`/`--skip`,
/// `--strict`, `--now`, and the three formats.
@Suite(.serialized) struct CheckCLITests {
    static let file = """
        site:
          hosts: [example.com, www.example.com]
        rules:
          - id: a
            source: /a
            target: /b
            code: 301
          - id: b
            source: /b
            target: /c
            code: 301
          - id: old
            source: /old
            target: /new
            code: 307
            expires: 2026-06-01T00:00:00Z
        """

    static func write(_ text: String) throws -> String {
        let dir = TestSupport.tempDir()
        let path = dir + "/redirects.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func check(_ args: [String], env: [String: String] = [:]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: SimulationCLITests.binary)
        p.arguments = ["check"] + args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: r, as: UTF8.self))
    }

    @Test func warningsPassUnlessStrict() throws {
        let path = try Self.write(Self.file)
        let (plain, out, _) = try Self.check([path, "--now", "2026-11-25T00:00:00Z"])
        #expect(plain == 0)
        #expect(out.contains("DT011 chain: https://example.com/a → https://example.com/b → https://example.com/c"))
        #expect(out.contains("DT050 rule expired"))
        #expect(!out.contains("\u{1b}["))  // not a terminal: no colour
        #expect(try Self.check([path, "--strict"]).0 == 1)
        #expect(try Self.check([path, "--strict", "--skip", "DT011,DT050,DT023"]).0 == 0)
    }

    @Test func theClockDecidesExpiry() throws {
        let path = try Self.write(Self.file)
        let (_, before, _) = try Self.check([path, "--only", "DT050", "--now", "2026-01-01T00:00:00Z"])
        #expect(before.contains("no findings"))
        let (_, after, _) = try Self.check([path, "--only", "DT050", "--now", "2027-01-01T00:00:00Z"])
        #expect(after.contains("DT050"))
    }

    @Test func errorsExitOneAndUnreadableFilesTwo() throws {
        let loop = try Self.write(Self.file.replacingAll("target: /c", "target: /a"))
        let (status, out, _) = try Self.check([loop, "--format", "json", "--only", "DT010"])
        #expect(status == 1)
        let obj = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        #expect((obj?["counts"] as? [String: Int])?["error"] == 1)
        let broken = try Self.write("rules:\n  - id: x\n    source: nope\n")
        let (bad, _, err) = try Self.check([broken])
        #expect(bad == 2)
        #expect(err.contains("redirects.yaml:"))
    }

    @Test(.enabled(if: ReportTests.jsonschemaAvailable)) func sarifFromTheBinaryValidates() throws {
        let path = try Self.write(Self.file)
        let (_, out, _) = try Self.check([path, "--format", "sarif"])
        let result = try ReportTests.validateSARIF(out)
        #expect(result.ok, "\(result.output)")
    }
}
