import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// Issue 19.4 on the real Caddy: Go's `regexp/syntax` takes nested repetition counts up to a
/// product of 1000, which Detour exports, and rejects 1002, which Detour refuses (DT080).
@Suite("Go regex limits on the real Caddy", .serialized, needsServers)
struct CaddyRegexLimitServerTests {
    static func set(_ patterns: [String]) throws -> RuleSet {
        var text = "site:\n  hosts: [example.com]\nrules:\n"
        for (i, p) in patterns.enumerated() { text += "  - {id: r\(i), source: \"~\(p)\", target: /t\(i), code: 307, cache: no-store}\n" }
        return try YAMLRuleFile.parse(Array(text.utf8), file: "limits.yaml").ruleSet
    }

    static func validate(_ out: ExportOutput) throws {
        let dir = ServerTestSupport.tempDir("caddy-limits")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ExportFiles.write(out, to: dir)
        try ServerSyntaxCheck.run(CaddyTarget(), directory: dir)
    }

    static func options() -> ExportOptions {
        ExportOptions(directory: "/tmp/detour-caddy-limits", standaloneListen: ListenAddress(host: "127.0.0.1", port: 18081))
    }

    @Test("what Detour still exports passes caddy validate; what it refuses, caddy rejects")
    func limits() throws {
        try #require(ServerTestSupport.installed(.caddy), "caddy is not installed")
        let kept = ["^/(a{2}){500}$", "^/x{1000}$", "^/((b{10})+){100}$", "^/(a+)+$"]
        let out = try CaddyTarget().exporter.export(try Self.set(kept), options: Self.options())
        #expect(out.exportedRuleCount == kept.count)
        try Self.validate(out)
        // One more repetition: Detour refuses it, and Caddy rejects it when written into the export by hand.
        #expect(throws: ExportRefusal.self) { try CaddyTarget().exporter.export(try Self.set(["^/(a{2}){501}$"]), options: Self.options()) }
        var tooBig = out
        tooBig.files = out.files.map { f in
            ExportedFile(name: f.name, contents: f.contents.replacingOccurrences(of: "{500}", with: "{501}"))
        }
        #expect(tooBig.files.contains { $0.contents.contains("{501}") })
        #expect {
            try Self.validate(tooBig)
        } throws: { error in
            "\(error)".contains("invalid repeat count")
        }
    }
}
