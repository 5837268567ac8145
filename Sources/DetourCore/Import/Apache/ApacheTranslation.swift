/// The work of one Apache import: splits the configuration into contexts (vhosts, the main
/// server, `.htaccess` files), runs mod_rewrite's rules before mod_alias's redirects in each (as
/// httpd does), binds each vhost's rules to its names, and fills the report.
struct ApacheTranslation {
    typealias Candidate = ApacheImporter.Candidate

    let options: ImportOptions
    var report = ImportReport()
    /// Rule ids given so far (`file-line`, then `-2`, `-3` … for the further rules of one line).
    private var ids = Set<String>()

    init(options: ImportOptions) { self.options = options }

    /// A context's rules in Detour order.
    struct ContextRules {
        var context: ApacheContext
        var rules: [Candidate]
    }

    mutating func run(_ sources: [(file: String, directives: [ApacheDirective])]) -> ImportResult {
        var main = ApacheContext(section: nil, file: sources.first?.file ?? "", line: 0)
        var vhosts: [ApacheContext] = []
        var outputs: [ContextRules] = []
        for (file, directives) in sources {
            if ApacheImporter.isPerDirectory(file) {
                var c = ApacheContext(section: nil, file: file, line: 0)
                c.perDirectory = true
                c.add(directives)
                outputs.append(ContextRules(context: c, rules: translate(c, inherited: [])))
                continue
            }
            for d in directives {
                if d.key == "virtualhost", d.block != nil { vhosts.append(.vhost(d)) } else { main.add([d]) }
            }
        }
        let mainRedirects = main.body.filter { ApacheAliasRedirect.isAliasRedirect($0.key) }
        if vhosts.isEmpty {
            main.readNames()
            if !main.body.isEmpty || !main.enclosed.isEmpty {
                outputs.insert(ContextRules(context: main, rules: translate(main, inherited: [])), at: 0)
            }
        } else {
            // With vhosts, the main server answers only addresses no vhost listens on; its
            // RewriteRules are not inherited, its Redirects are (after each vhost's own).
            var rest = main
            rest.body = main.body.filter { !ApacheAliasRedirect.isAliasRedirect($0.key) }
            for d in rest.body where d.key == "rewriterule" {
                report.notImported(
                    d.file, d.line, d.summary, "a main-server RewriteRule does not apply inside <VirtualHost> sections (no RewriteOptions Inherit)")
            }
            countSkipped(rest.body.filter { $0.key != "rewriterule" })
            reportEnclosed(rest)
            for v in vhosts { outputs.append(ContextRules(context: v, rules: translate(v, inherited: mainRedirects))) }
        }
        let ruleSet = assemble(outputs)
        report.imported = ruleSet.rules.count
        return ImportResult(ruleSet: ruleSet, report: report)
    }

    // MARK: one context

    private mutating func translate(_ context: ApacheContext, inherited: [ApacheDirective]) -> [Candidate] {
        reportEnclosed(context)
        let engineOn = context.body.last { $0.key == "rewriteengine" }?.args.first?.lowercased() == "on"
        var rewrites: [(ApacheRewriteRule, [ApacheRewriteCond])] = []
        var pending: [ApacheRewriteCond] = []
        var aliases: [ApacheDirective] = []
        for d in context.body {
            switch d.key {
            case "rewritecond":
                guard let c = parse({ try ApacheRewriteCond.parse(d) }) else { continue }
                if engineOn { pending.append(c) } else { report.skip("RewriteCond (RewriteEngine is not On)") }
            case "rewriterule":
                guard let r = parse({ try ApacheRewriteRule.parse(d) }) else { continue }
                if engineOn { rewrites.append((r, pending)) } else { report.skip("RewriteRule (RewriteEngine is not On)") }
                pending = []
            case _ where ApacheAliasRedirect.isAliasRedirect(d.key): aliases.append(d)
            case "servername", "serveralias", "header": break
            case "rewritemap": if !engineOn { report.skip(d.name) }
            case "rewriteoptions":
                // Inheritance merges rules of another context, which this import does not model.
                if engineOn, d.args.contains(where: { $0.lowercased().hasPrefix("inherit") }) {
                    report.notImported(d.file, d.line, d.summary, "inherited RewriteRules of the enclosing context are not imported with this vhost")
                } else {
                    report.skip(d.name)
                }
            default: report.skip(d.block != nil ? "<\(d.name)>" : d.name)
            }
        }
        // Host tests of a context that names no host are decided on --host.
        var named = context
        if named.hosts.isEmpty, let h = options.host, let p = HostPattern(text: h) { named.hosts = [p] }
        var pass = ApacheRewritePass(context: named)
        pass.run(rewrites, report: &report)
        var rules = pass.candidates
        for value in pass.environment.values.values {
            if case .scheme(let header?) = value { schemeHeader = header }
        }
        let cache = ApacheCacheHeaders(context.body, report: &report)
        for d in aliases + inherited {
            let result: Result<ApacheAliasRedirect.Rules, ImportWhy>
            do { result = try ApacheAliasRedirect.translate(d) } catch let e as ImportError {
                failure = failure ?? e
                continue
            } catch { continue }
            switch result {
            case .failure(let why): report.notImported(d.file, d.line, d.summary, why.text)
            case .success(let r):
                if let b = r.sources.lazy.compactMap({ pass.blocking($0.0, forAlias: true) }).first {
                    report.notImported(d.file, d.line, d.summary, b)
                    continue
                }
                let note = d.comments.isEmpty ? nil : d.comments.joined(separator: " ")
                for (source, target) in r.sources {
                    rules.append(Candidate(source: source, target: target, code: r.code, query: r.query, note: note, directive: d))
                }
            }
        }
        for i in rules.indices { rules[i].cache = cache.policy(setting: rules[i].environment) }
        return onePathView(rules)
    }

