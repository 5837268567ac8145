import Foundation
import Testing

@testable import DetourCore

/// `~^/b/(.*)$` → `$1` answers `/b/b/x` with the relative `b/x`, which resolves to `/b/b/b/x`: the
/// path doubles on every hop and never repeats. Clients give up at their redirect limit; the
/// simulation stops once the URL passes 8 KB (so curl's 50 hops need no petabytes), says "too
/// many redirects", and the text cuts the long URLs it shows.
@Suite struct SimulateGrowingPathTests {
    static let yaml = """
        site:
          hosts: [example.com]
        rules:
          - id: grow
            source: ~^/b/(.*)$
            target: $1
            code: 302
        """

    @Test(arguments: Clients.all.map(\.name))
    func everyClientStopsWithTooManyRedirects(client name: String) throws {
        let set = try TestSupport.yaml(Self.yaml).ruleSet
        let client = try #require(Clients.named(name))
        let trace = Simulator(ruleSet: set, client: client).trace(HTTPRequest(method: "GET", host: "example.com", path: "/b/b/x"))
        #expect(trace.outcome == .limit)
        #expect(trace.hops.count <= client.maxRedirects + 1)
        #expect(trace.hops.allSatisfy { $0.request.url.utf8.count <= SimulationTrace.longestFollowedURL })
        #expect(trace.ruleIDs.allSatisfy { $0 == "grow" })
        // Go gives up after 9 hops, before the path reaches 8 KB; the others are stopped by the length.
        #expect(trace.stoppedGrowing == (client.maxRedirects > 11))
        let text = TraceReport.text(trace, file: "r.yaml", view: .detour, client: client)
        #expect(text.contains("outcome  limit — too many redirects"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count < 400 }, "long URLs are cut in the text")
        if trace.stoppedGrowing { #expect(text.contains("bytes)")) }
    }

    @Test func aGrowingPathStartedByTheCLIReturnsAndExitsOne() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/grow.yaml"
        try Self.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["simulate", path, "GET", "/b/b/x", "--client", "curl"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("too many redirects: the URL grows on every hop"), "\(r.stdout)")
        let json = try CLIRunner.run(["simulate", path, "GET", "/b/b/x", "--format", "json"])
        #expect(json.stdout.contains("\"outcome\": \"limit\", \"stopped_growing\": true"))
    }
}
