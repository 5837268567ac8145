/// Keeps a finding's fix only when applying it removes the finding and creates no other error or
/// warning (issue #14 item 4): pointing a 307 → 303 chain back at its start would trade a chain for a self-redirect.
/// Each fix is tried on the rules around it — the rules it names or edits, their neighbours in the
/// redirect graph, the rules sharing their source space and those the new target lands on — checked
/// with every check before and after, so a large file costs a few small validations per fix.
struct FixVetting {
    let context: ValidationContext
    let validator: Validator
    /// Rules of a neighbourhood beyond which it stops growing (a pathological file stays bounded).
    static let neighbourhoodLimit = 256
    static let sharedSourceLimit = 64

    private let indexByID: [String: Int]
    private let incoming: [Int: [Int]]

    init(context: ValidationContext, validator: Validator) {
        self.context = context
        var v = validator
        v.checks = Validator.allChecks
        v.vetsFixes = false
        v.workers = 1
        self.validator = v
        var ids: [String: Int] = [:]
        for (i, r) in context.rules.enumerated() where ids[r.id] == nil { ids[r.id] = i }
        indexByID = ids
        var into: [Int: [Int]] = [:]
        for e in context.redirects.edges { into[e.to, default: []].append(e.from) }
        incoming = into
    }

    /// `findings` with every fix that fails the test removed.
    func vet(_ findings: [Finding]) -> [Finding] {
        findings.map { finding in
            guard let fix = finding.fix, !keeps(fix, of: finding) else { return finding }
            var out = finding
            out.fix = nil
            return out
        }
    }

    /// What identifies a finding across a change: its check and the rules it names.
    static func key(_ f: Finding) -> String { f.check + " " + f.rules.joined(separator: "\u{1}") }

    /// Verdicts for fixes on a rule that stands alone, by the rule's shape (see `aloneShape`).
    private let verdicts = VerdictCache()

    final class VerdictCache {
        var byShape: [ShapeKey: Bool] = [:]
    }

    struct ShapeKey: Hashable {
        let rule: Rule
        let edits: String
    }

    func keeps(_ fix: Fix, of finding: Finding) -> Bool {
        let rules = neighbourhood(finding, fix)
        // A bulk map repeats the same finding on rules that differ only in their plain paths
        // (10⁵ permanent codes with an expiry): alone, such a rule is judged once per shape.
        if rules.count == 1, let edits = FixVetting.editsShape(fix, finding, rule: context.rules[rules[0]].id),
            let alone = aloneShape(context.rules[rules[0]])
        {
            let shape = ShapeKey(rule: alone, edits: edits)
            if let known = verdicts.byShape[shape] { return known }
            let verdict = keepsOn(rules, fix, finding)
            verdicts.byShape[shape] = verdict
            return verdict
        }
        return keepsOn(rules, fix, finding)
    }

    /// The rule with its id and plain exact paths replaced by fixed ones, when no check can tell
    /// the difference: an exact source and a different same-site path target made of label
    /// characters and slashes, and no examples.
    private func aloneShape(_ rule: Rule) -> Rule? {
        guard rule.examples.isEmpty, let source = rule.source.exactPath, rule.source.query.isEmpty, rule.target.isLiteral else { return nil }
        let plain: (UnsafeBufferPointer<UInt8>) -> Bool = { b in
            b.count >= 2 && b[0] == 0x2f && b[1] != 0x2f && b.allSatisfy { TrustedHosts.labelBytes.contains($0) || $0 == 0x2f }
        }
        guard source.withUTF8(plain), rule.target.storedText.withUTF8(plain), source != rule.target.storedText else { return nil }
        var shape = rule
        shape.id = "rule"
        shape.source = try! Source.parse("/s")
        shape.target = try! Target.parse("/t", captureCount: 0, sourceIsPrefix: false)
        return shape
    }

    /// The fix's edits of `rule` with its id left out, as text; nil when it edits another rule or
    /// sets a target (whose text matters).
    static func editsShape(_ fix: Fix, _ finding: Finding, rule: String) -> String? {
        var parts: [String] = []
        for edit in fix.edits {
            guard edit.ruleID == rule else { return nil }
            switch edit {
            case .setTarget: return nil
            case .setCode(_, let c): parts.append("code \(c.rawValue)")
            case .setCache(_, let c): parts.append("cache \(c)")
            case .setExpires(_, let t): parts.append("expires \(t.map(\.rfc3339) ?? "-")")
            case .setEnabled(_, let e): parts.append("enabled \(e)")
            case .remove: parts.append("remove")
            }
        }
        return finding.check + " " + parts.joined(separator: ",")
    }

    private func keepsOn(_ rules: [Int], _ fix: Fix, _ finding: Finding) -> Bool {
        let sub = RuleSet(site: context.ruleSet.site, rules: rules.map { context.rules[$0] }, lines: rules.map { context.ruleSet.lines[$0] })
        let before = FixVetting.counted(validator.validate(sub))
        let after = FixVetting.counted(validator.validate(fix.apply(to: sub)))
        return !after.contains(FixVetting.key(finding)) && after.isSubset(of: before)
    }

    /// Errors and warnings: an info finding (DT023, a temporary code without expiry) is advice, and
    /// a fix that trades an error for it is still a fix.
    static func counted(_ findings: [Finding]) -> Set<String> { Set(findings.filter { $0.severity != .info }.map(key)) }

    /// The rules whose findings a fix can change, in file order.
    func neighbourhood(_ finding: Finding, _ fix: Fix) -> [Int] {
        var keep = Set<Int>()
        var frontier: [Int] = []
        func add(_ i: Int) {
            guard keep.count < FixVetting.neighbourhoodLimit, keep.insert(i).inserted else { return }
            frontier.append(i)
        }
        for id in finding.rules + fix.edits.map(\.ruleID) { if let i = indexByID[id] { add(i) } }
        // Where the edited rule lands once fixed: a new target, or a code that keeps a method the
        // next rule takes, can start a chain the graph of the unfixed file does not have.
        for edit in fix.edits {
            guard let i = indexByID[edit.ruleID] else { continue }
            var target = context.rules[i].target
            if case .setTarget(_, let t) = edit { target = t }
            landings(target) { add($0) }
        }
        // Chains run through several rules: three hops each way reach every rule a flattened chain,
        // a loop or a shadow involves.
        for _ in 0..<3 {
            let current = frontier
            frontier = []
            for i in current {
                for e in context.redirects.outgoing[i] ?? [] { add(context.redirects.edges[e].to) }
                for j in incoming[i] ?? [] { add(j) }
                for c in context.index.candidates(head: FixVetting.sourceHead(context.rules[i])).prefix(FixVetting.sharedSourceLimit) { add(c) }
                landings(context.rules[i].target) { add($0) }
            }
        }
        return keep.sorted()
    }

    /// The rules whose source a target may land on.
    private func landings(_ target: Target, _ body: (Int) -> Void) {
        let shape = TargetShape(target)
        guard shape.landing != .dynamic else { return }
        for c in context.index.candidates(head: shape.literalHead).prefix(FixVetting.sharedSourceLimit) { body(c) }
    }

    static func sourceHead(_ rule: Rule) -> [UInt8] {
        switch rule.source.kind {
        case .exact(let p), .prefix(let p): return Array(p.utf8)
        case .regex(let r): return r.literalPrefix
        }
    }
}