    /// The trusted header relative targets take their scheme from (site.scheme_header).
    private(set) var schemeHeader: String?

    /// A rule file has one path view: when some redirects match the path as sent (read from
    /// `%{THE_REQUEST}`), those that match httpd's decoded path are reported, since `simulate`
    /// would match them on the raw path too. Rules that test no path belong to either.
    private mutating func onePathView(_ rules: [Candidate]) -> [Candidate] {
        guard rules.contains(where: \.rawPath) else { return rules }
        var kept: [Candidate] = []
        var reported = Set<Int>()
        for c in rules {
            if c.rawPath || c.source.text == "~^" {
                kept.append(c)
                continue
            }
            if reported.insert(c.directive.line).inserted {
                report.notImported(
                    c.directive.file, c.directive.line, c.directive.summary,
                    "it matches httpd's decoded path while other redirects here match the path as sent (%{THE_REQUEST}); one rule file has one path view"
                )
            }
        }
        return kept
    }

    /// The first positioned error of a malformed directive; the import throws it at the end.
    var failure: ImportError?

    private mutating func parse<T>(_ body: () throws -> T) -> T? {
        do { return try body() } catch let e as ImportError {
            failure = failure ?? e
            return nil
        } catch { return nil }
    }

    private mutating func countSkipped(_ list: [ApacheDirective]) {
        for d in list where d.key != "servername" && d.key != "serveralias" { report.skip(d.block != nil ? "<\(d.name)>" : d.name) }
    }

    /// Redirects inside `<Directory>`, `<Location>`, `<If>` … apply to part of the requests in ways
    /// a Detour rule does not say; they are reported, everything else there is skipped.
    private mutating func reportEnclosed(_ context: ApacheContext) {
        for (d, section) in context.enclosed {
            if d.key == "rewriterule" || ApacheAliasRedirect.isAliasRedirect(d.key) {
                report.notImported(
                    d.file, d.line, d.summary,
                    "inside <\(section.name) \(section.args.joined(separator: " "))> (line \(section.line)), which Detour rules cannot be limited to")
            } else if d.key != "rewritecond" {
                report.skip(d.name)
            }
        }
    }

    // MARK: assembly

    /// Contexts to one rule list: one context needs no hosts (it answers every request that
    /// reaches it); with several vhosts each rule is bound to each name of its vhost, in vhost
    /// order, as httpd picks the first vhost that lists the name.
    private mutating func assemble(_ given: [ContextRules]) -> RuleSet {
        var set = RuleSet()
        var hosts: [HostPattern] = []
        func addHost(_ h: HostPattern) { if !hosts.contains(h) { hosts.append(h) } }
        var outputs = given
        if let site = Self.sharedSiteHosts(outputs, host: options.host) {
            // Every rule is limited to the same names by a flag variable (or to one of them by
            // its own host test): they are the site's hosts, and the rules need no host of their own.
            for h in site { addHost(h) }
        } else {
            for i in outputs.indices { outputs[i].rules = outputs[i].rules.flatMap(Self.perSiteHost) }
        }
        // --host names the site of a source that names none; vhosts name their own.
        if let h = options.host, let p = HostPattern(text: h), !outputs.contains(where: { !$0.context.hosts.isEmpty }) { addHost(p) }
        for o in outputs {
            for h in o.context.hosts { addHost(h) }
            // Names from host conditions are the site's when it has names at all; an `.htaccess`
            // without --host answers every host, which an empty host list says.
            if !o.context.hosts.isEmpty || options.host != nil { for r in o.rules { if let h = r.host { addHost(h) } } }
            for (d, name) in o.context.unexpressibleNames {
                report.notImported(
                    d.file, d.line, "\(d.name) \(name)", "Detour hosts are exact names or *.suffix; rules of this vhost do not apply to it")
            }
        }
        set.site.hosts = hosts
        set.site.exports = [ExportTarget(server: "apache")]
        set.site.schemeHeader = schemeHeader
        if outputs.filter({ $0.context.section != nil }).count <= 1 {
            for o in outputs { for c in o.rules { set.rules.append(makeRule(c, host: c.host)) } }
        } else {
            set.rules = vhostRules(outputs)
        }
        set.lines = Array(repeating: 0, count: set.rules.count)
        return set
    }

