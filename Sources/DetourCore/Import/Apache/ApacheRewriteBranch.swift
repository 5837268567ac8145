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

    /// Whether the branch can match any request at all.
    var isEmpty: Bool { never || hosts?.isEmpty == true || methods?.isEmpty == true }

    /// The conditions of the branch, all of which must hold, or why one cannot be carried.
    static func evaluate(_ conds: [ApacheRewriteCond], in context: ApacheRewriteCond.Context) -> Result<ApacheRewriteBranch, ImportWhy> {
        var b = ApacheRewriteBranch(percent: conds.isEmpty ? .empty : .none)
        for c in conds {
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
            case .path(let r):
                guard b.pathCondition == nil else { return .failure(ImportWhy("two %{REQUEST_URI} conditions cannot be one Detour source")) }
                b.pathCondition = r
                b.percent = .source
            }
        }
        return .success(b)
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
        guard let source = try? Source.parse("~" + regex.pattern) else { return .failure(ImportWhy("the pattern is not a Detour source")) }
        return .success((source, regex, pathGroup))
    }
}
