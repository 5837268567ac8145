import Testing

@testable import DetourCore

@Suite struct DT022PermanentExpiryTests {
    @Test func permanentWithExpires() throws {
        let f = try V.run(
            PermanentExpiryCheck(),
            """
              - id: p
                source: /a
                target: /b
                code: 308
                expires: 2027-01-01T00:00:00Z
            """)
        #expect(f.count == 1 && f[0].fix?.edits == [.setCode(rule: "p", .temporaryRedirect)])
    }

    @Test func temporaryWithExpiresOrPermanentWithout() throws {
        #expect(
            try V.run(
                PermanentExpiryCheck(),
                """
                  - id: t
                    source: /a
                    target: /b
                    code: 307
                    expires: 2027-01-01T00:00:00Z
                  - id: p
                    source: /c
                    target: /d
                    code: 301
                """
            ).isEmpty)
    }
}
