/// DT080: an export target cannot carry a rule exactly. The facts come from the exporters through
/// `ExportCapabilityReport` (the export's own decision, rule-level refusals included); the validator
/// only turns them into findings for the servers the site exports to.
public struct ExportCapabilityCheck: Check {
    public init() {}
    public let id = "DT080"
    public let name = "export-capability"
    public let severity = Severity.warning
    public let summary =
        "An export target cannot enforce a feature the rule uses (for example expiry on a server without time conditions); an error when exporting strictly."

    public func findings(in context: ValidationContext) -> [Finding] {
        let targets = Set(context.ruleSet.site.exports.map { $0.server.lowercased() })
        var out: [Finding] = []
        for report in context.exportCapabilities where targets.isEmpty || targets.contains(report.server.lowercased()) {
            for refusal in report.refusals(in: context.ruleSet, now: context.now)
            where context.rules.indices.contains(refusal.ruleIndex) && context.rules[refusal.ruleIndex].enabled {
                out.append(
                    finding(
                        context, rule: refusal.ruleIndex, severity: refusal.refusedWhenStrict ? .error : .warning,
                        message: "\(report.server) cannot \(refusal.what)",
                        why:
                            "A strict export to \(report.server) refuses this rule and a lenient one leaves it out, so the server would not answer as the rule file says."
                    ))
            }
        }
        return out
    }
}
