import Foundation
import Testing

@testable import DetourCore

/// The seed scenarios, run through the built `detour` binary (`swift build` first) exactly as a
/// user would: `detour simulate … --format json`, checking the JSON contract of DESIGN §6.1.
@Suite(.serialized) struct SimulationCLITests {
    static let binary = TestSupport.repoRoot + "/.build/debug/detour"
    static let fixture = TestSupport.fixture("sim-operations.yaml")

    /// Runs the binary; returns (exit status, stdout, stderr).
    static func detour(_ arguments: [String]) throws -> (Int32, String, String) {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is missing: run `swift build` first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// `simulate … --format json`, parsed.
    /// `toAllowedHost`: the trace is expected to end at a host in `site.allow`, which exits 0.
    static func simulate(_ arguments: [String], file: String = fixture, toAllowedHost: Bool = false) throws -> [String: Any] {
        let (status, out, err) = try detour(["simulate", file] + arguments + ["--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] ?? [:]
        // A trace that ends at the origin or at an allowed host exits 0; a loop, the limit or a host
        // the site does not allow exit 1.
        let outcome = json["outcome"] as? String
        #expect(status == (outcome == "origin" || (outcome == "external" && toAllowedHost) ? 0 : 1), "\(err)")
        return json
    }

    static func hops(_ json: [String: Any]) -> [[String: Any]] { json["hops"] as? [[String: Any]] ?? [] }
    static func final(_ json: [String: Any]) -> (String, String) {
        let f = json["final"] as? [String: Any] ?? [:]
        return (f["method"] as? String ?? "", f["url"] as? String ?? "")
    }

    @Test(arguments: ["browser", "curl", "go", "python", "node"])
    func post307StaysPostWithBodyUnderEveryClient(client: String) throws {
        let json = try Self.simulate(["POST", "/api/v1/orders", "--client", client])
        let hop = try #require(Self.hops(json).first)
        #expect(hop["rule"] as? String == "orders-307")
        #expect(hop["status"] as? Int == 307)
        #expect(hop["location"] as? String == "https://example.com/api/v2/orders")
        #expect(hop["cache_control"] as? String == "no-store")
        let next = try #require(hop["next"] as? [String: Any])
        #expect(next["method"] as? String == "POST")
        #expect(next["body"] as? String == "kept")
        #expect(json["outcome"] as? String == "origin")
        #expect(Self.final(json) == ("POST", "https://example.com/api/v2/orders"))
    }

    @Test(arguments: ["browser", "curl", "go", "python"])
    func post302BecomesGet(client: String) throws {
        let json = try Self.simulate(["POST", "/api/v1/legacy-orders", "--client", client])
        let hop = try #require(Self.hops(json).first)
        #expect(hop["status"] as? Int == 302)
        let next = try #require(hop["next"] as? [String: Any])
        #expect(next["method"] as? String == "GET")
        #expect(next["body"] as? String == "dropped")
        #expect(Self.final(json) == ("GET", "https://example.com/api/v2/orders"))
    }

    @Test func post303BecomesGet() throws {
        let json = try Self.simulate(["POST", "https://www.example.com/checkout"])
        #expect(Self.hops(json).first?["rule"] as? String == "checkout-303")
        #expect(Self.final(json) == ("GET", "https://www.example.com/thanks"))
        #expect(json["outcome"] as? String == "origin")
    }

    @Test func head303StaysHead() throws {
        let json = try Self.simulate(["HEAD", "/checkout"])
        #expect(Self.final(json) == ("HEAD", "https://example.com/thanks"))
    }

    @Test func geoRuleFollowsTheCountryHeader() throws {
        let fr = try Self.simulate(["GET", "/store/shoes?size=42", "-H", "X-Country: FR"], toAllowedHost: true)
        #expect(Self.hops(fr).first?["rule"] as? String == "geo-fr")
        #expect(Self.hops(fr).first?["location"] as? String == "https://fr.example.com/store/shoes?size=42")
        #expect(fr["outcome"] as? String == "external")
        let de = try Self.simulate(["GET", "/store/shoes", "-H", "X-Country: DE"])
        #expect(Self.hops(de).isEmpty)
        #expect(de["outcome"] as? String == "origin")
    }

    @Test func maintenanceWindowOnAndOffByTime() throws {
        let during = try Self.simulate(["GET", "/app/dashboard?tab=2", "--at", "2026-12-01T03:00:00Z"])
        #expect(Self.hops(during).first?["rule"] as? String == "maintenance")
        #expect(Self.hops(during).first?["location"] as? String == "https://example.com/maintenance.html?from=dashboard")
        let before = try Self.simulate(["GET", "/app/dashboard", "--at", "2026-12-01T01:59:59Z"])
        #expect(Self.hops(before).isEmpty)
        let atEnd = try Self.simulate(["GET", "/app/dashboard", "--at", "2026-12-01T04:00:00Z"])
        #expect(Self.hops(atEnd).isEmpty, "expires is exclusive")
    }

    @Test func loopStopsAtTheFirstRepeat() throws {
        let json = try Self.simulate(["GET", "/loop-a"])
        #expect(json["outcome"] as? String == "loop")
        #expect(Self.hops(json).map { $0["rule"] as? String } == ["loop-a", "loop-b"])
        #expect(Self.final(json) == ("GET", "https://example.com/loop-a"))
    }

    @Test func growingChainHitsTheClientsLimit() throws {
        let go = try Self.simulate(["GET", "/deep/a", "--client", "go"])
        #expect(go["outcome"] as? String == "limit")
        #expect(Self.hops(go).count == 10, "Go follows 9 redirects and refuses the 10th")
        let curl = try Self.simulate(["GET", "/deep/a", "--client", "curl"])
        #expect(Self.hops(curl).count == 51)
    }

    @Test func apiMigrationExampleIsExternalWithNoStore() throws {
        let json = try Self.simulate(["GET", "/api/v1/orders/42"], file: TestSupport.example("api-migration.yaml"), toAllowedHost: true)
        let hop = try #require(Self.hops(json).first)
        #expect(hop["rule"] as? String == "order-read-v2")
        #expect(hop["line"] as? Int ?? 0 > 0)
        #expect(hop["location"] as? String == "https://api-v2.example.com/orders/42")
        #expect(json["outcome"] as? String == "external")
    }

    @Test func textTraceNamesRuleLineAndMeaning() throws {
        let (status, out, _) = try Self.detour(["simulate", Self.fixture, "POST", "/api/v1/orders", "-H", "Authorization: Bearer x"])
        #expect(status == 0)
        #expect(out.contains("orders-307  (\(Self.fixture):6)"))
        #expect(out.contains("307 Temporary Redirect — method and body kept"))
        #expect(out.contains("Cache-Control  no-store"))
        #expect(out.contains("outcome  origin"))
    }

    @Test func badArgumentsAreClearErrors() throws {
        let (status, _, err) = try Self.detour(["simulate", Self.fixture, "GET", "/x", "--client", "lynx"])
        #expect(status != 0)
        #expect(err.contains("unknown client 'lynx'"))
        let (status2, _, err2) = try Self.detour(["simulate", Self.fixture, "GET", "/x", "--at", "tomorrow"])
        #expect(status2 != 0)
        #expect(err2.contains("RFC 3339"))
    }

    @Test func replayReportsHitsLoopsAndMalformedLines() throws {
        let dir = TestSupport.tempDir()
        let log = dir + "/access.log"
        try """
        203.0.113.9 - - [01/Dec/2026:03:00:00 +0000] "GET /app/x HTTP/1.1" 200 12 "-" "ua"
        203.0.113.9 - - [01/Dec/2026:05:00:00 +0000] "GET /app/x HTTP/1.1" 200 12 "-" "ua"
        GET /loop-a
        POST /checkout
        this is not a request
        /plain/path

        """.write(toFile: log, atomically: true, encoding: .utf8)
        let (status, out, err) = try Self.detour(["replay", Self.fixture, log, "--format", "json"])
        #expect(status == 0, "\(err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(json["requests"] as? Int == 5)
        #expect(json["redirected"] as? Int == 3)
        let hits = try #require(json["hits"] as? [String: Int])
        #expect(hits["maintenance"] == 1)
        #expect(hits["checkout-303"] == 1)
        #expect((json["loops"] as? [[String: Any]])?.first?["count"] as? Int == 1)
        let malformed = try #require(json["malformed"] as? [String: Any])
        #expect(malformed["count"] as? Int == 1)
        #expect(((json["never_hit"] as? [String]) ?? []).contains("geo-fr"))
        try? FileManager.default.removeItem(atPath: dir)
    }
}
