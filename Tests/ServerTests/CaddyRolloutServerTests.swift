import Foundation
import Testing

@testable import DetourCore

/// Issue #15 §2: Caddy 2.6 decides rollouts with `reverse_proxy` `lb_policy header` over helper
/// sockets; the real Caddy puts every client key in the bucket `simulate --as caddy` predicts, for
/// shares that take one to four levels of choice and for every rollout key.
@Suite("Caddy rollouts on the real server", .serialized, needsServers)
struct CaddyRolloutServerTests {
    @Test("every client key of every share lands where the simulator says")
    func everyShare() throws {
        try #require(ServerTestSupport.installed(.caddy), "caddy is not installed")
        let path = ServerTestSupport.fixture("caddy-rollouts.yaml")
        let (set, bytes) = try ServerTestSupport.load(path)
        // The shares need one (50 %, 12.5 %, 62.5 %), two (5 %, 37 %) and four (33.33 %) levels.
        let levels = set.rules.compactMap(\.rollout).map { CaddyRolloutPlan(basisPoints: $0.basisPoints).levels.count }
        #expect(Set(levels) == [1, 2, 4])
        let result = try ServerTestSupport.verify(set, bytes: bytes, file: path, server: .caddy, rolloutKeys: 150)
        #expect(result.disagreements.isEmpty)
        #expect(result.omissions.isEmpty)
        #expect(result.total >= 6 * 150)
        // The keys the probes send fall on both sides of each share, so both kinds of answer were compared.
        let decider = CaddyTarget().rollout
        for rule in set.rules where rule.rollout?.key == .header("X-User-Id") {
            let inside = (0..<150).filter { k in
                decider.includes(
                    rule, HTTPRequest(method: "GET", host: "example.com", path: "/", headers: [.init("X-User-Id", "user\(k)@example.org")]))
            }.count
            #expect(inside > 0 && inside < 150, "\(rule.id): \(inside) of 150 inside")
        }
    }
}
