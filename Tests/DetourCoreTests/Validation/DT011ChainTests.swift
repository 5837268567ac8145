import Testing

@testable import DetourCore

@Suite struct DT011ChainTests {
    let check = ChainCheck()

    @Test func exactChainWithFlatteningFix() throws {
        let set = try V.set(
            """
              - id: a
                source: /a
                target: /b
                code: 301
              - id: b
                source: /b
                target: /c
                code: 301
            """)
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        #expect(f[0].rules == ["a", "b"])
        #expect(f[0].message == "chain: https://example.com/a → https://example.com/b → https://example.com/c")
        #expect(V.walk(set, f[0].witness[0]).rules == ["a", "b"])
        let fixed = try #require(f[0].fix).apply(to: set)
        #expect(fixed.rules[0].target.text == "/c")
        #expect(V.run(check, set: fixed).isEmpty)
    }

    @Test func prefixChainComposes() throws {
        let set = try V.set(
            """
              - id: a
                source: /old/*
                target: /mid/*
                code: 301
              - id: b
                source: /mid/*
                target: /new/*
                code: 301
            """)
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        #expect(V.walk(set, f[0].witness[0]).rules == ["a", "b"])
        let fixed = try #require(f[0].fix).apply(to: set)
        #expect(fixed.rules[0].target.text == "/new/*")
    }

    @Test func regexChainFoundByIntersection() throws {
        let set = try V.set(
            """
              - id: p
                source: ~^/p/([0-9]+)$
                target: /q/$1
                code: 301
              - id: q
                source: ~^/q/(7[0-9]*)$
                target: /r/$1
                code: 301
            """)
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        let w = f[0].witness[0]
        #expect(w.path.hasPrefix("/p/7"))
        #expect(V.walk(set, w).rules == ["p", "q"])
    }

    @Test func disjointRegexClassesDoNotChain() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: p
                    source: ~^/p/([0-9]+)$
                    target: /q/$1
                    code: 301
                  - id: q
                    source: ~^/q/([a-z]+)$
                    target: /r/$1
                    code: 301
                """
            ).isEmpty)
    }

    @Test func earlierRuleTakesTheLandingSoLaterDoesNotChain() throws {
        let f = try V.run(
            check,
            """
              - id: a
                source: /a
                target: /b/1
                code: 301
              - id: api
                source: /b/*
                target: https://api-v2.example.com/b/*
                code: 307
              - id: late
                source: ~^/b/[0-9]+$
                target: /c
                code: 301
            """)
        #expect(f.map(\.rules) == [["a", "api"]])
    }

    @Test func chainOnlyForMethodsThatCanWalkIt() throws {
        // After a 303 the client sends GET; b only takes POST.
        #expect(
            try V.run(
                check,
                """
                  - id: a
                    source: /a
                    target: /b
                    code: 303
                  - id: b
                    source: /b
                    target: /c
                    code: 307
                    methods: [POST]
                """
            ).isEmpty)
    }

    @Test func crossHostChainWithinTheSite() throws {
        let set = try V.set(
            """
              - id: bare
                host: example.com
                source: /x
                target: https://www.example.com/y
                code: 301
              - id: www
                host: www.example.com
                source: /y
                target: /z
                code: 301
            """)
        let f = V.run(check, set: set)
        #expect(f.map(\.rules) == [["bare", "www"]])
        #expect(V.walk(set, f[0].witness[0]).rules == ["bare", "www"])
    }
}
