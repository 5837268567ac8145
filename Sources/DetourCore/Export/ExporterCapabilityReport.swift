/// DT080 for `detour check` and the editor: what one server's exporter refuses of a rule set,
/// decided by the export itself (a lenient export whose left-out rules are the refusals), so a
/// rule-level refusal — a gateway precedence that would reorder rules, a `;` Traefik cannot
/// carry in a query value — is reported by `check` exactly as `export` would refuse it.
public struct ExporterCapabilityReport: ExportCapabilityReport {
    public let kind: ServerKind
    public var server: String { kind.name }

    public init(_ kind: ServerKind) {
        self.kind = kind
    }

    /// Reports for the servers a site exports to (`site.exports`), the ones `check` should judge.
    public static func forExports(of site: SiteSettings) -> [ExporterCapabilityReport] {
        var seen: Set<ServerKind> = []
        return site.exports.compactMap { ServerTargets.named($0.server)?.kind }.filter { seen.insert($0).inserted }.map(ExporterCapabilityReport.init)
    }

    /// The rules a lenient export of `set` at `now` leaves out, with why. An export that fails as a
    /// whole (an option the target cannot take) is `export`'s error to report, not a rule's.
    public func refusals(in set: RuleSet, now: Timestamp) -> [ExportRuleRefusal] {
        let options = ExportOptions(directory: ExportTally.scratchDirectory, now: now, lenient: true)
        guard let output = try? kind.target.exporter.export(set, options: options), !output.omissions.isEmpty else { return [] }
        var indexByID: [String: [Int]] = [:]
        for (i, rule) in set.rules.enumerated() { indexByID[rule.id, default: []].append(i) }
        return output.omissions.compactMap { omission in
            // Ids may repeat (DT040 reports that): the line tells such rules apart.
            guard let candidates = indexByID[omission.ruleID] else { return nil }
            let index =
                candidates.first { set.lines.indices.contains($0) && set.lines[$0] == omission.line } ?? candidates[0]
            return ExportRuleRefusal(ruleIndex: index, what: Self.what(omission))
        }
    }

    /// The words after "nginx cannot": `enforce rollout by ip (why)`, `write ';' in the target (why)`.
    static func what(_ omission: ExportOmission) -> String {
        switch omission.error {
        case .unsupportedFeature(_, _, let feature, let why)?: return "enforce \(feature) (\(why))"
        case .unsafeCharacter(_, _, let field, let character, let reason)?: return "write \(character) in the \(field) (\(reason))"
        case .invalidOption(let message)?: return "export this rule (\(message))"
        case nil: return "export this rule (\(omission.reason))"
        }
    }
}
