import Testing

@testable import DetourCore

/// The Caddyfile text of rollout rules (issue #15 §2): the key header, one `reverse_proxy` per plan
/// level over exactly the sockets the plan chooses between, and helper sites for those sockets only.
/// `CaddyRolloutServerTests` proves on the real Caddy that this text decides as simulated.
struct CaddyRolloutExportTests {
    func rule(_ id: String, basisPoints: Int, key: Rollout.Key, salt: String? = nil) throws -> Rule {
        var r = Rule(
            id: id, source: try Source.parse("/" + id), target: try Target.parse("/v2/" + id, captureCount: 0, sourceIsPrefix: false),
            code: .temporaryRedirect)
        r.rollout = Rollout(basisPoints: basisPoints, key: key, salt: salt)
        return r
    }

    func export(_ rules: [Rule], standalone: Bool = true) throws -> [String: String] {
        var options = ExportOptions(directory: "/tmp/detour-caddy-test", now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
        if standalone { options.standaloneListen = ListenAddress(host: "127.0.0.1", port: 8080) }
        let out = try CaddyExporter().export(RuleSet(rules: rules, lines: rules.indices.map { $0 + 1 }), options: options)
        return Dictionary(uniqueKeysWithValues: out.files.map { ($0.name, $0.contents) })
    }

    @Test("the key header carries salt:value as the simulator hashes it, for each key kind")
    func keyHeader() throws {
        let files = try export([
            try rule("h", basisPoints: 5000, key: .header("X-User-Id"), salt: "s{1}"),
            try rule("c", basisPoints: 5000, key: .cookie("uid")),
            try rule("i", basisPoints: 5000, key: .ip)
        ])
        let route = try #require(files["detour.caddy"])
        // Braces of the salt are literal (escaped), the placeholder's are Caddy's.
        #expect(route.contains("request_header @detour_r0 Detour-Rollout-Key `s\\{1\\}:{http.request.header.X-User-Id}`"))
        #expect(route.contains("request_header @detour_r1 Detour-Rollout-Key `c:{http.request.cookie.uid}`"))
        #expect(route.contains("request_header @detour_r2 Detour-Rollout-Key `i:{http.request.remote.host}`"))
        // A request without the header or cookie never reaches the choice.
        #expect(route.contains("\t\theader X-User-Id *\n"))
        #expect(route.contains(#"{http.request.header.Cookie}.matches(r"(?:^|;\s*)uid=")"#))
        #expect(route.components(separatedBy: "request_header -Detour-Rollout-Key").count == 4)
    }

    @Test("each level chooses between the plan's sockets and the redirect needs an inside bucket")
    func levels() throws {
        let route = try #require(try export([try rule("third", basisPoints: 3333, key: .ip)])["detour.caddy"])
        for level in 1...4 {
            let sockets = (0..<10).map { "unix/detour-rollout-\(level)-\($0).sock" }.joined(separator: " ")
            #expect(route.contains("reverse_proxy @detour_r0\(level == 1 ? "" : "_\(level)") \(sockets) {"), "level \(level)")
        }
        #expect(route.contains("@detour_r0_2 expression `{vars.detour_r0_1} == \"3\"`"))
        #expect(
            route.contains("@detour_r0_in expression `{vars.detour_r0_1} in [\"0\", \"1\", \"2\"] || {vars.detour_r0_2} in [\"0\", \"1\", \"2\"]"))
        #expect(route.contains("redir @detour_r0_in `/v2/third"))
    }

    @Test("helper sites exist for the sockets the plans use, and the standalone Caddyfile imports them")
    func helperSites() throws {
        // 12.5 % = 1 of 8 and 50 % = 1 of 2: one level, eight sockets.
        let files = try export([try rule("a", basisPoints: 1250, key: .ip), try rule("b", basisPoints: 5000, key: .ip)])
        let helpers = try #require(files["detour-rollout.caddy"])
        #expect(helpers.components(separatedBy: "http:// {").count - 1 == 8)
        #expect(helpers.contains("\tbind unix/detour-rollout-1-7.sock\n\theader Detour-Bucket 7\n\trespond 204\n"))
        #expect(!helpers.contains("detour-rollout-1-8.sock") && !helpers.contains("detour-rollout-2-"))
        #expect(files["Caddyfile"]?.hasSuffix("import detour-rollout.caddy\n") == true)
        #expect(files["README"]?.contains("detour-rollout.caddy: helper listeners") == true)
        // Without rollouts there is no helper file and nothing imports one.
        var plain = try rule("p", basisPoints: 10000, key: .ip)
        plain.rollout = nil
        let none = try export([plain])
        #expect(none["detour-rollout.caddy"] == nil)
        #expect(none["Caddyfile"]?.contains("detour-rollout") == false)
        #expect(none["README"]?.contains("detour-rollout") == false)
    }
}
