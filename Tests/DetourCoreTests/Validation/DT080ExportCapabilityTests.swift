import Testing

@testable import DetourCore

/// A capability report as an exporter would give it: this server has no time conditions.
struct NoTimeWindows: ExportCapabilityReport {
    let server = "nginx"
    func refusals(in set: RuleSet, now: Timestamp) -> [ExportRuleRefusal] {
        set.rules.indices.filter { set.rules[$0].expires != nil || set.rules[$0].starts != nil }.map {
            ExportRuleRefusal(ruleIndex: $0, what: "enforce a time window")
        }
    }
}

@Suite struct DT080ExportCapabilityTests {
    let rules = """
          - id: timed
            source: /a
            target: /b
            code: 307
            expires: 2027-01-01T00:00:00Z
          - id: plain
            source: /c
            target: /d
            code: 307
        """

    @Test func reportsWhatTheExporterCannotEnforce() throws {
        let f = Validator(checks: [ExportCapabilityCheck()], now: V.now, exportCapabilities: [NoTimeWindows()]).validate(try V.set(rules))
        #expect(f.map(\.rules.first) == ["timed"])
        #expect(f[0].severity == .error)
        #expect(f[0].message == "nginx cannot enforce a time window")
    }

    @Test func silentWithoutExporters() throws {
        #expect(try V.run(ExportCapabilityCheck(), rules).isEmpty)
    }
}
