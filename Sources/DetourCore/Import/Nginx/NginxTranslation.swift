/// The work of one nginx import: finds the `server` blocks and `map`s, turns each server's
/// rewrite-phase directives and locations into rules in nginx's precedence, and fills the report.
struct NginxTranslation {
    typealias Candidate = NginxImporter.Candidate

    let options: ImportOptions
    var report = ImportReport()
    var maps: [String: NginxMapTable] = [:]
    /// Every `map`, `geo` and `split_clients`, evaluated where an `if` tests them.
    let variables = NginxVariables()
    var servers: [NginxServerBlock] = []
    private var usedMaps = Set<String>()

    init(options: ImportOptions) { self.options = options }

    /// What one server gives: its rules in Detour order, and whether its first server-level
    /// directive redirects every request.
    struct ServerRules {
        var server: NginxServerBlock
        var rules: [Candidate]
        var alwaysRedirects: Bool
    }

    mutating func run(_ top: [NginxDirective]) -> ImportResult {
        var loose: [NginxDirective] = []
        collect(top, loose: &loose)
        if !loose.isEmpty { servers.append(NginxServerBlock(directive: nil, body: loose)) }
        var outputs = servers.map { translateServer($0) }
        let ruleSet = assemble(&outputs)
        report.imported = ruleSet.rules.count
        return ImportResult(ruleSet: ruleSet, report: report)
    }

    private mutating func collect(_ directives: [NginxDirective], loose: inout [NginxDirective]) {
        for d in directives {
            switch d.name {
            case "http": collect(d.block ?? [], loose: &loose)
            case "server" where d.block != nil: servers.append(NginxServerBlock(directive: d, body: d.block!))
            case "map":
                if let m = NginxMapTable.parse(d) {
                    maps[m.variable] = m
                    variables.define(m)
                } else {
                    report.skip("map")
                }
            case "geo", "split_clients":
                _ = variables.define(d)
                report.skip(d.name)
            case "return", "rewrite", "if", "location", "server_name", "listen", "set", "add_header": loose.append(d)
            default: report.skip(d.name)
            }
        }
    }

    // MARK: one server

    private mutating func translateServer(_ server: NginxServerBlock) -> ServerRules {
        var locations: [NginxLocation] = []
        var phaseDirectives: [NginxDirective] = []
        for d in server.body {
            switch d.name {
            case "location":
                switch NginxLocation.parse(d, index: locations.count) {
                case .success(let l): locations.append(l)
                case .failure(let why): reportConstructs(in: d, why.text)
                }
            case "server_name", "listen": break
            default: phaseDirectives.append(d)
            }
        }
        let serverCache = cachePolicy(server.body, inherited: nil)
        let serverCacheTemplate = Self.cacheTemplate(server.body, inherited: nil)
        var phase = RewritePhase(scope: nil, server: server, cache: serverCache, cacheTemplate: serverCacheTemplate)
        let serverRules = phase.run(phaseDirectives, &self)
        // What the server level decides before any location is chosen.
        if let stop = phase.stoppedBy {
            for l in locations { reportConstructs(in: l.directive, "never reached: the server answers every request at line \(stop.line) first") }
            return ServerRules(server: server, rules: serverRules, alwaysRedirects: phase.alwaysRedirects)
        }
        for i in locations.indices {
            guard let body = locations[i].directive.block else { continue }
            if locations[i].kind == .named {
                reportConstructs(in: locations[i].directive, "a named location is reached only by internal redirects, never by a request")
                continue
            }
            var lp = RewritePhase(
                scope: locations[i], server: server, cache: cachePolicy(body, inherited: serverCache),
                cacheTemplate: Self.cacheTemplate(body, inherited: serverCacheTemplate), blockers: phase.blockers)
            locations[i].rules = lp.run(body, &self)
            locations[i].alwaysRedirects = lp.alwaysRedirects
        }
        // nginx selects one location per request; where Detour's first-match order would let a
        // rule answer a request nginx gives to another location, the rule is reported instead.
        var ordered = locations.sorted(by: NginxLocation.emissionOrder)
        var rules = serverRules
        let languages = ordered.map { NginxPathLanguage.of($0.kind) }
        var notCarried = Set<Int>()
        for (position, b) in ordered.enumerated() where !b.rules.isEmpty {
            for r in b.rules {
                let mine = NginxPathLanguage.of(r.source)
                var conflict: String?
                for (p, a) in ordered.enumerated() where a.index != b.index && a.beats(b) && !(a.alwaysRedirects && p < position) {
                    guard let shared = NginxPathLanguage.sharedPath(languages[p], mine) else { continue }
                    conflict =
                        "nginx gives " + (shared.isEmpty ? "some of these requests" : "requests like \(shared)")
                        + " to `\(a.summary)` (line \(a.directive.line))"
                        + (a.alwaysRedirects
                            ? ", which Detour's order cannot put first"
                            : notCarried.contains(p) ? ", whose redirect is not imported" : ", which does not redirect them")
                        + "; Detour cannot exclude them from this rule"
                    break
                }
                if let conflict {
                    report.notImported(r.directive.file, r.directive.line, r.directive.summary, conflict)
                    // Its requests now reach no rule of its own, so it no longer covers later locations.
                    ordered[position].alwaysRedirects = false
                    notCarried.insert(position)
                } else {
                    rules.append(r)
                }
            }
        }
        return ServerRules(server: server, rules: rules, alwaysRedirects: phase.alwaysRedirects)
    }

