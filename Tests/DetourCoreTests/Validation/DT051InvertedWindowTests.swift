import Testing

@testable import DetourCore

@Suite struct DT051InvertedWindowTests {
    @Test func startsNotBeforeExpires() throws {
        let f = try V.run(
            InvertedWindowCheck(),
            """
              - id: bad
                source: /a
                target: /b
                code: 307
                starts: 2027-02-01T00:00:00Z
                expires: 2027-01-01T00:00:00Z
              - id: same
                source: /c
                target: /d
                code: 307
                starts: 2027-01-01T00:00:00Z
                expires: 2027-01-01T00:00:00Z
              - id: good
                source: /e
                target: /f
                code: 307
                starts: 2027-01-01T00:00:00Z
                expires: 2027-02-01T00:00:00Z
            """)
        #expect(f.map(\.rules.first) == ["bad", "same"])
    }
}
