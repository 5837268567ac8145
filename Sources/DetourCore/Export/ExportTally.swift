/// What one target keeps and refuses of a rule set: the rules it exports, the rules it refuses
/// grouped by reason (a DT080 feature, or the rule field it cannot write safely), and how many
/// residual differences its README lists. `detour export --to all` tabulates it and each target's
/// `exportSummary(for:)` says it in one sentence for the editor's export dialog.
public struct ExportTally: Sendable, Hashable {
    /// One reason for refusing rules, with the rules it refused in file order.
    public struct Refusal: Sendable, Hashable {
        public let reason: String
        public let ruleIDs: [String]
    }

    public let target: String
    public let exportedRules: Int
    public let refusals: [Refusal]
    public let residualDifferences: Int

    public var refusedRules: Int { refusals.reduce(0) { $0 + $1.ruleIDs.count } }
    public var isComplete: Bool { refusals.isEmpty }

    public init(target: String, exportedRules: Int, refusals: [Refusal], residualDifferences: Int) {
        self.target = target
        self.exportedRules = exportedRules
        self.refusals = refusals
        self.residualDifferences = residualDifferences
    }

    /// The tally of a lenient export: its omissions grouped by reason, most frequent first (ties in
    /// the order they first occur).
    public init(_ output: ExportOutput, target: any ServerTarget) {
        var order: [String] = []
        var rules: [String: [String]] = [:]
        for o in output.omissions {
            let reason = o.error.map(Self.reason) ?? "other"
            if rules[reason] == nil { order.append(reason) }
            rules[reason, default: []].append(o.ruleID)
        }
        let refusals = order.enumerated().sorted { a, b in
            let (x, y) = (rules[a.element]!.count, rules[b.element]!.count)
            return x != y ? x > y : a.offset < b.offset
        }.map { Refusal(reason: $0.element, ruleIDs: rules[$0.element]!) }
        self.init(
            target: target.name, exportedRules: output.exportedRuleCount, refusals: refusals, residualDifferences: target.residualDifferences.count)
    }

    /// The short reason a refusal is counted under: the DT080 feature (`scheme`, `rollout by
    /// cookie`) or the field that cannot be written (`unsafe target`).
    public static func reason(_ error: ExportError) -> String {
        switch error {
        case .unsupportedFeature(_, _, let feature, _): return feature.description
        case .unsafeCharacter(_, _, let field, _, _): return "unsafe \(field)"
        case .invalidOption(let message): return message
        }
    }

    /// The tally of `target`'s lenient export of `set`, or the reason the whole export fails (an
    /// export directory or option the target cannot hold).
    public static func of(_ set: RuleSet, target: any ServerTarget, options: ExportOptions) -> Result<ExportTally, ExportRefusal> {
        var lenient = options
        lenient.lenient = true
        do {
            return .success(ExportTally(try target.exporter.export(set, options: lenient), target: target))
        } catch let refusal as ExportRefusal {
            return .failure(refusal)
        } catch {
            return .failure(ExportRefusal(errors: [.invalidOption("\(error)")]))
        }
    }

    /// One sentence for the export dialog: `all 12 rules`, `10 of 12 rules; 2 refused: scheme (2)`.
    public var sentence: String {
        let total = exportedRules + refusedRules
        guard !isComplete else { return total == 0 ? "no rules to export" : "all \(Self.rules(total))" }
        let reasons = refusals.map { "\($0.reason) (\($0.ruleIDs.count))" }.joined(separator: ", ")
        return "\(exportedRules) of \(Self.rules(total)); \(refusedRules) refused: \(reasons)"
    }

    /// The directory a summary's export pretends to write to (nothing is written).
    public static let scratchDirectory = "/tmp/detour-export"

    static func rules(_ n: Int) -> String { "\(n) rule\(n == 1 ? "" : "s")" }
}
