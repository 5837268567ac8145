import Testing

@testable import DetourCore

/// `replay`'s parsing and aggregation, without the binary.
@Suite struct SimulationReplayTests {
    @Test func parsesCombinedCommonAndPlainLines() {
        let combined = AccessLogLine.parse(
            #"198.51.100.7 - frank [10/Oct/2026:13:55:36 -0700] "POST /api/v1/orders?x=1 HTTP/1.1" 201 2326 "-" "curl/8""#)
        #expect(
            combined
                == AccessLogLine(
                    method: "POST", target: "/api/v1/orders?x=1", clientAddress: "198.51.100.7",
                    time: Timestamp(rfc3339: "2026-10-10T20:55:36Z"), status: 201))
        #expect(AccessLogLine.parse("GET https://www.example.com/a")?.target == "https://www.example.com/a")
        #expect(AccessLogLine.parse("/only/a/path")?.method == "GET")
        #expect(AccessLogLine.parse(#"1.2.3.4 - - [x] "\x16\x03\x01" 400 0 "-" "-""#) == nil)
        #expect(AccessLogLine.parse("hello world") == nil)
    }

    @Test func observedRolloutShareIsMeasuredAmongRequestsThatReachedTheRule() throws {
        let set = try TestSupport.yaml(
            """
            site: {hosts: [example.com]}
            rules:
              - {id: canary, source: /api, target: /v2, code: 307, rollout: {percent: 25, by: ip}}
              - {id: blocked-first, source: /other, target: /x, code: 302}
            """
        ).ruleSet
        let lines =
            (0..<2000).map { "203.0.\($0 / 250).\($0 % 250) - - [01/Dec/2026:10:00:00 +0000] \"GET /api HTTP/1.1\" 200 1 \"-\" \"-\"" }
            + ["GET /other", "not a line"]
        let report = LogReplay(simulator: Simulator(ruleSet: set, view: .detour)).run(lines: lines)
        #expect(report.requests == 2001)
        #expect(report.malformed == 1)
        let share = try #require(report.rolloutShares.first)
        #expect(share.id == "canary" && share.configured == 25 && share.eligible == 2000)
        #expect(abs(share.observed - 25) < 3, "\(share.observed)")
        #expect(report.hits[0] == report.rolloutIncluded[0])
        #expect(report.redirected == report.hits[0] + 1)
        #expect(report.json(file: "f.yaml").contains("\"rollouts\": [{\"rule\": \"canary\", \"configured\": 25.0"))
    }
}

/// The fast splitter of `Location`s agrees with the general URL parser.
@Suite struct SimulationLocationURLTests {
    @Test(arguments: [
        "https://example.com/a/b?x=1&y=2", "http://example.com", "https://a.example.com/?", "https://ex.com/p#frag",
        "https://ex.com/p?q#f", "https://user@ex.com/x", "https://ex.com:8443/x", "HTTPS://EX.com/x", "https://[::1]/x",
        "/relative", "https://ex.com?x=1"
    ])
    func agreesWithParseURL(url: String) {
        let fast = LocationURL.parse(url, defaultScheme: "https", defaultHost: "d.test")
        let slow = HTTPRequest.parseURL(url, defaultScheme: "https", defaultHost: "d.test")
        #expect(
            fast?.scheme == slow?.scheme && fast?.host == slow?.host && fast?.port == slow?.port
                && fast?.path == slow?.path && fast?.query == slow?.query, "\(url)")
    }
}
