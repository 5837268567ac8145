import Testing

@testable import DetourCore

@Suite struct DT041ShadowedRuleTests {
    let check = ShadowedRuleCheck()

    @Test func prefixCoversExact() throws {
        let f = try V.run(
            check,
            """
              - id: all
                source: /blog/*
                target: https://blog.cdn.example.net/*
                code: 301
              - id: one
                source: /blog/hello
                target: /hello
                code: 301
            """)
        #expect(f.count == 1 && f[0].rules == ["one", "all"])
        #expect(f[0].message.contains("all (line"))
    }

    @Test func regexCoversPrefixByInclusion() throws {
        let f = try V.run(
            check,
            """
              - id: re
                source: ~^/docs/(v1|v2)/
                target: /docs/
                code: 301
              - id: v1
                source: /docs/v1/*
                target: /docs/*
                code: 301
              - id: v3
                source: /docs/v3/*
                target: /docs/*
                code: 301
            """)
        #expect(f.map(\.rules.first) == ["v1"])
    }

    @Test func twoRulesTogetherShadowAThird() throws {
        let f = try V.run(
            check,
            """
              - id: digits
                source: ~^/p/[0-9]+$
                target: /num
                code: 302
              - id: letters
                source: ~^/p/[a-z]+$
                target: /alpha
                code: 302
              - id: both
                source: ~^/p/([0-9]+|[a-z]+)$
                target: /any
                code: 302
            """)
        #expect(f.count == 1 && Set(f[0].rules) == ["both", "digits", "letters"])
    }

    @Test func partialRolloutBeforeFullRuleShadowsNothing() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: canary
                    source: /api
                    target: https://api-v2.example.com/api
                    code: 307
                    rollout: 20%
                  - id: all
                    source: /api
                    target: /api2
                    code: 307
                """
            ).isEmpty)
    }

    @Test func conditionalOrNarrowerEarlierRulesShadowNothing() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: cond
                    source: /a/*
                    target: /b/*
                    code: 307
                    when: {cookie: {beta: "1"}}
                  - id: post
                    source: /a/*
                    target: /c/*
                    code: 307
                    methods: [POST]
                  - id: partial
                    source: ~^/a/[0-9]+$
                    target: /d
                    code: 307
                  - id: later
                    source: /a/x
                    target: /e
                    code: 307
                """
            ).isEmpty)
    }
}