    /// The `Cache-Control` nginx adds to redirects in a block: its own `add_header` directives, or
    /// the enclosing block's when it has none (nginx's inheritance). nil: headers Detour cannot carry.
    private func cachePolicy(_ body: [NginxDirective], inherited: Result<CachePolicy, ImportWhy>?) -> Result<CachePolicy, ImportWhy> {
        let headers = body.filter { $0.name == "add_header" }
        if let expires = body.first(where: { $0.name == "expires" }) {
            return .failure(ImportWhy("`expires` at line \(expires.line) sets headers on redirects that Detour's cache field does not model"))
        }
        guard !headers.isEmpty else { return inherited ?? .success(.none) }
        guard let cc = headers.first(where: { $0.args.first?.lowercased() == "cache-control" }) else { return .success(.none) }
        // A variable's value is worked out per redirect (`cacheTemplate`).
        if cc.args.count >= 2 && cc.args[1].contains("$") { return .success(.none) }
        guard cc.args.count >= 2, let policy = CachePolicy(text: cc.args[1]) else {
            return .failure(ImportWhy("the Cache-Control value at line \(cc.line) is not one Detour's cache field can hold"))
        }
        return .success(policy)
    }

    /// The `add_header Cache-Control` value of a block (or the enclosing block's, as nginx
    /// inherits them) when it carries variables, which each redirect's `set`s decide.
    static func cacheTemplate(_ body: [NginxDirective], inherited: String?) -> String? {
        let headers = body.filter { $0.name == "add_header" }
        guard !headers.isEmpty else { return inherited }
        guard let cc = headers.first(where: { $0.args.first?.lowercased() == "cache-control" }), cc.args.count >= 2, cc.args[1].contains("$")
        else { return nil }
        return cc.args[1]
    }

    /// Reports every redirect directive inside `d` (or `d` itself) as not imported.
    mutating func reportConstructs(in d: NginxDirective, _ why: String) {
        if Self.isRedirectConstruct(d) { report.notImported(d.file, d.line, d.summary, why) }
        for inner in d.block ?? [] { reportConstructs(in: inner, why) }
    }

    static func isRedirectConstruct(_ d: NginxDirective) -> Bool {
        switch d.name {
        case "return": return RewritePhase.returnRedirect(d) != nil
        case "rewrite": return RewritePhase.rewriteRedirect(d) != nil
        default: return false
        }
    }

    // MARK: maps

