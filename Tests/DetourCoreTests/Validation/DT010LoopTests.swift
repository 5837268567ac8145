import Testing

@testable import DetourCore

@Suite struct DT010LoopTests {
    let check = LoopCheck()

    @Test func twoExactRulesPointingAtEachOther() throws {
        let set = try V.set(
            """
              - id: a
                source: /a
                target: /b
                code: 301
              - id: b
                source: /b
                target: /a
                code: 301
            """)
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        #expect(Set(f[0].rules) == ["a", "b"])
        #expect(f[0].message == "loop: /a → /b → /a")
        let w = try #require(f[0].witness.first)
        #expect(V.walk(set, w).end == "loop")
    }

    @Test func wwwRuleWithoutHostLoopsOnWww() throws {
        let set = try V.set(
            """
              - id: www
                source: /*
                target: https://www.example.com/*
                code: 301
            """)
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        #expect(V.walk(set, f[0].witness[0]).end == "loop")
        // Near miss: the same rule limited to the bare host ends on www.
        #expect(
            try V.run(
                check,
                """
                  - id: www
                    host: example.com
                    source: /*
                    target: https://www.example.com/*
                    code: 301
                """
            ).isEmpty)
    }

    @Test func regexRulesLoopThroughCaptures() throws {
        let set = try V.set(
            """
              - id: x
                source: ~^/x/([0-9]+)$
                target: /y/$1
                code: 302
              - id: y
                source: ~^/y/([0-9]+)$
                target: /x/$1
                code: 302
            """)
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        #expect(V.walk(set, f[0].witness[0]).end == "loop")
    }

    @Test func growingPathIsNotALoop() throws {
        // /a/x → /a/b/x → /a/b/b/x … never revisits a URL: DT012's business, not DT010's.
        #expect(
            try V.run(
                check,
                """
                  - id: grow
                    source: /a/*
                    target: /a/b/*
                    code: 302
                """
            ).isEmpty)
    }

    @Test func methodBreaksTheCycle() throws {
        // a takes only POST; after b's 303 the client sends GET, which a does not take.
        #expect(
            try V.run(
                check,
                """
                  - id: a
                    source: /a
                    target: /b
                    code: 307
                    methods: [POST]
                  - id: b
                    source: /b
                    target: /a
                    code: 303
                """
            ).isEmpty)
    }
}