    /// The names every rule of a single context without names of its own is limited to by a flag
    /// variable (`RewriteCond %{ENV:SITE} =1`); rules with their own host must be among them.
    static func sharedSiteHosts(_ outputs: [ContextRules], host: String?) -> [HostPattern]? {
        guard outputs.count == 1, outputs[0].context.hosts.isEmpty, host == nil else { return nil }
        let rules = outputs[0].rules
        guard let site = rules.lazy.compactMap(\.siteHosts).first else { return nil }
        let all = rules.allSatisfy { c in
            if let s = c.siteHosts { return s == site }
            guard let own = c.host else { return false }
            return site.contains { covers($0, own) }
        }
        return all ? site : nil
    }

    /// A rule limited to the site's names by a flag variable, as one rule per name.
    static func perSiteHost(_ c: Candidate) -> [Candidate] {
        guard let site = c.siteHosts else { return [c] }
        return site.map { h in
            var one = c
            one.host = h
            one.siteHosts = nil
            return one
        }
    }

    /// Several vhosts: each rule once per name of its vhost, in vhost order; what Detour cannot
    /// bind to a name is reported.
    private mutating func vhostRules(_ outputs: [ContextRules]) -> [Rule] {
        let vhostOutputs = outputs.filter { $0.context.section != nil }
        var rules: [Rule] = []
        // Several vhosts: a plain-http vhost whose names an https vhost also serves cannot be told
        // apart by the import, which does not translate scheme conditions yet.
        let httpsNames = Set(vhostOutputs.filter { $0.context.scheme == "https" }.flatMap(\.context.hosts))
        var claimed: [HostPattern] = []
        for (i, o) in outputs.enumerated() where !o.rules.isEmpty || o.context.section != nil {
            let c = o.context
            if c.scheme == "http" && c.hosts.contains(where: httpsNames.contains) {
                for r in o.rules {
                    report.notImported(
                        r.directive.file, r.directive.line, r.directive.summary,
                        "this vhost answers only http while another serves https for its names: " + ImportWhy.schemeNotTranslated
                    )
                }
                continue
            }
            if c.hosts.isEmpty {
                for r in o.rules {
                    report.notImported(
                        r.directive.file, r.directive.line, r.directive.summary,
                        "a vhost without a usable ServerName next to other vhosts answers hosts no other vhost names; Detour cannot say 'any other host'"
                    )
                }
                continue
            }
            if i == outputs.firstIndex(where: { $0.context.section != nil }), !o.rules.isEmpty, let s = c.section {
                report.notImported(
                    s.file, s.line, s.summary,
                    "the first vhost is httpd's default: it also answers hosts no ServerName lists; its rules apply only to its own names")
            }
            for h in c.hosts {
                if claimed.contains(where: { Self.covers($0, h) }) { continue }
                if case .suffix = h, let rival = claimed.first(where: { Self.covers(h, $0) }) {
                    for r in o.rules {
                        report.notImported(
                            r.directive.file, r.directive.line, r.directive.summary,
                            "an earlier vhost takes \(rival), which \(h) also matches; Detour cannot exclude that host from this wildcard")
                    }
                    continue
                }
                for r in o.rules {
                    if let only = r.host {
                        if only == h { rules.append(makeRule(r, host: h)) }
                        continue
                    }
                    rules.append(makeRule(r, host: h))
                }
            }
            claimed += c.hosts
        }
        return rules
    }

    /// The rule of a candidate, with an id from its file and line.
    private mutating func makeRule(_ c: Candidate, host: HostPattern?) -> Rule {
        var base = NginxTranslation.idStem(c.directive.file) + "-" + String(c.directive.line)
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
        r.note = c.note
        r.scheme = c.scheme
        r.starts = c.starts
        r.expires = c.expires
        r.rollout = c.rollout
        r.cache = c.cache
        return r
    }

    /// Whether every host `b` matches is also matched by `a`.
    static func covers(_ a: HostPattern, _ b: HostPattern) -> Bool {
        switch (a, b) {
        case (.exact(let x), .exact(let y)): return x == y
        case (.suffix, .exact(let y)): return a.matches(y)
        case (.suffix(let s), .suffix(let t)): return t == s || t.hasSuffix("." + s)
        case (.exact, .suffix): return false
        }
    }
}
