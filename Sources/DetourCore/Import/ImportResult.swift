/// The outcome of an import: the rules (in Detour's first-match order) and the report.
public struct ImportResult: Sendable {
    public var ruleSet: RuleSet
    public var report: ImportReport

    public init(ruleSet: RuleSet, report: ImportReport) {
        self.ruleSet = ruleSet
        self.report = report
    }
}
