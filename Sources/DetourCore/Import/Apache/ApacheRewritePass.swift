/// mod_rewrite in one context, in file order: each `RewriteRule` that redirects, with the
/// `RewriteCond`s above it, becomes rules (one per `[OR]` branch and per host a host condition
/// names); rules that do not redirect are remembered as blockers, since they take or change the
/// requests they match before any later redirect (mod_rewrite's own or mod_alias's) sees them.
struct ApacheRewritePass {
    typealias Candidate = ApacheImporter.Candidate

    /// A non-redirect `RewriteRule` and the paths it may take.
    struct Blocker {
        let directive: ApacheDirective
        let paths: DFA?
        /// False for `-` with `[L]`: later RewriteRules stop, mod_alias still runs.
        let hidesFromAlias: Bool
        let why: String
    }

    let context: ApacheContext
    let base: String?
    var blockers: [Blocker] = []
    var candidates: [Candidate] = []
    /// What `[E=]` of the rules so far put into variables.
    var environment: ApacheEnvironment

    init(context: ApacheContext) {
        self.context = context
        base = context.body.last { $0.key == "rewritebase" }?.args.first
        environment = ApacheEnvironment(maps: ApacheRewriteMaps(context.body))
    }

    /// Runs the pass over the context's active rules (`RewriteEngine On`).
    mutating func run(_ rules: [(ApacheRewriteRule, [ApacheRewriteCond])], report: inout ImportReport) {
        for (index, (rule, conds)) in rules.enumerated() {
            let d = rule.directive
            guard let codeResult = rule.redirectCode else {
                if rule.substitution == "-" && !rule.stops && !rule.environment.isEmpty { environment.apply(rule, conds: conds) }
                addBlocker(rule, conds)
                continue
            }
            let summary = d.summary
            if rule.flags["r"] == nil, let host = Self.urlHost(rule.substitution), context.hosts.contains(where: { $0.matches(host) }) {
                report.notImported(
                    d.file, d.line, summary,
                    "without [R] an absolute URL naming this server's own host (\(host)) is an internal rewrite when the port matches too; add [R] to mean a redirect"
                )
                addBlocker(rule, conds)
                continue
            }
            switch codeResult {
            case .failure(let why):
                report.notImported(d.file, d.line, summary, why.text)
                addBlocker(rule, conds)
                continue
            case .success(let code):
                if let unsupported = ["c", "n", "s", "b", "bnp", "bctls", "bne", "co", "qsl"].first(where: { rule.flags[$0] != nil }) {
                    report.notImported(
                        d.file, d.line, summary,
                        "the [\(unsupported.uppercased())] flag changes matching or the target in a way Detour does not model")
                    continue
                }
                if rule.negated {
                    report.notImported(
                        d.file, d.line, summary, "a negated pattern (!) matches every path but one set, which a Detour source cannot say")
                    continue
                }
                if rule.flags["l"] == nil && rule.flags["end"] == nil,
                    let later = rules[(index + 1)...].first(where: { Self.couldMatchRedirect($0.0, perDirectory: context.perDirectory) })
                {
                    report.notImported(
                        d.file, d.line, summary,
                        "without [L] the RewriteRule at line \(later.0.directive.line) goes on to rewrite this redirect's URL")
                    continue
                }
                translate(rule, conds, code: code, report: &report)
            }
        }
    }

