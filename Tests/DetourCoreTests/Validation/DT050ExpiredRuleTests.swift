import Testing

@testable import DetourCore

@Suite struct DT050ExpiredRuleTests {
    let rules = """
          - id: old
            source: /a
            target: /b
            code: 307
            expires: 2026-06-01T00:00:00Z
          - id: current
            source: /c
            target: /d
            code: 307
            expires: 2027-06-01T00:00:00Z
        """

    @Test func expiredAtTheGivenClock() throws {
        let set = try V.set(rules)
        let f = V.run(ExpiredRuleCheck(), set: set)
        #expect(f.map(\.rules.first) == ["old"])
        #expect(f[0].fix!.apply(to: set).rules.map(\.id) == ["current"])
        #expect(V.run(ExpiredRuleCheck(), set: set, now: Timestamp(rfc3339: "2027-07-01T00:00:00Z")!).count == 2)
        #expect(V.run(ExpiredRuleCheck(), set: set, now: Timestamp(rfc3339: "2026-01-01T00:00:00Z")!).isEmpty)
    }
}
