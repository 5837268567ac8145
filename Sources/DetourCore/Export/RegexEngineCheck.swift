/// Applies a target's `RegexEngineLimits` to every regex of a rule — its source and the values of
/// its `when` conditions — for the export pipeline and for DT080 in `check`.
enum RegexEngineCheck {
    /// The rule's regexes with the field each comes from.
    static func regexes(of rule: Rule) -> [(field: String, feature: ExportFeature, regex: PortableRegex)] {
        var out: [(String, ExportFeature, PortableRegex)] = []
        if case .regex(let r) = rule.source.kind { out.append(("source", .regex, r)) }
        for c in rule.allConditions {
            if case .regex(let r) = c.value { out.append(("when \(c.kind.rawValue) \(c.name)", .conditions, r)) }
        }
        return out
    }

    /// The first regex of `rule` that `engine` cannot run, as the error export refuses it with.
    static func refusal(of rule: Rule, line: Int, engine: RegexEngineLimits) -> ExportError? {
        for (field, feature, regex) in regexes(of: rule) {
            if let problem = engine.problem(with: regex) {
                return .unsupportedFeature(rule: rule.id, line: line, feature: feature, why: "\(field) regex '\(regex.pattern)': \(problem)")
            }
        }
        return nil
    }
}
