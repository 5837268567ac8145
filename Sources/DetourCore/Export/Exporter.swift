/// One export target (DESIGN §7): turns a rule set into that server's configuration with Detour's
/// precedence, or refuses with errors naming each rule it cannot carry exactly.
public protocol Exporter: Sendable {
    var capabilities: CapabilityTable { get }
    /// Exports `set`; throws `ExportRefusal` when a strict export meets rules it cannot express.
    func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput
}

/// The exporter of each verified server.
public enum Exporters {
    public static func exporter(for server: ServerKind) -> any Exporter {
        switch server {
        case .nginx: return NginxExporter()
        case .varnish: return VarnishExporter()
        case .haproxy: return HAProxyExporter()
        case .apache: return ApacheExporter()
        case .caddy: return CaddyExporter()
        case .lighttpd: return LighttpdExporter()
        }
    }
}

/// What a server's renderer receives: the rules to write (in precedence order) and the context.
struct ExportPlan: Sendable {
    let rules: [PreparedRule]
    let site: SiteSettings
    let options: ExportOptions
    let header: ExportHeader
}

/// The steps every exporter shares: skip disabled and already-expired rules, prepare the rest,
/// apply the server's capability table and safety checks, then hand the survivors to `render`.
enum ExportPipeline {
    static func run(_ set: RuleSet, options: ExportOptions, capabilities: CapabilityTable,
                    check: (PreparedRule) throws -> Void,
                    render: (ExportPlan) throws -> (files: [ExportedFile], mainFile: String?)) throws -> ExportOutput {
        var prepared: [PreparedRule] = []
        var errors: [ExportError] = []
        var omissions: [ExportOmission] = []
        for (i, rule) in set.rules.enumerated() where rule.enabled {
            let line = i < set.lines.count ? set.lines[i] : 0
            // A rule whose window has closed can never match again: leaving it out is exact.
            if let e = rule.expires, e <= options.now { continue }
            if let s = rule.starts, let e = rule.expires, s >= e { continue }
            // A 0 % rollout applies to nobody: leaving the rule out is exact.
            if let r = rule.rollout, r.basisPoints == 0 { continue }
            do {
                let p = try PreparedRule(rule: rule, line: line, index: i, site: set.site)
                if let missing = p.features.sorted(by: { $0.rawValue < $1.rawValue }).first(where: { !capabilities.supports($0) }) {
                    throw ExportError.unsupportedFeature(rule: rule.id, line: line, feature: missing, why: capabilities.support[missing]?.explanation ?? "this exporter does not write it (no exact translation yet)")
                }
                try check(p)
                prepared.append(p)
            } catch let e as ExportError {
                if options.lenient {
                    omissions.append(ExportOmission(ruleID: rule.id, line: line, reason: e.description))
                } else {
                    errors.append(e)
                }
            }
        }
        if !errors.isEmpty { throw ExportRefusal(errors: errors) }
        let header = ExportHeader(server: capabilities.server, options: options, rules: prepared, omissions: omissions)
        let plan = ExportPlan(rules: prepared, site: set.site, options: options, header: header)
        let (files, main) = try render(plan)
        return ExportOutput(server: capabilities.server, files: files, mainFile: main, omissions: omissions,
                            exportedRuleCount: prepared.count, reexportBefore: header.reexportBefore)
    }
}
