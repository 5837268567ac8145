import Testing

@testable import DetourCore

@Suite struct DT013MethodDowngradeChainTests {
    let check = MethodDowngradeChainCheck()

    @Test func preservedThenDropped() throws {
        let set = try V.set(
            """
              - id: keep
                source: /api/v1/orders
                target: /api/v2/orders
                code: 307
                methods: [POST]
              - id: drop
                source: /api/v2/orders
                target: /api/v3/orders
                code: 302
            """)
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        #expect(f[0].witness.first?.method == "POST")
        #expect(f[0].fix?.edits == [.setCode(rule: "drop", .temporaryRedirect)])
        #expect(V.run(check, set: f[0].fix!.apply(to: set)).isEmpty)
    }

    @Test func preservedAllTheWayOrGetOnly() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: keep
                    source: /a
                    target: /b
                    code: 307
                  - id: keep2
                    source: /b
                    target: /c
                    code: 308
                  - id: get
                    source: /g
                    target: /h
                    code: 307
                    methods: [GET]
                  - id: h
                    source: /h
                    target: /i
                    code: 301
                """
            ).isEmpty)
    }
}
