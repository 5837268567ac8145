import Testing

@testable import DetourCore

@Suite struct DT020BodyLosingCodeTests {
    @Test func postUnder301And302() throws {
        let f = try V.run(
            BodyLosingCodeCheck(),
            """
              - id: p
                source: /a
                target: /b
                code: 301
                methods: [POST]
              - id: q
                source: /c
                target: /d
                code: 302
                methods: [GET, DELETE]
            """)
        #expect(f.map(\.rules.first) == ["p", "q"])
        #expect(f[0].fix?.edits == [.setCode(rule: "p", .permanentRedirect)])
        #expect(f[1].fix?.edits == [.setCode(rule: "q", .temporaryRedirect)])
    }

    @Test func getOnlyOrMethodKeepingCodes() throws {
        #expect(
            try V.run(
                BodyLosingCodeCheck(),
                """
                  - id: g
                    source: /a
                    target: /b
                    code: 301
                    methods: [GET, HEAD]
                  - id: k
                    source: /c
                    target: /d
                    code: 307
                    methods: [POST]
                  - id: prg
                    source: /form
                    target: /thanks
                    code: 303
                    methods: [POST]
                """
            ).isEmpty)
    }
}
