/// Why a rule read from a file cannot work as written: a field whose text is readable but does not
/// give a value (a regex outside the portable subset, `$2` with one group, a code of 305). The rule
/// is kept, as written, and reported as a DT070 finding at `line`:`column`; matching, simulation,
/// export and verify leave it out, and the editor lets the user fix it in the form.
public struct RuleProblem: Sendable, Hashable {
    /// The rule field table column the problem is in (`source`, `target`, `code`, …).
    public let field: String
    /// The field's text as written, so the form shows it for fixing.
    public let text: String
    public let message: String
    /// Where in the file the problem is, 1-based (0 when the rule comes from no file).
    public let line: Int
    public let column: Int

    /// The fields written as one scalar whose text a problem keeps whole: a writer writes it
    /// back and the editor's form shows it.
    public static let scalarFields: Set<String> = ["host", "scheme", "source", "target", "code", "query", "cache", "starts", "expires"]

    /// The YAML key of the field (`rollout` for the `rollout_by` column).
    var key: String { field == "rollout_by" ? "rollout" : field }

    public init(field: String, text: String, message: String, line: Int, column: Int) {
        self.field = field
        self.text = text
        self.message = message
        self.line = line
        self.column = column
    }
}

extension Source {
    /// A source kept only as its text (a rule whose source does not parse): it is never matched,
    /// because rules with problems are left out of matching.
    public static func unparsed(_ text: String) -> Source { Source(kind: .exact(text), text: text) }
}

extension Target {
    /// A target kept only as its text (a rule whose target does not parse, or whose source did not).
    public static func unparsed(_ text: String) -> Target { Target(parts: [], text: text) }
}

extension RuleSet {
    /// Whether any rule has problems (and so is left out of matching, simulation and export).
    public var hasInvalidRules: Bool { rules.contains { $0.isInvalid } }

    /// The rules with problems, each with its index and line.
    public var invalidRules: [(index: Int, rule: Rule, line: Int)] {
        rules.indices.filter { rules[$0].isInvalid }.map { ($0, rules[$0], lines.indices.contains($0) ? lines[$0] : 0) }
    }

    /// The rule set without the rules that have problems: what simulate, export and verify work on.
    /// The same set when no rule has problems.
    public func withoutInvalidRules() -> RuleSet {
        guard hasInvalidRules else { return self }
        var out = RuleSet(site: site, rules: [], lines: [])
        for i in rules.indices where !rules[i].isInvalid {
            out.rules.append(rules[i])
            out.lines.append(lines.indices.contains(i) ? lines[i] : 0)
        }
        return out
    }

    /// One line per rule left out for its problems, `file:line:column: skipping rule 'id': message`,
    /// for the commands that leave such rules out.
    public func skippedRuleMessages(file: String) -> [String] {
        invalidRules.map { entry in
            let p = entry.rule.problems[0]
            let more = entry.rule.problems.count > 1 ? " (and \(entry.rule.problems.count - 1) more)" : ""
            return "\(file):\(p.line):\(p.column): skipping rule '\(entry.rule.id)', it cannot work as written: \(p.message)\(more) (DT070)"
        }
    }
}