    private mutating func translate(_ rule: ApacheRewriteRule, _ conds: [ApacheRewriteCond], code: StatusCode, report: inout ImportReport) {
        let d = rule.directive
        let note = ((conds.first?.directive.comments ?? []) + (conds.isEmpty ? d.comments : [])).joined(separator: " ")
        guard let branches = Self.branches(conds) else {
            report.notImported(d.file, d.line, d.summary, "more than 16 combinations of [OR] conditions")
            return
        }
        var out: [Candidate] = []
        var facts = ApacheRewriteCond.Context(hosts: context.hosts, scheme: context.scheme)
        facts.environment = environment
        for conds in branches {
            let branch: ApacheRewriteBranch
            let source: (source: Source, regex: PortableRegex, pathGroup: Bool)
            do {
                branch = try ApacheRewriteBranch.evaluate(conds, in: facts).get()
                if branch.isEmpty { continue }
                source = try branch.source(for: rule, perDirectory: context.perDirectory).get()
            } catch {
                report.notImported(d.file, d.line, d.summary, error.text)
                return
            }
            var o = ApacheSubstitution.Options(captureCount: source.regex.groupCount)
            o.pathGroup = source.pathGroup
            o.serverName = context.serverName
            o.relativeBase = context.perDirectory ? base : nil
            o.appendQuery = rule.flags["qsa"] != nil
            o.discardQuery = rule.flags["qsd"] != nil
            o.noEscape = rule.flags["ne"] != nil
            o.environment = environment
            o.rawGroups = branch.rawPath
            // Names from a flag variable stay together; the assembly decides if they are the site's.
            let perHost: [(host: HostPattern?, groups: [String])] =
                branch.siteHosts ? [(nil, [])] : branch.hosts.map { $0.map { ($0.host, $0.groups) } } ?? [(nil, [])]
            // A map lookup: one exact path per entry, its value's groups for `%N`.
            let perPath: [(path: String?, groups: [String])] = branch.lookup.map { $0.map { ($0.path, $0.groups) } } ?? [(nil, [])]
            for (host, hostGroups) in perHost {
                for (path, pathGroups) in perPath {
                    var options = o
                    if case .literal = branch.percent {
                        options.percent = .literal(path == nil ? hostGroups : pathGroups)
                    } else {
                        options.percent = branch.percent
                    }
                    var entrySource = source.source
                    if let path {
                        let regex = try? PortableRegex("^" + NginxRegex.escaped(path) + "$")
                        if branch.rawPath, let r = regex, let exact = ApacheRawPathSource.source(r) {
                            entrySource = exact
                        } else if let r = regex, let exact = try? Source.parse("~" + r.pattern) {
                            entrySource = exact
                        } else {
                            report.notImported(d.file, d.line, d.summary, "the map's path '\(path)' is not a Detour source")
                            return
                        }
                    }
                    switch ApacheSubstitution.translate(rule.substitution, options) {
                    case .failure(let why):
                        report.notImported(d.file, d.line, d.summary, why.text)
                        return
                    case .success(let s):
                        var c = Candidate(
                            source: entrySource, target: s.target, code: code, query: s.query, host: host, methods: branch.methods,
                            conditions: branch.conditions, note: note.isEmpty ? nil : note, directive: d)
                        c.scheme = branch.scheme
                        c.starts = branch.starts
                        c.expires = branch.expires
                        c.rollout = branch.rollout
                        c.rawPath = branch.rawPath
                        c.environment = rule.environment.map(\.name)
                        c.schemeHeader = s.schemeHeader
                        if branch.siteHosts { c.siteHosts = branch.hosts?.map(\.host) }
                        out.append(c)
                    }
                }
            }
        }
        // A redirect whose paths an earlier non-redirect rule may take is not carried.
        if let first = out.first, let b = blocking(first.source) {
            report.notImported(d.file, d.line, d.summary, b)
            return
        }
        candidates += out
    }

    /// Why an earlier non-redirect rule may take some of `source`'s requests first; nil when none can.
    func blocking(_ source: Source, forAlias: Bool = false) -> String? {
        let mine = NginxPathLanguage.of(source)
        for b in blockers where !forAlias || b.hidesFromAlias {
            guard let shared = NginxPathLanguage.sharedPath(b.paths, mine) else { continue }
            return "the \(b.why) at line \(b.directive.line) may take " + (shared.isEmpty ? "the same requests" : "requests like \(shared)")
                + " first; Detour cannot exclude them from this rule"
        }
        return nil
    }

    private mutating func addBlocker(_ rule: ApacheRewriteRule, _ conds: [ApacheRewriteCond]) {
        let internalRewrite = rule.substitution != "-"
        let answers = ["f", "g", "p"].first { rule.flags[$0] != nil }
        guard internalRewrite || answers != nil || rule.stops || rule.flags["r"] != nil else { return }
        let paths = (try? Self.pathRegex(rule.pattern, caseless: rule.flags["nc"] != nil, perDirectory: context.perDirectory).get())
            .flatMap { rule.negated ? nil : try? DFA(searching: $0) }
        let why: String
        if let answers {
            why = ["f": "RewriteRule [F] (403)", "g": "RewriteRule [G] (410)", "p": "proxying RewriteRule [P]"][answers]!
        } else if internalRewrite {
            why = "internal RewriteRule"
        } else {
            why = "RewriteRule '-' [L]"
        }
        blockers.append(Blocker(directive: rule.directive, paths: paths, hidesFromAlias: internalRewrite || answers != nil, why: why))
    }

