/// One `[OR]` alternative of a `RewriteRule`'s conditions, in Detour's terms: the hosts it
/// allows (with their groups for `%N`), the methods, the header conditions, a path condition
/// that replaces the rule's pattern, and where `%N` come from.
struct ApacheRewriteBranch {
    var hosts: [(host: HostPattern, groups: [String])]?
    var methods: [String]?
    var conditions: [Condition] = []
    var pathCondition: PortableRegex?
    var percent: ApacheSubstitution.PercentGroups
    /// A condition that never holds where the rule is: the branch makes no rule.
    var never = false
    var scheme: String?
    var starts: Timestamp?
    var expires: Timestamp?
    var rollout: Rollout?
    /// The path condition tests the path as sent (`%{THE_REQUEST}`), not the decoded one.
    var rawPath = false
    /// A map lookup: one rule per path the map holds, with the groups of its value for `%N`.
    var lookup: [(path: String, groups: [String])]?
    /// The hosts came only from a flag variable's conditions (the site's names).
    var siteHosts = false
    /// The cookie or parameter the last condition captured, for a `RewriteCond %1 …` after it.
    var capture: (ApacheCapture, conditionIndex: Int)?

    /// Whether the branch can match any request at all.
    var isEmpty: Bool { never || hosts?.isEmpty == true || methods?.isEmpty == true || lookup?.isEmpty == true }

    /// The conditions of the branch, all of which must hold, or why one cannot be carried.
    static func evaluate(_ conds: [ApacheRewriteCond], in context: ApacheRewriteCond.Context) -> Result<ApacheRewriteBranch, ImportWhy> {
        var b = ApacheRewriteBranch(percent: conds.isEmpty ? .empty : .none)
        for c in conds {
            if c.testString == "%1", let (capture, index) = b.capture {
                switch b.capturedValueTest(c, capture, index) {
                case .failure(let why): return .failure(ImportWhy("RewriteCond at line \(c.directive.line): \(why.text)"))
                case .success: continue
                }
            }
            b.capture = nil
            let meaning: ApacheRewriteCond.Meaning
            switch c.meaning(in: context) {
            case .failure(let why): return .failure(ImportWhy("RewriteCond at line \(c.directive.line): \(why.text)"))
            case .success(let m): meaning = m
            }
            // `%N` are the groups of the last condition: known texts for hosts, the source's
            // groups for a path, empty when the pattern has none.
            let unknownGroups: ApacheSubstitution.PercentGroups = c.groupCount == 0 ? .empty : .none
            switch meaning {
            case .always: b.percent = unknownGroups
            case .never: b.never = true
            case .hosts(let list):
                b.siteHosts = false
                if let earlier = b.hosts {
                    b.hosts = list.filter { h in earlier.contains { $0.host == h.host } }
                } else {
                    b.hosts = list
                }
                b.percent = .literal([])
            case .methods(let m):
                b.methods = b.methods.map { old in old.filter(m.contains) } ?? m
                b.percent = unknownGroups
            case .condition(let cond):
                b.conditions.append(cond)
                b.percent = unknownGroups
            case .path(let r), .rawPath(let r):
                guard b.pathCondition == nil && b.lookup == nil else {
                    return .failure(ImportWhy("two path conditions cannot be one Detour source"))
                }
                b.pathCondition = r
                if case .rawPath = meaning { b.rawPath = true }
                b.percent = .source
            default:
                if let why = b.add(meaning, c, context) { return .failure(ImportWhy("RewriteCond at line \(c.directive.line): \(why.text)")) }
            }
        }
        return .success(b)
    }

    /// The meanings that read variables, time, rollouts and maps; the reason when one cannot be added.
    private mutating func add(_ meaning: ApacheRewriteCond.Meaning, _ c: ApacheRewriteCond, _ context: ApacheRewriteCond.Context) -> ImportWhy? {
        switch meaning {
        case .scheme(let s):
            if let old = scheme, old != s { never = true }
            scheme = s
            percent = .empty
        case .window(let from, let until):
            if let from { starts = max(starts ?? from, from) }
            if let until { expires = min(expires ?? until, until) }
            percent = .empty
        case .rollout(let r):
            guard rollout == nil else { return ImportWhy("two rollouts on one rule have no Detour form") }
            rollout = r
            percent = .none
        case .conjunction(let conds):
            switch Self.evaluate(conds, in: context) {
            case .failure(let why): return why
            case .success(let inner):
                if let why = merge(inner) { return why }
            }
            percent = .empty
        case .capture(let capture, let condition):
            conditions.append(condition)
            self.capture = (capture, conditions.count - 1)
            percent = .none
        case .lookup(let entries, let raw):
            guard pathCondition == nil && lookup == nil else { return ImportWhy("a map lookup and another path test cannot be one Detour source") }
            lookup = entries
            rawPath = raw
            percent = .literal([])
        default: break
        }
        return nil
    }

