import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// Helpers for the real-server tests: paths, the DETOUR_SKIP_SERVERS switch, and a verify run
/// that always stops its server (Verifier stops it by PID in a `defer`).
enum ServerTestSupport {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func example(_ name: String) -> String { repoRoot + "/examples/" + name }
    static func fixture(_ name: String) -> String { repoRoot + "/Tests/ServerTests/Fixtures/" + name }

    /// False with DETOUR_SKIP_SERVERS=1: the real-server tests are skipped with that reason.
    static var serversEnabled: Bool { ProcessInfo.processInfo.environment["DETOUR_SKIP_SERVERS"] != "1" }

    static func installed(_ s: ServerKind) -> Bool { Verifier.isInstalled(s.target) }

    static func load(_ path: String) throws -> (RuleSet, [UInt8]) {
        let doc = try RuleFileDocument.load(path: path)
        return (doc.ruleSet, try AtomicFile.read(path))
    }

    static func tempDir(_ tag: String) -> String {
        let dir = NSTemporaryDirectory() + "detour-server-test-\(tag)-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o755)
        return dir
    }

    /// Runs verify and records every disagreement as a test issue.
    static func verify(
        _ set: RuleSet, bytes: [UInt8], file: String, server: ServerKind, limit: Int = 5000, rolloutKeys: Int = 24
    ) throws -> VerifyResult {
        var verifier = Verifier(ruleSet: set, target: server.target, sourceFile: file, sourceBytes: bytes)
        let dir = tempDir(server.name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        verifier.directory = dir
        verifier.probeLimit = limit
        verifier.rolloutKeys = rolloutKeys
        let result = try verifier.run()
        for d in result.disagreements.prefix(20) { Issue.record("\(server.name) disagrees:\n\(d)") }
        return result
    }
}

/// The trait every real-server test carries.
let needsServers = ConditionTrait.enabled(if: ServerTestSupport.serversEnabled, "DETOUR_SKIP_SERVERS=1: real-server tests skipped")
