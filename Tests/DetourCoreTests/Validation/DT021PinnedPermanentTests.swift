import Testing

@testable import DetourCore

@Suite struct DT021PinnedPermanentTests {
    @Test func permanentWithRolloutOrConditions() throws {
        let f = try V.run(
            PinnedPermanentCheck(),
            """
              - id: r
                source: /a
                target: /b
                code: 301
                rollout: 20%
              - id: c
                source: /c
                target: /d
                code: 308
                when: {header: {X-Beta: "1"}}
            """)
        #expect(f.map(\.rules.first) == ["r", "c"])
        // The temporary code alone would be a dynamic redirect browsers may cache (DT030).
        #expect(f[1].fix?.edits == [.setCode(rule: "c", .temporaryRedirect), .setCache(rule: "c", .noStore)])
    }

    @Test func fullRolloutOrTemporaryIsFine() throws {
        #expect(
            try V.run(
                PinnedPermanentCheck(),
                """
                  - id: full
                    source: /a
                    target: /b
                    code: 301
                    rollout: 100%
                  - id: temp
                    source: /c
                    target: /d
                    code: 307
                    rollout: 20%
                """
            ).isEmpty)
    }
}
