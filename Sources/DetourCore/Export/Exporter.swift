import Dispatch

/// One export target (DESIGN §7): turns a rule set into that server's configuration with Detour's
/// precedence, or refuses with errors naming each rule it cannot carry exactly.
public protocol Exporter: Sendable {
    var capabilities: CapabilityTable { get }
    /// Exports `set`; throws `ExportRefusal` when a strict export meets rules it cannot express.
    func export(_ set: RuleSet, options: ExportOptions) throws -> ExportOutput
}

/// The exporter of each verified server.
public enum Exporters {
    public static func exporter(for server: ServerKind) -> any Exporter { server.target.exporter }
}

/// What a server's renderer receives: the rules to write (in precedence order) and the context.
struct ExportPlanOf<Item: PlannedRule>: Sendable {
    let rules: [Item]
    let site: SiteSettings
    let options: ExportOptions
    let header: ExportHeader
}

/// The plan of an exporter that renders every rule from its `PreparedRule`.
typealias ExportPlan = ExportPlanOf<PreparedRule>

/// The steps every exporter shares: skip disabled and already-expired rules, prepare the rest,
/// apply the server's capability table and safety checks, then hand the survivors to `render`.
enum ExportPipeline {
    enum Outcome<Item: PlannedRule>: Sendable {
        case skipped
        case ready(Item)
        case failed(ExportError, rule: String, line: Int)
    }

    static func prepare<Item: PlannedRule>(
        _ rule: Rule, index i: Int, set: RuleSet, site: SiteSettings, options: ExportOptions, unsupported: [ExportFeature], blocked: ExportFeatureSet,
        capabilities: CapabilityTable, regexEngine: RegexEngineLimits, check: @Sendable (PreparedRule) throws -> Void
    ) -> Outcome<Item> {
        // A rule with problems (DT070) cannot be written; the commands name it when they skip it.
        guard rule.enabled, !rule.isInvalid else { return .skipped }
        // A rule whose window has closed can never match again: leaving it out is exact.
        if let e = rule.expires, e <= options.now { return .skipped }
        if let s = rule.starts, let e = rule.expires, s >= e { return .skipped }
        // A 0 % rollout applies to nobody: leaving the rule out is exact.
        if let r = rule.rollout, r.basisPoints == 0 { return .skipped }
        let line = i < set.lines.count ? set.lines[i] : 0
        // Servers get IRIs as URIs: UTF-8 percent-encoding, IDNA hosts (what `simulate` answers).
        let rule = IRI.encoded(rule)
        if let refusal = ExportTextCheck.refusal(of: rule, line: line) { return .failed(refusal, rule: rule.id, line: line) }
        if let item = Item.shortcut(rule, index: i, site: site, blocked: blocked) { return .ready(item) }
        do {
            let p = try PreparedRule(rule: rule, line: line, index: i, site: site)
            if let missing = unsupported.first(where: { p.features.contains($0) }) {
                throw ExportError.unsupportedFeature(
                    rule: rule.id, line: line, feature: missing,
                    why: capabilities.support[missing]?.explanation ?? "this exporter does not write it (no exact translation yet)")
            }
            try check(p)
            if let refusal = RegexEngineCheck.refusal(of: rule, line: line, engine: regexEngine) { throw refusal }
            return .ready(Item.planned(p))
        } catch let e as ExportError {
            return .failed(e, rule: rule.id, line: line)
        } catch {
            return .failed(.invalidOption("\(error)"), rule: rule.id, line: line)
        }
    }

    /// A rule that could not be prepared.
    struct Failure: Sendable {
        let error: ExportError
        let rule: String
        let line: Int
    }

    /// Prepares every rule, in rule order: the items to render and the rules that failed. Large
    /// sets are split over the cores, and each part writes its items straight into the one result
    /// array (then the gaps of skipped and failed rules are closed): 10^6 items are never copied.
    static func prepareAll<Item: PlannedRule>(
        _ set: RuleSet, options: ExportOptions, unsupported: [ExportFeature], capabilities: CapabilityTable,
        check: @Sendable (PreparedRule) throws -> Void
    ) -> (items: [Item], failures: [Failure]) {
        let n = set.rules.count
        let blocked = ExportFeatureSet(unsupported)
        let regexEngine = capabilities.server.target.regexEngine
        // One copy of the site for all rules, and rules read in place: no per-rule struct copy.
        let site = set.site
        let parts = n >= 20_000 ? 8 : 1
        let results = WorkerSlots<(written: Int, failures: [Failure])>(count: parts, empty: (0, []))
        let items = [Item](unsafeUninitializedCapacity: n) { buffer, count in
            let out = SharedBuffer(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: parts) { c in
                let lo = n * c / parts
                let hi = n * (c + 1) / parts
                var at = lo
                var failures: [Failure] = []
                set.rules.withUnsafeBufferPointer { rules in
                    for i in lo..<hi {
                        let outcome: Outcome<Item> = prepare(
                            rules[i], index: i, set: set, site: site, options: options, unsupported: unsupported,
                            blocked: blocked, capabilities: capabilities, regexEngine: regexEngine, check: check)
                        switch outcome {
                        case .skipped: continue
                        case .ready(let item):
                            (out.base! + at).initialize(to: item)
                            at += 1
                        case .failed(let e, let rule, let line):
                            failures.append(Failure(error: e, rule: rule, line: line))
                        }
                    }
                }
                results.store(c, (at - lo, failures))
            }
            var end = 0
            for (c, part) in results.all.enumerated() {
                let lo = n * c / parts
                if lo != end, part.written > 0 { (out.base! + end).moveInitialize(from: out.base! + lo, count: part.written) }
                end += part.written
            }
            count = end
        }
        return (items, results.all.flatMap(\.failures))
    }

    /// Prepares `set` and renders it. `Item` (inferred from `render`) decides what the renderer
    /// sees per rule: `PreparedRule`, or `PlanItem` for a renderer that writes exact-path maps.
    static func run<Item: PlannedRule>(
        _ set: RuleSet, options: ExportOptions, capabilities: CapabilityTable,
        check: @Sendable (PreparedRule) throws -> Void,
        render: (ExportPlanOf<Item>) throws -> (files: [ExportedFile], mainFile: String?)
    ) throws -> ExportOutput {
        try ExportDirectory.check(options.directory)
        let unsupported = ExportFeature.allCases.filter { !capabilities.supports($0) }
        let (prepared, failures): ([Item], [Failure]) = prepareAll(
            set, options: options, unsupported: unsupported, capabilities: capabilities, check: check)
        var errors: [ExportError] = []
        var omissions: [ExportOmission] = []
        for f in failures {
            if options.lenient {
                omissions.append(ExportOmission(ruleID: f.rule, line: f.line, reason: f.error.description, error: f.error))
            } else {
                errors.append(f.error)
            }
        }
        if !errors.isEmpty { throw ExportRefusal(errors: errors) }
        let header = ExportHeader(server: capabilities.server, options: options, rules: prepared, omissions: omissions)
        let plan = ExportPlanOf(rules: prepared, site: set.site, options: options, header: header)
        let (files, main): ([ExportedFile], String?)
        do {
            (files, main) = try render(plan)
        } catch let e as ExportError {
            // A renderer refuses what it cannot write (the export directory in its syntax) like a rule.
            throw ExportRefusal(errors: [e])
        }
        return ExportOutput(
            server: capabilities.server, files: files, mainFile: main, omissions: omissions,
            exportedRuleCount: prepared.count, reexportBefore: header.reexportBefore)
    }
}

/// The result array's storage, shared by the preparing threads; each writes only its own range.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>?
}
