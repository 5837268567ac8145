/// DT080: an export target cannot enforce a feature a rule uses. The facts come from the exporters
/// through `ExportCapabilityReport`; the validator only turns them into findings for the servers
/// the site exports to.
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
            for (i, rule) in context.rules.enumerated() where rule.enabled {
                for u in report.unsupportedFeatures(of: rule, site: context.ruleSet.site) {
                    out.append(
                        finding(
                            context, rule: i, severity: u.refusedWhenStrict ? .error : .warning,
                            message: "\(report.server) cannot enforce \(u.feature)",
                            why: "The exported configuration would behave differently from the rule file for requests that depend on \(u.feature)."))
                }
            }
        }
        return out
    }
}
