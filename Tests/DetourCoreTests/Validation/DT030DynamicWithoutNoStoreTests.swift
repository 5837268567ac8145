import Testing

@testable import DetourCore

@Suite struct DT030DynamicWithoutNoStoreTests {
    @Test func rolloutOrConditionWithoutNoStore() throws {
        let set = try V.set(
            """
              - id: canary
                source: /a
                target: /b
                code: 307
                rollout: 20%
                expires: 2027-01-01T00:00:00Z
              - id: geo
                source: /c
                target: /d
                code: 302
                cache: max-age=60
                when: {header: {X-Country: DE}}
            """)
        let f = V.run(DynamicWithoutNoStoreCheck(), set: set)
        #expect(f.map(\.rules.first) == ["canary", "geo"])
        let fixed = f[0].fix!.apply(to: set)
        #expect(fixed.rules[0].cache == .noStore)
    }

    @Test func staticOrNoStore() throws {
        #expect(
            try V.run(
                DynamicWithoutNoStoreCheck(),
                """
                  - id: s
                    source: /a
                    target: /b
                    code: 307
                  - id: n
                    source: /c
                    target: /d
                    code: 307
                    rollout: 5%
                    cache: no-store
                """
            ).isEmpty)
    }
}
