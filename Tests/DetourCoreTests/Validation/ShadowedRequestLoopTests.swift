import Testing

@testable import DetourCore

/// The property test's miss at run 1010 of `DETOUR_PROPERTY_RUNS=2000`: an earlier rule takes every
/// request the shortest capture values make (`~^/a/([a-z]+)$` takes `/a/a`…`/a/z` before `/a/*`),
/// so the loop `/old/0 → /a/0 → /old/0` between the two later rules was never walked. The requests
/// the rules really take are followed instead; the loop is found with a witness that walks it, and
/// no loop is reported where the earlier rule takes every request (`[a-z0-9-]+` on both sides).
@Suite struct ShadowedRequestLoopTests {
    static func rules(firstTakes group: String) -> String {
        """
          - id: r0
            source: ~^/a/(\(group))$
            target: /b/$1
            code: 308
          - id: r1
            source: ~^/old/([a-z0-9-]+)$
            target: /a/$1
            code: 302
            starts: 2026-12-01T00:00:00Z
          - id: r2
            source: /a/*
            target: /old/*
            code: 307
            starts: 2026-12-01T00:00:00Z

        """
    }

    static let validator = Validator(checks: [LoopCheck(), ChainCheck(), SelfRedirectCheck()], now: RedirectOracle.now)

    @Test func theLoopBehindAnEarlierRuleIsFoundAndItsWitnessWalksIt() throws {
        let set = try V.set(Self.rules(firstTakes: "[a-z]+"))
        let findings = Self.validator.validate(set)
        let loop = findings.first { $0.check == "DT010" }
        #expect(Set(loop?.rules ?? []) == ["r1", "r2"], "\(findings.map(\.message))")
        if let w = loop?.witness.first {
            // A request the first rule does not take: a digit or a dash in the segment.
            #expect(w.path.contains { "0123456789-".contains($0) }, "\(w.path)")
        }
        let seen = RedirectOracle.observe(set, extraPaths: findings.flatMap { $0.witness.map(\.path) })
        #expect(RedirectPropertyTests.compare(set, findings, seen).isEmpty)
    }

    @Test func noLoopWhereTheEarlierRuleTakesEveryRequest() throws {
        let set = try V.set(Self.rules(firstTakes: "[a-z0-9-]+"))
        let findings = Self.validator.validate(set)
        #expect(!findings.contains { $0.check == "DT010" }, "\(findings.map(\.message))")
        let seen = RedirectOracle.observe(set, extraPaths: findings.flatMap { $0.witness.map(\.path) })
        #expect(RedirectPropertyTests.compare(set, findings, seen).isEmpty)
    }
}
