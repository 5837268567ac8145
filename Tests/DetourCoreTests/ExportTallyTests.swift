import Testing

@testable import DetourCore

/// What `export --to all` and the export dialog say about one target: refusals grouped by reason,
/// most frequent first, and a failed export as its own row.
struct ExportTallyTests {
    func rule(_ id: String, _ edit: (inout Rule) -> Void = { _ in }) throws -> Rule {
        var r = Rule(
            id: id, source: try Source.parse("/" + id), target: try Target.parse("/to-" + id, captureCount: 0, sourceIsPrefix: false),
            code: .temporaryRedirect)
        edit(&r)
        return r
    }

    @Test("refusals are counted by reason, the most frequent first, with their rules in file order")
    func groupedByReason() throws {
        let rules = [
            try rule("window") { $0.expires = Timestamp(rfc3339: "2030-01-01T00:00:00Z") },
            try rule("cookie-a") { $0.rollout = Rollout(basisPoints: 1000, key: .cookie("uid")) },
            try rule("plain"),
            try rule("cookie-b") { $0.rollout = Rollout(basisPoints: 2000, key: .cookie("uid")) }
        ]
        let set = RuleSet(rules: rules, lines: [1, 2, 3, 4])
        let options = ExportOptions(directory: "/tmp/detour-tally", now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
        let envoy = try ExportTally.of(set, target: EnvoyTarget(), options: options).get()
        #expect(envoy.exportedRules == 1)
        #expect(envoy.refusals.map(\.reason) == ["rollout by cookie", "time window"])
        #expect(envoy.refusals.map(\.ruleIDs) == [["cookie-a", "cookie-b"], ["window"]])
        #expect(envoy.sentence == "1 of 4 rules; 3 refused: rollout by cookie (2), time window (1)")
        #expect(envoy.residualDifferences == EnvoyTarget().residualDifferences.count)
        let nginx = try ExportTally.of(set, target: NginxTarget(), options: options).get()
        #expect(nginx.isComplete && nginx.sentence == "all 4 rules")
        #expect(try ExportTally.of(RuleSet(rules: [], lines: []), target: NginxTarget(), options: options).get().sentence == "no rules to export")
    }

    @Test("a target that cannot export at all is a row of its own; cells cannot break the table")
    func failedRow() {
        let failed = ExportSummaryTable.Row(
            target: "x", result: .failure(ExportRefusal(errors: [.invalidOption("the directory holds '|'")])), folder: nil, note: "a | b")
        let ok = ExportSummaryTable.Row(
            target: "y", result: .success(ExportTally(target: "y", exportedRules: 2, refusals: [], residualDifferences: 1)), folder: "y",
            note: "all 2 rules")
        let table = ExportSummaryTable(rows: [ok, failed], sourceFile: "r.yaml")
        #expect(!table.isComplete)
        #expect(table.table.contains("| y | 2 | 0 | - | 1 | y/ | all 2 rules |\n"))
        #expect(table.table.contains("| x | 0 | - | export failed: the directory holds '\\|' | - | not written | a \\| b |\n"))
        #expect(ExportSummaryTable(rows: [ok], sourceFile: "r.yaml").isComplete)
    }
}