    mutating func mapRules(
        _ table: NginxMapTable, code: StatusCode, at d: NginxDirective, base: Candidate, server: NginxServerBlock,
        withDefault: Bool
    ) -> [Candidate] {
        var out: [Candidate] = []
        let firstUse = usedMaps.insert(table.variable).inserted
        if firstUse {
            for (e, why) in table.refused { report.notImported(e.file, e.line, e.summary, why.text) }
        }
        guard ["$uri", "$request_uri", "$document_uri"].contains(table.source) else {
            if firstUse {
                report.notImported(
                    table.directive.file, table.directive.line, "map \(table.source) $\(table.variable)",
                    "only maps of $uri or $request_uri become rules")
            }
            return []
        }
        if table.source == "$request_uri" && firstUse {
            report.notImported(
                table.directive.file, table.directive.line, "map $request_uri $\(table.variable)",
                "nginx matches these keys only when the request has no query string; the imported exact rules also match the path with one")
        }
        func add(_ source: Source, _ value: String, captureCount: Int, entry: NginxDirective, caseless: Bool = false) {
            switch NginxTargetTemplate.translate(
                value, captureCount: captureCount, sourceIsPrefix: false, isRewrite: false, serverName: server.serverName)
            {
            case .success(let t):
                var c = Candidate(
                    source: source, target: t.target, code: code, query: t.query, host: base.host, methods: base.methods,
                    conditions: base.conditions, cache: base.cache,
                    note: entry.comments.isEmpty ? base.note : entry.comments.joined(separator: " "), directive: entry)
                c.caseless = caseless
                out.append(c)
            case .failure(let why):
                if firstUse { report.notImported(entry.file, entry.line, entry.summary, why.text) }
            }
        }
        for e in table.exact {
            if table.source == "$request_uri" && e.key.contains("?") {
                if firstUse {
                    report.notImported(
                        e.directive.file, e.directive.line, e.directive.summary,
                        "a key with a query string: Detour matches query parameters, not the exact query")
                }
                continue
            }
            guard let source = try? Source.parse(e.key), case .exact = source.kind else {
                if firstUse {
                    report.notImported(e.directive.file, e.directive.line, e.directive.summary, "the key is not a path Detour can match exactly")
                }
                continue
            }
            add(source, e.value, captureCount: 0, entry: e.directive, caseless: true)
        }
        for e in table.regexes {
            guard let rx = e.regex else { continue }
            switch NginxRegex.portable(rx.pattern, caseless: rx.caseless) {
            case .success(let r):
                guard let source = try? Source.parse("~" + r.pattern) else { continue }
                add(source, e.value, captureCount: r.groupCount, entry: e.directive)
            case .failure(let why):
                if firstUse { report.notImported(e.directive.file, e.directive.line, e.directive.summary, why.text) }
            }
        }
        if withDefault && !table.defaultValue.isEmpty, let all = try? Source.parse("/*") {
            add(all, table.defaultValue, captureCount: 0, entry: table.directive)
        }
        return out
    }

    // MARK: assembly

