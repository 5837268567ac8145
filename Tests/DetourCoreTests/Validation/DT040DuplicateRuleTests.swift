import Testing

@testable import DetourCore

@Suite struct DT040DuplicateRuleTests {
    @Test func sameEverythingThatMatters() throws {
        let set = try V.set(
            """
              - id: a
                source: /x
                target: /y
                code: 301
              - id: b
                source: /x
                target: /z
                code: 301
            """)
        let f = V.run(DuplicateRuleCheck(), set: set)
        #expect(f.count == 1 && f[0].rules == ["b", "a"])
        #expect(f[0].message.contains("different target"))
        #expect(f[0].fix!.apply(to: set).rules.map(\.id) == ["a"])
    }

    @Test func differentMethodsRolloutOrHostAreNotDuplicates() throws {
        #expect(
            try V.run(
                DuplicateRuleCheck(),
                """
                  - id: a
                    source: /x
                    target: /y
                    code: 307
                    methods: [POST]
                  - id: b
                    source: /x
                    target: /y
                    code: 307
                    rollout: 20%
                  - id: c
                    source: /x
                    host: www.example.com
                    target: /y
                    code: 307
                  - id: d
                    source: /x
                    target: /y
                    code: 307
                """
            ).isEmpty)
    }
}
