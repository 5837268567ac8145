import Testing

@testable import DetourCore

/// DT080 fed by the real exporters: `check` warns about exactly what `export --to` would refuse.
struct DT080ExporterReportTests {
    let text = """
        site:
          hosts: [example.com]
          exports: [{to: traefik}, {to: nginx}]
        rules:
          - {id: canary, source: /a, target: /b, code: 307, cache: no-store, rollout: 20%}
          - {id: plain, source: /c, target: /d, code: 301}
        """

    @Test func reportsOnlyTheDeclaredServersAndOnlyWhatTheyRefuse() throws {
        let set = try TestSupport.yaml(text).ruleSet
        let reports = ExporterCapabilityReport.forExports(of: set.site)
        #expect(reports.map(\.server) == ["traefik", "nginx"])
        let findings = Validator(checks: [ExportCapabilityCheck()], exportCapabilities: reports).validate(set)
        #expect(findings.count == 1)
        #expect(findings.first?.rules == ["canary"])
        #expect(findings.first?.message.hasPrefix("traefik cannot enforce rollout by ip") == true)
    }

    @Test func agreesWithTheExportItself() throws {
        let set = try TestSupport.yaml(text).ruleSet
        #expect(throws: ExportRefusal.self) {
            try Exporters.exporter(for: .traefik).export(set, options: ExportOptions(directory: TestSupport.tempDir()))
        }
        _ = try Exporters.exporter(for: .nginx).export(set, options: ExportOptions(directory: TestSupport.tempDir()))
    }
}