    /// Adds the conditions of a variable's `[E=]` rule (hosts, scheme …) to this branch.
    private mutating func merge(_ inner: ApacheRewriteBranch) -> ImportWhy? {
        if inner.never { never = true }
        if let h = inner.hosts {
            siteHosts = hosts == nil
            hosts = hosts.map { earlier in h.filter { n in earlier.contains { $0.host == n.host } } } ?? h
        }
        if let m = inner.methods { methods = methods.map { $0.filter(m.contains) } ?? m }
        conditions += inner.conditions
        if let s = inner.scheme {
            if let old = scheme, old != s { never = true }
            scheme = s
        }
        guard inner.pathCondition == nil, inner.lookup == nil, inner.rollout == nil, inner.starts == nil, inner.expires == nil else {
            return ImportWhy("the variable is set under a path, time or rollout test, which the import does not carry to the rules that read it")
        }
        return nil
    }

    /// `RewriteCond %1 pattern` after a cookie or query parameter capture: a test of its value.
    private mutating func capturedValueTest(_ c: ApacheRewriteCond, _ capture: ApacheCapture, _ index: Int) -> Result<Void, ImportWhy> {
        guard !c.negated else { return .failure(ImportWhy("a negated value test also holds when the value is missing")) }
        let value: ConditionValue
        if c.pattern.hasPrefix("=") {
            guard !c.caseless else { return .failure(ImportWhy("a caseless comparison has no Detour form")) }
            value = .exact(String(c.pattern.dropFirst()))
        } else {
            switch ApacheRegex.portable(c.pattern, caseless: c.caseless) {
            case .failure(let why): return .failure(why)
            case .success(let r): value = r.pattern == "[\\s\\S]" ? .present : .regex(r)
            }
        }
        let old = conditions[index]
        conditions[index] = Condition(kind: old.kind, name: old.name, value: value)
        self.capture = nil
        percent = .none
        return .success(())
    }

    /// The branch's source: the path condition (with a catch-all rule pattern) or the rule's own
    /// pattern on the whole path, with the whole path as group 1 when the target wants
    /// `%{REQUEST_URI}`.
    func source(for rule: ApacheRewriteRule, perDirectory: Bool) -> Result<(source: Source, regex: PortableRegex, pathGroup: Bool), ImportWhy> {
        var regex: PortableRegex
        if let p = pathCondition {
            guard ApacheRewritePass.catchAll.contains(rule.pattern) else {
                return .failure(ImportWhy("both the rule's pattern and a %{REQUEST_URI} condition test the path; a Detour rule has one source"))
            }
            if ApacheRewritePass.usesGroups(rule.substitution) {
                return .failure(ImportWhy("the target uses groups of both the rule and the %{REQUEST_URI} condition"))
            }
            regex = p
        } else {
            switch ApacheRewritePass.pathRegex(rule.pattern, caseless: rule.flags["nc"] != nil, perDirectory: perDirectory) {
            case .failure(let why): return .failure(why)
            case .success(let r): regex = r
            }
        }
        let pathGroup = rule.substitution.contains("%{REQUEST_URI}")
        if pathGroup {
            guard let wrapped = ApacheRewritePass.wholePathGroup(regex) else {
                return .failure(
                    ImportWhy("%{REQUEST_URI} is the decoded, normalised path; Detour carries it only as a group around a pattern anchored with ^"))
            }
            regex = wrapped
        }
        if rawPath, !pathGroup, let exact = ApacheRawPathSource.source(regex) { return .success((exact, regex, false)) }
        guard let source = try? Source.parse("~" + regex.pattern) else { return .failure(ImportWhy("the pattern is not a Detour source")) }
        return .success((source, regex, pathGroup))
    }
}
