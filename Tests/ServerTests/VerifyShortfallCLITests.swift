import Foundation
import Testing

@testable import DetourCore

/// `verify` must not contradict `export`: a rule the server cannot express is a shortfall, listed,
/// and the run exits 1 even when every request that was sent agreed.
@Suite("verify counts rules left out as a shortfall", needsServers)
struct VerifyShortfallCLITests {
    @Test("verify --server envoy on every feature: the left-out rules are listed and it exits 1")
    func envoyLeavesRulesOut() throws {
        try #require(ServerTestSupport.installed(.envoy), "envoy is not installed")
        let binary = ServerTestSupport.repoRoot + "/.build/debug/detour"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["verify", ServerTestSupport.fixture("every-feature.yaml"), "--server", "envoy", "--limit", "400"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stdout)\(stderr)")
        // Envoy has no cookie input and no clock, and cannot place a fragment or {host} (ServerVerifyTests).
        for id in ["exact-fragment", "exact-target-query", "placeholders", "regex-captures", "rollout-cookie", "window-future", "window-open"] {
            #expect(stderr.contains("rule \(id):") && stderr.contains("(not verified)"), "\(id) is not listed: \(stderr)")
        }
        #expect(stdout.contains("7 rules left out (not verified)"), "\(stdout)")
        #expect(!stdout.contains("DISAGREE"))
    }
}
