import Foundation
import Testing

@testable import DetourCore

/// Issue 18 item 1 as a user meets it on the command line: the X-Forwarded-Proto workaround no
/// longer loops in `simulate` or hides a loop from `check`; the one-rule http→https redirect is
/// simulated, listed and exported, and a server that cannot see the scheme says so.
@Suite(.serialized) struct SchemeCLITests {
    static func write(_ text: String, name: String = "redirects.yaml") throws -> String {
        let path = TestSupport.tempDir() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let oneRule = """
        site:
          hosts: [example.com]
        rules:
          - id: to-https
            source: http://example.com/*
            target: https://example.com/*
            code: 301

        """

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theHeaderWorkaroundEndsAtTheOriginInsteadOfLooping() throws {
        let file = try Self.write(
            """
            site:
              hosts: [example.com]
            rules:
              - id: workaround
                source: /*
                when: {header: {X-Forwarded-Proto: http}}
                target: https://example.com/*
                code: 302
                cache: no-store
            """)
        let (status, out, err) = try SimulationCLITests.detour([
            "simulate", file, "GET", "http://example.com/a", "-H", "X-Forwarded-Proto: http", "--format", "json"
        ])
        #expect(status == 0, "\(err)")
        let json = try Self.json(out)
        #expect(json["outcome"] as? String == "origin")
        let hops = SimulationCLITests.hops(json)
        #expect(hops.count == 1)
        let next = try #require(hops.first?["next"] as? [String: Any])
        #expect(next["dropped_headers"] as? [String] == ["X-Forwarded-Proto"])
        let (checkStatus, checkOut, _) = try SimulationCLITests.detour(["check", file, "--format", "json", "--now", "2026-11-25T00:00:00Z"])
        let ids = (try Self.json(checkOut)["findings"] as? [[String: Any]] ?? []).compactMap { $0["check"] as? String }
        #expect(!ids.contains("DT010") && !ids.contains("DT060"), "\(ids)")
        #expect(checkStatus == 0, "\(checkOut)")
    }

    @Test func oneRuleSendsHTTPToHTTPSAndStops() throws {
        let file = try Self.write(Self.oneRule)
        let (status, out, err) = try SimulationCLITests.detour(["simulate", file, "GET", "http://example.com/a?x=1", "--format", "json"])
        #expect(status == 0, "\(err)")
        let json = try Self.json(out)
        let hops = SimulationCLITests.hops(json)
        #expect(hops.count == 1)
        #expect(hops.first?["rule"] as? String == "to-https")
        #expect(hops.first?["location"] as? String == "https://example.com/a?x=1")
        #expect(json["outcome"] as? String == "origin")
        #expect(SimulationCLITests.final(json) == ("GET", "https://example.com/a?x=1"))
        let (_, secure, _) = try SimulationCLITests.detour(["simulate", file, "GET", "https://example.com/a", "--format", "json"])
        #expect(SimulationCLITests.hops(try Self.json(secure)).isEmpty, "https is served")
        let (checkStatus, checkOut, _) = try SimulationCLITests.detour(["check", file, "--now", "2026-11-25T00:00:00Z"])
        #expect(checkStatus == 0 && checkOut.contains("no findings"), "\(checkOut)")
    }

    @Test func httpToHTTPSAndBackIsALoopForCheck() throws {
        let file = try Self.write(
            Self.oneRule + """
                  - id: back
                    scheme: https
                    source: /*
                    target: http://example.com/*
                    code: 302
                """)
        let (status, out, _) = try SimulationCLITests.detour(["check", file, "--format", "json", "--now", "2026-11-25T00:00:00Z"])
        #expect(status == 1)
        let findings = try Self.json(out)["findings"] as? [[String: Any]] ?? []
        let loop = try #require(findings.first { $0["check"] as? String == "DT010" })
        #expect(loop["message"] as? String == "loop: http://example.com/ → https://example.com/ → http://example.com/")
    }

    @Test func listShowsTheScheme() throws {
        let file = try Self.write(Self.oneRule.replacingOccurrences(of: "source: http://example.com/*", with: "scheme: http\n    source: /*"))
        let (status, out, _) = try SimulationCLITests.detour(["list", file])
        #expect(status == 0)
        #expect(out.contains("scheme=http"), "\(out)")
        let (_, json, _) = try SimulationCLITests.detour(["list", file, "--format", "json"])
        let rule = try #require((try Self.json(json)["rules"] as? [[String: Any]])?.first)
        #expect(rule["scheme"] as? String == "http")
    }

    @Test func varnishRefusesTheSchemeUntilTheSiteNamesTheProxyHeader() throws {
        let file = try Self.write(Self.oneRule)
        let dir = TestSupport.tempDir()
        let (status, _, err) = try SimulationCLITests.detour(["export", file, "--to", "varnish", "-o", dir + "/v"])
        #expect(status == 1)
        #expect(err.contains("DT080 rule to-https") && err.contains("site.scheme_header: X-Forwarded-Proto"), "\(err)")
        let proxied = try Self.write(
            Self.oneRule.replacingOccurrences(of: "  hosts: [example.com]", with: "  hosts: [example.com]\n  scheme_header: X-Forwarded-Proto"))
        let (ok, _, err2) = try SimulationCLITests.detour(["export", proxied, "--to", "varnish", "-o", dir + "/v2"])
        #expect(ok == 0, "\(err2)")
        let vcl = try String(contentsOfFile: dir + "/v2/detour.vcl", encoding: .utf8)
        #expect(vcl.contains("req.http.X-Forwarded-Proto ~ {\"(?i)^https$\"}"), "\(vcl)")
        let readme = try String(contentsOfFile: dir + "/v2/README", encoding: .utf8)
        #expect(readme.contains("read it from the `X-Forwarded-Proto` header"), "\(readme)")
    }

    @Test func simulateAsVarnishSeesHTTPSAsHTTP() throws {
        let file = try Self.write(Self.oneRule)
        let (_, out, _) = try SimulationCLITests.detour(["simulate", file, "GET", "https://example.com/a", "--as", "varnish", "--format", "json"])
        #expect(SimulationCLITests.hops(try Self.json(out)).first?["rule"] as? String == "to-https", "Varnish has no TLS: \(out)")
    }
}
