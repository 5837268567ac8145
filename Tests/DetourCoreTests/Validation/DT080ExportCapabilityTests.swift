import Testing

@testable import DetourCore

/// A capability report as an exporter would give it: this server has no time conditions.
struct NoTimeWindows: ExportCapabilityReport {
    let server = "nginx"
    func unsupportedFeatures(of rule: Rule, site: SiteSettings) -> [(feature: String, refusedWhenStrict: Bool)] {
        rule.expires != nil || rule.starts != nil ? [("a time window", true)] : []
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
