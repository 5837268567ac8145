import Testing

@testable import DetourCore

@Suite struct DT002DangerousSchemeTests {
    let check = DangerousSchemeCheck()

    @Test func javascriptAndDataTargets() throws {
        let f = try V.run(
            check,
            """
              - id: js
                source: /js
                target: javascript:alert(1)
                code: 302
              - id: data
                source: /d
                target: data:text/html,x
                code: 302
            """)
        #expect(f.map(\.rules) == [["js"], ["data"]])
        #expect(f[0].message.contains("javascript:"))
    }

    @Test func captureThatCanStartWithAScheme() throws {
        let f = try V.run(
            check,
            """
              - id: any
                source: ~^/to/([a-z]+:[a-z]+)$
                target: $1
                code: 302
            """)
        #expect(f.count == 1)
        // A word and a colon can also be the other web scheme: `https:evil` from an http page is
        // the host evil (WHATWG), so DT001 reports it too, with its own witness.
        let offSite = try V.run(
            OpenRedirectCheck(),
            """
              - id: any
                source: ~^/to/([a-z]+:[a-z]+)$
                target: $1
                code: 302
            """)
        #expect(offSite.count == 1)
        #expect(offSite.first?.message.contains("can produce http") == true)
    }

    @Test func schemeTextInsideAPathIsFine() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: p
                    source: /p
                    target: https://example.com/javascript:alert(1)
                    code: 302
                  - id: q
                    source: ~^/q/([a-z]+)$
                    target: /go/$1:x
                    code: 302
                """
            ).isEmpty)
    }
}
