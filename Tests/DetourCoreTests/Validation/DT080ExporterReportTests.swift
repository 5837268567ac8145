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

/// DT080 for refusals that depend on the rule's neighbours or on a value, which no capability
/// table holds: `check` reports them from the export's own decision, as `export` refuses them.
struct DT080RuleLevelRefusalTests {
    func findings(_ yaml: String) throws -> (RuleSet, [Finding]) {
        let set = try TestSupport.yaml(yaml).ruleSet
        let reports = ExporterCapabilityReport.forExports(of: set.site)
        return (set, Validator(checks: [ExportCapabilityCheck()], now: V.now, exportCapabilities: reports).validate(set))
    }

    /// The rules a strict export refuses, by id.
    func refusedByExport(_ set: RuleSet, _ server: ServerKind) throws -> [String] {
        do {
            _ = try Exporters.exporter(for: server).export(set, options: ExportOptions(directory: TestSupport.tempDir(), now: V.now))
            return []
        } catch let refusal as ExportRefusal {
            return refusal.errors.compactMap(\.ruleID)
        }
    }

    @Test func gatewayPrecedenceThatWouldReorderRulesIsDT080() throws {
        let (set, f) = try findings(
            """
            site:
              hosts: [example.com]
              exports: [{to: gateway}]
            rules:
              - {id: all, source: /, target: /home, code: 301}
              - {id: wide, source: /*, target: /new, code: 301}
              - {id: narrow, source: /shop/cart, target: /cart, code: 301}
            """)
        #expect(f.map(\.rules) == [["narrow"]])
        #expect(f.first?.severity == .error)
        #expect(f.first?.message.hasPrefix("gateway cannot ") == true)
        #expect(f.first?.message.contains("above rule wide") == true)
        #expect(try refusedByExport(set, .gateway) == ["narrow"])
    }

    @Test func traefikSemicolonInAQueryValueIsDT080() throws {
        let (set, f) = try findings(
            """
            site:
              hosts: [example.com]
              exports: [{to: traefik}, {to: nginx}]
            rules:
              - {id: semi, source: /a, target: /b, code: 301, when: {query: {ref: "x;y"}}}
              - {id: plain, source: /c, target: /d, code: 301, when: {query: {ref: xy}}}
            """)
        #expect(f.map(\.rules) == [["semi"]])
        #expect(f.first?.message.hasPrefix("traefik cannot enforce conditions") == true)
        #expect(f.first?.message.contains("';'") == true)
        #expect(try refusedByExport(set, .traefik) == ["semi"])
        #expect(try refusedByExport(set, .nginx) == [])
    }

    @Test func aRuleExportWouldSkipAnywayIsNotReported() throws {
        // Expired at `now`: the export leaves it out as exact, so there is nothing to refuse.
        let (_, f) = try findings(
            """
            site:
              hosts: [example.com]
              exports: [{to: traefik}]
            rules:
              - {id: old, source: /a, target: /b, code: 301, when: {query: {ref: "x;y"}}, expires: 2026-01-01T00:00:00Z}
            """)
        #expect(f.isEmpty)
    }
}
