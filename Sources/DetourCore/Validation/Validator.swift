/// Runs every check of DESIGN §5 over a rule set and returns the findings in file order. `detour
/// check` and the TUI's findings panel both call it.
public struct Validator: Sendable {
    /// Every check, in id order.
    public static let allChecks: [any Check] = [
        OpenRedirectCheck(), DangerousSchemeCheck(), InsecureTargetCheck(),
        LoopCheck(), ChainCheck(), LongChainCheck(), MethodDowngradeChainCheck(),
        BodyLosingCodeCheck(), PinnedPermanentCheck(), PermanentExpiryCheck(), OpenEndedTemporaryCheck(),
        DynamicWithoutNoStoreCheck(), MaxAgeBeyondWindowCheck(),
        DuplicateRuleCheck(), ShadowedRuleCheck(),
        ExpiredRuleCheck(), InvertedWindowCheck(),
        SelfRedirectCheck(), InvalidFieldCheck(), RegexBacktrackingCheck(), ExportCapabilityCheck(), ExampleCheck()
    ]

    public var checks: [any Check]
    public var now: Timestamp
    public var exampleRunner: ExampleRunner?
    public var exportCapabilities: [ExportCapabilityReport]
    /// How many cores the per-rule lookups of a large set may use; an editor validating in the
    /// background keeps one for the keyboard and the screen.
    public var workers: Int = Parallel.cores
    /// Whether a fix is kept only when applying it removes its finding and creates no other
    /// (`FixVetting`); off inside the vetting itself.
    var vetsFixes = true
    /// `workers` for a validation behind an interactive screen: every core but one.
    public static var backgroundWorkers: Int { max(1, Parallel.cores - 1) }

    public init(
        checks: [any Check] = Validator.allChecks, now: Timestamp = .now(), exampleRunner: ExampleRunner? = nil,
        exportCapabilities: [ExportCapabilityReport] = []
    ) {
        self.checks = checks
        self.now = now
        self.exampleRunner = exampleRunner
        self.exportCapabilities = exportCapabilities
    }

    /// Only the checks whose ids are in `only` (when given) and not in `skip`.
    public func selecting(only: Set<String>?, skip: Set<String>) -> Validator {
        var v = self
        v.checks = checks.filter { (only?.contains($0.id) ?? true) && !skip.contains($0.id) }
        return v
    }

    public func validate(_ set: RuleSet) -> [Finding] {
        // Rules with fields that did not parse are reported by DT070 and left out of the rest; IRIs
        // are checked as the URIs servers and clients see.
        let context = ValidationContext(
            ruleSet: set.withoutInvalidRules().encodingIRIs(), now: now, exampleRunner: exampleRunner, exportCapabilities: exportCapabilities)
        context.workers = max(1, workers)
        if set.hasInvalidRules { context.invalidRules = set.invalidRules.map { ($0.rule, $0.line) } }
        var out: [Finding] = []
        for check in checks { out += check.findings(in: context) }
        if vetsFixes, out.contains(where: { $0.fix != nil }) { out = FixVetting(context: context, validator: self).vet(out) }
        return out.enumerated().sorted { a, b in
            (a.element.line, a.element.check, a.offset) < (b.element.line, b.element.check, b.offset)
        }.map(\.element)
    }

    /// The check with this id.
    public static func check(_ id: String) -> (any Check)? { allChecks.first { $0.id == id } }
}
