import Testing

@testable import DetourCore

@Suite struct DT060SelfRedirectTests {
    @Test func targetIsTheSource() throws {
        let f = try V.run(
            SelfRedirectCheck(),
            """
              - id: same
                source: /self
                target: /self
                code: 302
              - id: pre
                source: /p/*
                target: /p/*
                code: 302
              - id: abs
                host: example.com
                source: /x
                target: https://example.com/x
                code: 301
            """)
        #expect(f.map(\.rules.first) == ["same", "pre", "abs"])
    }

    @Test func trailingSlashFoldingMakesSlashVariantsTheSame() throws {
        let rules = """
            rules:
              - id: slash
                source: /a/
                target: /a
                code: 301
            """
        let folded = try V.set("site:\n  hosts: [example.com]\n  trailing_slash: fold\n" + rules, withSite: false)
        #expect(V.run(SelfRedirectCheck(), set: folded).count == 1)
        let exact = try V.set("site:\n  hosts: [example.com]\n" + rules, withSite: false)
        #expect(V.run(SelfRedirectCheck(), set: exact).isEmpty)
    }

    @Test func otherPathOrOtherHostIsNotSelf() throws {
        #expect(
            try V.run(
                SelfRedirectCheck(),
                """
                  - id: other
                    source: /a
                    target: /b
                    code: 302
                  - id: host
                    host: example.com
                    source: /x
                    target: https://www.example.com/x
                    code: 301
                """
            ).isEmpty)
    }
}
