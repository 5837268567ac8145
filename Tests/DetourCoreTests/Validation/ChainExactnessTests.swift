import Testing

@testable import DetourCore

/// Issue #14 items 2 and 3: chains and loops through mixed source kinds, and intersected with time
/// windows, conditions and rollouts as exactly as with paths.
@Suite struct ChainExactnessTests {
    let both = Validator(checks: [LoopCheck(), ChainCheck()], now: V.now)

    static let splatAndRegex = """
          - id: old
            source: /old/*
            target: /new/*
            code: 301
          - id: legacy
            source: ~^/new/legacy-(\\d+)$
            target: /old/$1
            code: 301
        """

    @Test func regexThroughSplatIsAChain() throws {
        let set = try V.set(Self.splatAndRegex)
        let f = both.validate(set)
        #expect(f.allSatisfy { $0.check == "DT011" })
        // /old/legacy-0 → /new/legacy-0 → /old/0 → /new/0: old → legacy → old, three hops.
        let fromOld = try #require(f.first { $0.rules == ["old", "legacy"] })
        #expect(V.walk(set, fromOld.witness[0]).rules == ["old", "legacy", "old"])
        #expect(
            fromOld.message
                == "chain: https://example.com/old/legacy-0 → https://example.com/new/legacy-0 → https://example.com/old/0 → https://example.com/new/0"
        )
        let fromLegacy = try #require(f.first { $0.rules == ["legacy", "old"] })
        #expect(V.walk(set, fromLegacy.witness[0]).rules == ["legacy", "old"])
    }

    @Test func regexThroughSplatInTheOtherOrderIsAChain() throws {
        let set = try V.set(
            """
              - id: legacy
                source: ~^/new/legacy-(\\d+)$
                target: /old/$1
                code: 301
              - id: old
                source: /old/*
                target: /new/*
                code: 301
            """)
        let f = both.validate(set)
        #expect(Set(f.map(\.rules)) == [["legacy", "old"], ["old", "legacy"]])
        for finding in f { #expect(V.walk(set, finding.witness[0]).rules.count >= 2) }
    }

    @Test func regexThroughSplatClosesIntoALoop() throws {
        let set = try V.set(
            """
              - id: old
                source: /old/*
                target: /new/*
                code: 302
              - id: legacy
                source: ~^/new/legacy-(\\d+)$
                target: /old/legacy-$1
                code: 302
            """)
        let f = both.validate(set)
        let loop = try #require(f.first { $0.check == "DT010" })
        #expect(Set(loop.rules) == ["old", "legacy"])
        #expect(V.walk(set, loop.witness[0]).end == "loop")
    }

    static func pingPong(_ windowA: String, _ windowB: String) -> String {
        "  - id: a\n    source: /a\n    target: /b\n    code: 302\n    \(windowA)\n"
            + "  - id: b\n    source: /b\n    target: /a\n    code: 302\n    \(windowB)\n"
    }

    @Test func rulesNeverActiveTogetherDoNotLoop() throws {
        let set = try V.set(
            Self.pingPong("expires: 2027-01-01T00:00:00Z", "starts: 2027-02-01T00:00:00Z"))
        #expect(both.validate(set).isEmpty)
    }

    @Test func overlappingWindowsLoopAtATimeBothAreActive() throws {
        let set = try V.set(
            Self.pingPong("expires: 2027-03-01T00:00:00Z", "starts: 2027-02-01T00:00:00Z"))
        let f = both.validate(set)
        #expect(f.map(\.check) == ["DT010"])
        let start = Timestamp(rfc3339: "2027-02-01T00:00:00Z")!
        let end = Timestamp(rfc3339: "2027-03-01T00:00:00Z")!
        for w in f[0].witness { #expect(w.time >= start && w.time < end) }
    }

    @Test func chainNeedsBothRulesActiveAtOnce() throws {
        let chain = """
              - id: a
                source: /a
                target: /b
                code: 302
                expires: 2027-01-01T00:00:00Z
              - id: b
                source: /b
                target: /c
                code: 302
                starts: 2027-06-01T00:00:00Z
            """
        #expect(both.validate(try V.set(chain)).isEmpty)
    }

    @Test func conditionsOfBothRulesAreSatisfiedTogether() throws {
        let set = try V.set(
            """
              - id: a
                source: /a
                target: /b
                code: 302
                cache: no-store
                when:
                  header: {X-Beta: "1"}
              - id: b
                source: /b
                target: /a
                code: 302
                cache: no-store
                when:
                  cookie: {exp: "on"}
            """)
        let f = both.validate(set)
        #expect(f.map(\.check) == ["DT010"])
        let w = try #require(f.first?.witness.first)
        #expect(w.header("X-Beta") == "1" && w.cookie("exp") == "on")
        #expect(RedirectOracle.walk(set, w).loopFrom != nil)
    }

    @Test func contradictoryConditionsNeverLoop() throws {
        #expect(
            both.validate(
                try V.set(
                    """
                      - id: a
                        source: /a
                        target: /b
                        code: 302
                        cache: no-store
                        when:
                          header: {X-Beta: "1"}
                      - id: b
                        source: /b
                        target: /a
                        code: 302
                        cache: no-store
                        when:
                          header: {X-Beta: "2"}
                    """)
            ).isEmpty)
    }

    @Test func rolloutLoopSaysItIsConditional() throws {
        let f = both.validate(
            try V.set(
                """
                  - id: a
                    source: /a
                    target: /b
                    code: 302
                    cache: no-store
                    rollout: 20%
                  - id: b
                    source: /b
                    target: /a
                    code: 302
                """))
        #expect(f.map(\.check) == ["DT010"])
        #expect(f[0].message.hasSuffix("(if the rollout of a picks the client)"))
    }
}
