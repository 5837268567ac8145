import Testing

@testable import DetourCore
@testable import detour

/// DESIGN §7.5: every server, run for real on 127.0.0.1, answers every probe exactly as
/// `simulate --as SERVER` predicts — on the example files and on a rule set using every feature.
/// Each run also passes the server's own syntax check first (nginx -t, apache2 -t, haproxy -c,
/// caddy validate, lighttpd -tt, varnishd -C), or Verifier throws.
@Suite("Real servers agree with the simulator", .serialized, needsServers)
struct ServerVerifyTests {
    @Test("every-feature rule set", arguments: ServerKind.local)
    func everyFeature(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        let path = ServerTestSupport.fixture("every-feature.yaml")
        let (set, bytes) = try ServerTestSupport.load(path)
        let result = try ServerTestSupport.verify(set, bytes: bytes, file: path, server: server)
        // Traefik refuses the most rules (rollouts, windows, {path}), so it gets the fewest probes.
        #expect(result.total > 200)
        #expect(result.disagreements.isEmpty)
        // The classic servers leave nothing out; the proxies leave out exactly what their
        // capability tables and targets refuse.
        let leftOut: [ServerKind: [String]] = [
            // 303 with a kept query, {path}, every rollout, time windows.
            .traefik: ["exact-target-query", "placeholders", "rollout-cookie", "rollout-header", "rollout-ip", "window-future", "window-open"],
            // a query merged into the target's, a fragment, a target query beside captures, {host}/{query}, cookie rollouts, windows.
            .envoy: ["exact-fragment", "exact-target-query", "placeholders", "regex-captures", "rollout-cookie", "window-future", "window-open"]
        ]
        #expect(result.omissions.map(\.ruleID).sorted() == leftOut[server, default: []])
    }

    @Test("paths the proxies decode or keep encoded, and every code on targets built from the request", arguments: [ServerKind.traefik, .envoy])
    func proxyPaths(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        let path = ServerTestSupport.fixture("proxy-paths.yaml")
        let (set, bytes) = try ServerTestSupport.load(path)
        let result = try ServerTestSupport.verify(set, bytes: bytes, file: path, server: server)
        #expect(result.total > 100)
        #expect(result.disagreements.isEmpty)
        let leftOut: [ServerKind: [String]] = [.traefik: ["ampersand"], .envoy: ["prefix-308-target-query", "regex-anchored"]]
        #expect(result.omissions.map(\.ruleID).sorted() == leftOut[server, default: []])
    }

    @Test("the three example files", arguments: ServerKind.local)
    func examples(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        for name in ["api-migration.yaml", "operations.yaml", "site-migration.csv"] {
            let path = ServerTestSupport.example(name)
            var (set, bytes) = try ServerTestSupport.load(path)
            // varnishd compiles VCL to C; 12 000 rules take about a minute, so its share is 2 000.
            if server == .varnish && set.rules.count > 2000 {
                set.rules = Array(set.rules.prefix(2000))
                set.lines = Array(set.lines.prefix(2000))
            }
            let result = try ServerTestSupport.verify(set, bytes: bytes, file: path, server: server, limit: 1500)
            // A target that refuses most of a small example (Envoy: cookie rollouts, `{host}`, the
            // scheme) still proves the rest; the rules left out are listed in the result.
            #expect(result.total > 10 || result.omissions.count * 2 >= set.rules.count, "\(name): \(result.total) requests")
            #expect(result.disagreements.isEmpty, "\(name) on \(server.name)")
        }
    }

    @Test(
        "a rollout splits clients exactly as the server's hash does",
        arguments: [ServerKind.nginx, .apache, .haproxy, .caddy, .lighttpd, .varnish, .envoy])
    func rolloutBuckets(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        let (set, bytes) = try ServerTestSupport.load(ServerTestSupport.fixture("every-feature.yaml"))
        var only = set
        only.rules = set.rules.filter { $0.id.hasPrefix("rollout-") }
        only.lines = Array(repeating: 0, count: only.rules.count)
        let result = try ServerTestSupport.verify(only, bytes: bytes, file: "rollouts", server: server)
        #expect(result.disagreements.isEmpty)
        // Envoy has no cookie input: its cookie rollout is left out, the header and ip ones are probed.
        #expect(result.total >= (server == .envoy ? 2 : 3) * 24)
        #expect(result.omissions.map(\.ruleID) == (server == .envoy ? ["rollout-cookie"] : []))
    }
}
