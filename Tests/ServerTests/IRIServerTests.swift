import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// Issue 14.6: rules written as IRIs are exported as URIs and the real servers answer what
/// `simulate` answers: the percent-encoded Location of `/café`, the IDNA host of
/// `https://bücher.example/`, and a request for `/caf%C3%A9/menu` matching the source `/café/menu`.
@Suite("IRIs against the real servers", .serialized, needsServers)
struct IRIServerTests {
    static let file = ServerTestSupport.fixture("iri.yaml")

    @Test func simulateAnswersTheEncodedLocations() throws {
        let (set, _) = try ServerTestSupport.load(Self.file)
        let simulator = Simulator(ruleSet: set)
        func location(_ path: String) -> String? {
            simulator.respond(to: HTTPRequest(method: "GET", scheme: "http", host: "example.com", path: path)).location
        }
        #expect(location("/coffee") == "http://example.com/caf%C3%A9")
        #expect(location("/caf%C3%A9/menu") == "http://example.com/carte/cr%C3%A8me-br%C3%BBl%C3%A9e?taille=%C3%A9lev%C3%A9e")
        #expect(location("/b%C3%BCcher/x%20y") == "https://xn--bcher-kva.example/x%20y")
        #expect(location("/article/12") == "http://example.com/art%C3%ADculo/12")
    }

    @Test("every server agrees with simulate on IRI rules", arguments: ServerKind.local)
    func serversAgree(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        let (set, bytes) = try ServerTestSupport.load(Self.file)
        let result = try ServerTestSupport.verify(set, bytes: bytes, file: Self.file, server: server)
        #expect(result.disagreements.isEmpty)
        #expect(result.total >= 8, "\(server.name) sent only \(result.total) probes")
        // Every server expresses every IRI rule; Envoy leaves out `menu` for its target's query
        // (it cannot merge the request's query into it, DT080), not for the IRI.
        let allowed: Set<String> = server == .envoy ? ["menu"] : []
        #expect(Set(result.omissions.map(\.ruleID)).isSubset(of: allowed), "\(server.name): \(result.omissions)")
    }

    /// What makes the agreement above mean something: verify sends the paths a browser sends.
    @Test func verifyProbesTheEncodedPaths() throws {
        let (set, _) = try ServerTestSupport.load(Self.file)
        let paths = VerifyRequests.generate(set.encodingIRIs(), limit: 500).map(\.request.path)
        #expect(paths.contains("/coffee"))
        #expect(paths.contains("/caf%C3%A9/menu"), "\(paths)")
        #expect(paths.contains { $0.hasPrefix("/b%C3%BCcher/") }, "\(paths)")
    }
}

/// Issue 14.5: verify leaves out a rule that cannot work as written, names it, and exits 1 (it is
/// not verified), as it does for a rule the server cannot express.
@Suite("verify names the invalid rules it leaves out", needsServers)
struct InvalidRuleVerifyCLITests {
    @Test func verifyNginxSkipsTheInvalidRules() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerTestSupport.repoRoot + "/.build/debug/detour")
        let file = ServerTestSupport.repoRoot + "/Tests/DetourCoreTests/Fixtures/invalid/one-invalid-rule.yaml"
        process.arguments = ["verify", file, "--server", "nginx", "--limit", "400"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stdout)\(stderr)")
        #expect(stderr.contains("one-invalid-rule.yaml:12:17: skipping rule 'legacy'"), "\(stderr)")
        #expect(stderr.contains("one-invalid-rule.yaml:28:23: skipping rule 'missing-group'"), "\(stderr)")
        #expect(stdout.contains("agree") && !stdout.contains("DISAGREE"), "\(stdout)")
        #expect(stdout.contains("2 rules that cannot work as written left out (DT070, not verified)"), "\(stdout)")
    }
}
