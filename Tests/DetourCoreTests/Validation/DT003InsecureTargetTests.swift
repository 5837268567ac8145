import Testing

@testable import DetourCore

@Suite struct DT003InsecureTargetTests {
    let check = InsecureTargetCheck()

    @Test func plainHTTPCrossOriginAndDowngrade() throws {
        let f = try V.run(
            check,
            """
              - id: cross
                source: /a
                target: http://api-v2.example.com/a
                code: 307
              - id: down
                source: /b
                host: example.com
                target: http://example.com/b
                code: 301
            """)
        #expect(f.map(\.rules.first) == ["cross", "down"])
        #expect(
            f[0].fix?.edits == [.setTarget(rule: "cross", try Target.parse("https://api-v2.example.com/a", captureCount: 0, sourceIsPrefix: false))])
    }

    @Test func httpsAndPathTargetsAreFine() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: a
                    source: /a
                    target: https://api-v2.example.com/a
                    code: 307
                  - id: b
                    source: /b
                    target: /c
                    code: 301
                """
            ).isEmpty)
    }
}
