/// DT080 for `detour check` and the editor: what one server's exporter would refuse of a rule,
/// judged with the same preparation and capability table the export itself uses.
public struct ExporterCapabilityReport: ExportCapabilityReport {
    public let kind: ServerKind
    public var server: String { kind.name }
    private let table: CapabilityTable
    private let regexEngine: RegexEngineLimits

    public init(_ kind: ServerKind) {
        self.kind = kind
        table = kind.target.capabilities
        regexEngine = kind.target.regexEngine
    }

    /// Reports for the servers a site exports to (`site.exports`), the ones `check` should judge.
    public static func forExports(of site: SiteSettings) -> [ExporterCapabilityReport] {
        var seen: Set<ServerKind> = []
        return site.exports.compactMap { ServerTargets.named($0.server)?.kind }.filter { seen.insert($0).inserted }.map(ExporterCapabilityReport.init)
    }

    public func unsupportedFeatures(of rule: Rule, site: SiteSettings) -> [(feature: String, refusedWhenStrict: Bool)] {
        do {
            let prepared = try PreparedRule(rule: rule, line: 0, index: 0, site: site)
            let missing = ExportFeature.allCases.filter { prepared.features.contains($0) && !table.supports($0) }.map {
                ("\($0) (\(table.support[$0]?.explanation ?? "no exact translation yet"))", true)
            }
            if !missing.isEmpty { return missing }
            guard let refusal = RegexEngineCheck.refusal(of: rule, line: 0, engine: regexEngine),
                case .unsupportedFeature(_, _, let feature, let why) = refusal
            else { return [] }
            return [("\(feature) (\(why))", true)]
        } catch let e as ExportError {
            return [("this rule: \(e)", true)]
        } catch {
            return [("this rule: \(error)", true)]
        }
    }
}
