import Testing

@testable import DetourCore

@Suite struct DT070InvalidFieldTests {
    @Test func fieldsThatLoadButCannotWork() throws {
        let f = try V.run(
            InvalidFieldCheck(),
            """
              - id: pct
                source: /a
                target: /b%zz
                code: 302
              - id: utf
                source: /c
                target: /café
                code: 302
              - id: user
                source: /d
                target: https://user:pw@api-v2.example.com/
                code: 302
              - id: nomethods
                source: /e
                target: /f
                code: 302
                methods: []
            """)
        // `/café` is an IRI, sent as `/caf%C3%A9` (IRITests): not a finding.
        #expect(f.map(\.rules.first) == ["pct", "user", "nomethods"])
    }

    @Test func wellFormedFieldsPass() throws {
        #expect(
            try V.run(
                InvalidFieldCheck(),
                """
                  - id: ok
                    source: /a%20b
                    target: /caf%C3%A9
                    code: 302
                    methods: [GET]
                """
            ).isEmpty)
    }
}