    /// Servers to one rule list: with one server the rules need no host (nginx sends it every
    /// request); with several, each rule is bound to each of its server's names, exact names
    /// before wildcards as nginx chooses servers.
    private mutating func assemble(_ outputs: inout [ServerRules]) -> RuleSet {
        var set = RuleSet()
        var hosts: [HostPattern] = []
        for o in outputs { for h in o.server.hosts where !hosts.contains(h) { hosts.append(h) } }
        if let h = options.host, let p = HostPattern(text: h), !hosts.contains(p) { hosts.append(p) }
        set.site.hosts = hosts
        set.site.exports = [ExportTarget(server: "nginx")]
        for o in outputs where set.site.schemeHeader == nil {
            set.site.schemeHeader = o.rules.first(where: { $0.schemeHeader != nil })?.schemeHeader
        }
        for o in outputs {
            for (d, name) in o.server.unexpressibleNames {
                report.notImported(
                    d.file, d.line, "server_name \(name)", "Detour hosts are exact names or *.suffix; rules of this server do not apply to it")
            }
        }
        // nginx compares map keys without case. When every rule is such a key the site says so;
        // otherwise each key with letters becomes a regex that spells out both cases.
        let all = outputs.flatMap(\.rules)
        if !all.isEmpty && all.allSatisfy(\.caseless) {
            set.site.pathCase = .insensitive
        } else {
            for i in outputs.indices {
                for k in outputs[i].rules.indices where outputs[i].rules[k].caseless {
                    let c = outputs[i].rules[k]
                    guard case .exact(let key) = c.source.kind, key.contains(where: { $0.isASCII && $0.isLetter }) else { continue }
                    if let r = try? PortableRegex("^" + NginxRegex.foldingCase(NginxRegex.escaped(key)) + "$"),
                        let s = try? Source.parse("~" + r.pattern)
                    {
                        outputs[i].rules[k].source = s
                    }
                }
            }
        }
        var ids = Set<String>()
        func makeRule(_ c: Candidate, host: HostPattern?) -> Rule {
            var base = Self.idStem(c.directive.file) + "-" + String(c.directive.line)
            if ids.contains(base) {
                var n = 2
                while ids.contains(base + "-" + String(n)) { n += 1 }
                base += "-" + String(n)
            }
            ids.insert(base)
            var r = Rule(id: base, source: c.source, target: c.target, code: c.code)
            r.query = c.query
            r.host = host
            r.methods = c.methods
            r.conditions = c.conditions
            r.cache = c.cache
            r.note = c.note
            r.scheme = c.scheme
            r.rollout = c.rollout
            r.starts = c.starts
            r.expires = c.expires
            return r
        }
        if outputs.count == 1 {
            let s = outputs[0].server
            if s.isDefault && !s.hosts.isEmpty && !outputs[0].rules.isEmpty {
                report.notImported(
                    s.file, s.line, "server \(s.serverName ?? "")",
                    "the default server also answers hosts no server_name lists; the imported rules apply only to its own names")
            }
            let settled = NginxHostChoices.settle(outputs[0].rules, siteKnown: !set.site.hosts.isEmpty)
            if set.site.hosts.isEmpty { set.site.hosts = settled.siteHosts }
            for (i, host) in settled.rules { set.rules.append(makeRule(outputs[0].rules[i], host: host)) }
            set.lines = Array(repeating: 0, count: set.rules.count)
            return set
        }
        // Several servers: servers that serve only http next to https servers of the same names
        // cannot be told apart by the import, which does not translate scheme conditions yet.
        let sslNames = Set(outputs.filter { $0.server.listensSSL }.flatMap { $0.server.hosts })
        var pairs: [(Int, HostPattern)] = []
        for (i, o) in outputs.enumerated() where !o.rules.isEmpty {
            let s = o.server
            if s.listensPlain && !s.listensSSL && !sslNames.isEmpty && (s.isCatchAll || s.hosts.contains(where: sslNames.contains)) {
                for c in o.rules {
                    report.notImported(
                        c.directive.file, c.directive.line, c.directive.summary,
                        "this server answers only http (no ssl listen) while another serves https for its names: " + ImportWhy.schemeNotTranslated
                    )
                }
                continue
            }
            if s.hosts.isEmpty {
                for c in o.rules {
                    report.notImported(
                        c.directive.file, c.directive.line, c.directive.summary,
                        "a server without a usable server_name in a file with several servers answers hosts no other server names; Detour cannot say 'any other host'"
                    )
                }
                continue
            }
            if let rival = Self.wildcardRival(i, outputs) {
                for c in o.rules {
                    report.notImported(
                        c.directive.file, c.directive.line, c.directive.summary,
                        "nginx sends \(rival) to another server first, which does not always redirect; Detour cannot exclude that host from this wildcard"
                    )
                }
                continue
            }
            for h in s.hosts { pairs.append((i, h)) }
            if s.isDefault {
                report.notImported(
                    s.file, s.line, "server \(s.serverName ?? "")",
                    "the default server also answers hosts no server_name lists; its imported rules apply only to its own names")
            }
        }
        func rank(_ h: HostPattern) -> (Int, Int) {
            switch h {
            case .exact: return (0, 0)
            case .suffix(let s): return (1, -s.count)
            }
        }
        let ordered = pairs.enumerated().sorted { a, b in
            rank(a.element.1) != rank(b.element.1) ? rank(a.element.1) < rank(b.element.1) : a.offset < b.offset
        }.map(\.element)
        for (i, h) in ordered {
            for c in outputs[i].rules {
                if let choices = c.hostChoices, !choices.contains(h) { continue }
                if let only = c.host {
                    // `if ($host = name)`: the rule exists once, on the name it tests.
                    if only == h { set.rules.append(makeRule(c, host: h)) }
                    continue
                }
                set.rules.append(makeRule(c, host: h))
            }
        }
        set.lines = Array(repeating: 0, count: set.rules.count)
        return set
    }

    /// A name of another server that a wildcard server of `outputs[i]` also matches, when that
    /// other server would not redirect every such request first.
    private static func wildcardRival(_ i: Int, _ outputs: [ServerRules]) -> String? {
        for h in outputs[i].server.hosts {
            guard case .suffix(let s) = h else { continue }
            for (j, o) in outputs.enumerated() where j != i && !o.alwaysRedirects {
                for other in o.server.hosts {
                    switch other {
                    case .exact(let name) where h.matches(name): return name
                    case .suffix(let t) where t.count > s.count && t.hasSuffix("." + s): return "*." + t
                    default: continue
                    }
                }
            }
        }
        return nil
    }

    /// `sites/example.conf` → `example`, the start of every rule id from that file.
    static func idStem(_ file: String) -> String {
        var name = Substring(file.split(separator: "/").last ?? "nginx")
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        let cleaned = String(name.map { Rule.isValidID(String($0)) ? $0 : "-" })
        return cleaned.isEmpty ? "nginx" : cleaned
    }
}
