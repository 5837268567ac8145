import DetourCore

/// The validator's findings for one revision of the rules, prepared off the input path: sorted for
/// the findings panel (severity, then rule order, then check), grouped per rule for the detail
/// pane and the table's glyphs, and counted for the title bar. Building it is the slow part, so
/// it happens on the validation thread and the editor only swaps it in.
public struct FindingsIndex: Sendable {
    /// The undo serial of the rules these findings describe.
    public let revision: Int
    /// Every finding, worst first, then in rule order.
    public let sorted: [Finding]
    /// Positions in `sorted` of the findings whose rules include the id.
    public let byRule: [String: [Int]]
    public let summary: FindingsSummary

    public init(revision: Int, findings: [Finding]) {
        self.revision = revision
        // The validator returns file order; a stable sort by severity keeps that order inside
        // each severity.
        let sorted = findings.enumerated().sorted { a, b in
            (a.element.severity, a.offset) < (b.element.severity, b.offset)
        }.map(\.element)
        var byRule: [String: [Int]] = [:]
        var worst: [String: FindingsSummary.Severity] = [:]
        var errors = 0
        var warnings = 0
        var infos = 0
        for (position, finding) in sorted.enumerated() {
            switch finding.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
            for id in Set(finding.rules) {
                byRule[id, default: []].append(position)
                // Sorted worst first, so the first finding seen for a rule is its worst.
                if worst[id] == nil { worst[id] = FindingsIndex.summarySeverity(finding.severity) }
            }
        }
        self.sorted = sorted
        self.byRule = byRule
        summary = FindingsSummary(errors: errors, warnings: warnings, infos: infos, worstByRule: worst)
    }

    /// The findings that involve rule `id`, worst first.
    public func findings(forRule id: String) -> [Finding] {
        (byRule[id] ?? []).map { sorted[$0] }
    }

    static func summarySeverity(_ s: Severity) -> FindingsSummary.Severity {
        switch s {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        }
    }
}

extension Severity {
    /// The one-letter glyph the table and panels show (meaning never rests on colour alone).
    var glyph: String {
        switch self {
        case .error: return "E"
        case .warning: return "W"
        case .info: return "I"
        }
    }

    var themeRole: ThemeRole {
        switch self {
        case .error: return .severityError
        case .warning: return .severityWarning
        case .info: return .severityInfo
        }
    }
}
