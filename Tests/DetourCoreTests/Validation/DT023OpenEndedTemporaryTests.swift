import Testing

@testable import DetourCore

@Suite struct DT023OpenEndedTemporaryTests {
    @Test func noExpiryOrFarAway() throws {
        let f = try V.run(
            OpenEndedTemporaryCheck(),
            """
              - id: none
                source: /a
                target: /b
                code: 302
              - id: far
                source: /c
                target: /d
                code: 307
                expires: 2028-06-01T00:00:00Z
            """)
        #expect(f.map(\.rules.first) == ["none", "far"])
        #expect(f.allSatisfy { $0.severity == .info })
    }

    @Test func nearExpiryOrPermanent() throws {
        #expect(
            try V.run(
                OpenEndedTemporaryCheck(),
                """
                  - id: soon
                    source: /a
                    target: /b
                    code: 307
                    expires: 2027-01-01T00:00:00Z
                  - id: perm
                    source: /c
                    target: /d
                    code: 301
                """
            ).isEmpty)
    }

    @Test func theClockDecides() throws {
        let rules = """
              - id: t
                source: /a
                target: /b
                code: 307
                expires: 2028-06-01T00:00:00Z
            """
        #expect(try V.run(OpenEndedTemporaryCheck(), rules).count == 1)
        #expect(try V.run(OpenEndedTemporaryCheck(), rules, now: Timestamp(rfc3339: "2027-12-01T00:00:00Z")!).isEmpty)
    }
}
