import Testing

@testable import DetourCore

@Suite struct DT031MaxAgeBeyondWindowTests {
    @Test func maxAgeLongerThanWhatIsLeft() throws {
        let f = try V.run(
            MaxAgeBeyondWindowCheck(),
            """
              - id: m
                source: /a
                target: /b
                code: 302
                cache: public, max-age=86400
                expires: 2026-11-25T01:00:00Z
            """)
        #expect(f.count == 1 && f[0].fix?.edits == [.setCache(rule: "m", .noStore)])
    }

    @Test func maxAgeInsideTheWindow() throws {
        #expect(
            try V.run(
                MaxAgeBeyondWindowCheck(),
                """
                  - id: m
                    source: /a
                    target: /b
                    code: 302
                    cache: max-age=3600
                    expires: 2027-11-25T00:00:00Z
                  - id: n
                    source: /c
                    target: /d
                    code: 308
                    cache: max-age=3600
                """
            ).isEmpty)
    }
}