    /// The source with the whole path as group 1 (its groups shifted by one), so the target can
    /// carry `%{REQUEST_URI}`; nil when the pattern is not anchored at the start, has a top-level
    /// alternation, or already has nine groups.
    static func wholePathGroup(_ regex: PortableRegex) -> PortableRegex? {
        guard regex.pattern.hasPrefix("^"), regex.groupCount < 9 else { return nil }
        if case .alternation = regex.root { return nil }
        if case .concat(let parts) = regex.root, parts.contains(where: { if case .alternation = $0 { return true } else { return false } }) {
            return nil
        }
        var inner = String(regex.pattern.dropFirst())
        let anchoredAtEnd = inner.hasSuffix("$") && !inner.hasSuffix("\\$")
        if anchoredAtEnd { inner.removeLast() } else { inner += "[\\s\\S]*" }
        return try? PortableRegex("^(" + inner + ")$")
    }

    /// The host of an absolute `http(s)://host/…` substitution, lower-cased.
    static func urlHost(_ text: String) -> String? {
        let lower = text.lowercased()
        guard let start = ["http://", "https://"].first(where: lower.hasPrefix) else { return nil }
        let rest = lower.dropFirst(start.count)
        let host = rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" }
        return host.isEmpty ? nil : String(host)
    }

    /// Whether a substitution refers to a group of the rule's pattern (`$1`).
    static func usesGroups(_ text: String) -> Bool {
        let chars = Array(text)
        return chars.indices.dropLast().contains { chars[$0] == "$" && chars[$0 + 1].isNumber && ($0 == 0 || chars[$0 - 1] != "\\") }
    }

    /// Patterns that match every path, with which a `%{REQUEST_URI}` condition can be the source.
    static let catchAll: Set<String> = ["^", ".*", "^.*$", "^.*", "(.*)", "^(.*)$", "^(.*)", "^/?(.*)$", "^/?(.*)", "^/?.*$"]

    /// The rule's pattern as a regex on the whole path. In `.htaccess` mod_rewrite matches the
    /// path without its leading slash, so `^old$` becomes `^/old$`; an unanchored pattern may
    /// start anywhere after the slash.
    static func pathRegex(_ pattern: String, caseless: Bool, perDirectory: Bool) -> Result<PortableRegex, ImportWhy> {
        guard perDirectory else { return ApacheRegex.portable(pattern, caseless: caseless) }
        let text: String
        if pattern.hasPrefix("^") {
            text = "^/" + pattern.dropFirst()
        } else if pattern.hasPrefix("(.*)") || pattern.hasPrefix(".*") {
            text = "^/" + pattern
        } else {
            guard case .success(let r) = ApacheRegex.portable(pattern, caseless: caseless) else {
                return ApacheRegex.portable(pattern, caseless: caseless)
            }
            guard r.groupCount == 0 else {
                return .failure(
                    ImportWhy("an unanchored pattern with groups in .htaccess: where its match starts cannot be carried (anchor it with ^)"))
            }
            text = "^/.*(?:" + pattern + ")"
        }
        return ApacheRegex.portable(text, caseless: caseless)
    }

    /// Whether a later rule's pattern can match the absolute URL an `[R]` rule without `[L]` leaves.
    static func couldMatchRedirect(_ rule: ApacheRewriteRule, perDirectory: Bool) -> Bool {
        guard case .success(let r) = ApacheRegex.portable(rule.pattern, caseless: rule.flags["nc"] != nil) else { return true }
        let compiled = CompiledRegex(r)
        return ["http://a.example/x", "https://a.example/x"].contains { compiled.matches(Array($0.utf8)) != rule.negated }
    }

    /// The `[OR]` groups of the conditions multiplied out: each branch is a list that must all hold.
    static func branches(_ conds: [ApacheRewriteCond]) -> [[ApacheRewriteCond]]? {
        var groups: [[ApacheRewriteCond]] = []
        var current: [ApacheRewriteCond] = []
        for c in conds {
            current.append(c)
            if !c.orNext {
                groups.append(current)
                current = []
            }
        }
        if !current.isEmpty { groups.append(current) }
        var out: [[ApacheRewriteCond]] = [[]]
        for g in groups {
            out = out.flatMap { prefix in g.map { prefix + [$0] } }
            if out.count > 16 { return nil }
        }
        return out
    }
}
