/// The summary of `detour export --to all`: one Markdown table row per target (what it exported,
/// what it refused and why, counted, and how many residual differences its README lists), then the
/// refused rules by target and reason. Printed on stdout and written as `DIR/SUMMARY.md`.
public struct ExportSummaryTable: Sendable {
    /// One target's outcome.
    public struct Row: Sendable {
        public let target: String
        /// The tally, or the reason the whole export failed.
        public let result: Result<ExportTally, ExportRefusal>
        /// The folder written, relative to DIR; nil when nothing was written.
        public let folder: String?
        /// The target's own sentence (`exportSummary(for:)`).
        public let note: String

        public init(target: String, result: Result<ExportTally, ExportRefusal>, folder: String?, note: String) {
            self.target = target
            self.result = result
            self.folder = folder
            self.note = note
        }
    }

    public let rows: [Row]
    public let sourceFile: String

    public init(rows: [Row], sourceFile: String) {
        self.rows = rows
        self.sourceFile = sourceFile
    }

    /// Whether every target exported every rule.
    public var isComplete: Bool {
        rows.allSatisfy { if case .success(let t) = $0.result { return t.isComplete } else { return false } }
    }

    /// The table alone (stdout).
    public var table: String {
        var s = "| target | exported | refused | reasons | residual differences | folder | summary |\n"
        s += "|---|---:|---:|---|---:|---|---|\n"
        for r in rows {
            let folder = r.folder.map { $0 + "/" } ?? "not written"
            switch r.result {
            case .success(let t):
                let reasons = t.refusals.isEmpty ? "-" : t.refusals.map { "\($0.reason) (\($0.ruleIDs.count))" }.joined(separator: ", ")
                s +=
                    "| \(r.target) | \(t.exportedRules) | \(t.refusedRules) | \(Self.cell(reasons)) | \(t.residualDifferences) | \(folder) | \(Self.cell(r.note)) |\n"
            case .failure(let refusal):
                let why = refusal.errors.first.map(\.description) ?? "refused"
                s += "| \(r.target) | 0 | - | \(Self.cell("export failed: " + why)) | - | \(folder) | \(Self.cell(r.note)) |\n"
            }
        }
        return s
    }

    /// `SUMMARY.md`: the table, then which rules each target refused, by reason.
    public var markdown: String {
        var s = "# Detour export of \(sourceFile) to every target\n\n" + table
        var details = ""
        for r in rows {
            guard case .success(let t) = r.result, !t.isComplete else { continue }
            details += "\n## \(r.target)\n\n"
            for refusal in t.refusals {
                let shown = refusal.ruleIDs.prefix(20).joined(separator: ", ")
                let more = refusal.ruleIDs.count > 20 ? " and \(refusal.ruleIDs.count - 20) more" : ""
                details += "- \(refusal.reason) (\(ExportTally.rules(refusal.ruleIDs.count))): \(shown)\(more)\n"
            }
        }
        if !details.isEmpty { s += "\n# Refused rules\n" + details }
        s += "\nEach folder holds what `detour export --to TARGET -o DIR/TARGET` writes, with a README of the residual differences.\n"
        return s
    }

    /// A table cell: `|` would end it and a newline would end the row.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
