/// Traefik routers and middlewares to Detour rules. Traefik gives a request to the matching router
/// of highest `priority` (by default the length of its rule), and that router alone answers it:
/// its `redirectRegex` redirects when the regex matches the URL, otherwise its service answers.
/// The rules follow the routers' priority order; a rule is reported when a router before it
/// takes some of its requests without redirecting them, since a Detour rule cannot stop the search.
struct TraefikTranslation {
    var config: TraefikDynamicConfig
    let options: ImportOptions
    var report = ImportReport()
    private var hosts: [HostPattern] = []
    /// What each router takes, router index per claim rule, to find the rules a router before them shadows.
    private var claims = RuleSet()
    private var claimOwner: [Int] = []
    private var pending: [(rule: Rule, owner: Int, router: TraefikDynamicConfig.Router)] = []

    init(config: TraefikDynamicConfig, options: ImportOptions) {
        self.config = config
        self.options = options
        if let h = options.host, let p = HostPattern(text: h) { hosts.append(p) }
    }

    /// The routers in the order Traefik tries them: priority, highest first; ties by name.
    static func ordered(_ routers: [TraefikDynamicConfig.Router]) -> [TraefikDynamicConfig.Router] {
        routers.sorted { ($0.effectivePriority, $1.name) > ($1.effectivePriority, $0.name) }
    }

    mutating func run() -> ImportResult {
        let routers = Self.ordered(config.routers)
        for (index, router) in routers.enumerated() { translate(router, index: index) }
        var list = ImportedRuleList()
        let matcher = claims.rules.isEmpty ? nil : RuleMatcher(ruleSet: claims, semantics: .detour(claims.site))
        var site = SiteSettings()
        site.hosts = hosts
        // Each rule's witness goes to the router Traefik gives it (among the routers sharing the
        // rule's entry point) and to the first imported rule; when they are not the same router
        // the answers differ, and the rule's router is reported once with none of its rules kept.
        var shadowed = Set<Int>()
        let answers = RuleMatcher(ruleSet: RuleSet(rules: pending.map(\.rule)), semantics: .detour(site))
        for p in pending where !shadowed.contains(p.owner) {
            guard let w = VerifyRequests.witness(for: p.rule, site: site, time: Timestamp(secondsSinceEpoch: 0)), let matcher else { continue }
            var after = -1
            var traefikOwner = p.owner
            while let m = matcher.firstMatch(w, after: after, ignoringRollouts: false) {
                after = m.ruleIndex
                if routers[claimOwner[m.ruleIndex]].sharesEntryPoint(with: p.router) {
                    traefikOwner = claimOwner[m.ruleIndex]
                    break
                }
            }
            let detourOwner = answers.firstMatch(w).map { pending[$0.ruleIndex].owner } ?? p.owner
            guard traefikOwner != detourOwner else { continue }
            shadowed.insert(p.owner)
            let why: String
            if traefikOwner != p.owner {
                let other = routers[traefikOwner]
                why =
                    "router \(other.name) (priority \(other.effectivePriority)) takes \(w.method) \(w.path) first without redirecting it; a Detour rule cannot stop the search"
            } else {
                why =
                    "router \(routers[detourOwner].name) of another entry point would answer \(w.method) \(w.path) first in Detour, which cannot tell entry points apart"
            }
            report.notImported(p.router.file, p.router.line, "router \(p.router.name)", why)
        }
        for p in pending where !shadowed.contains(p.owner) { list.append(p.rule, file: p.router.file, line: p.router.line) }
        var set = RuleSet(rules: list.rules)
        set.site = site
        report.imported = set.rules.count
        report.notImported = ImportReport.inFileOrder(report.notImported, files: config.routers.map(\.file))
        return ImportResult(ruleSet: set, report: report)
    }

    private mutating func translate(_ router: TraefikDynamicConfig.Router, index: Int) {
        let construct = "router \(router.name)"
        let alternatives: [TraefikRouterRules]
        do {
            alternatives = try TraefikRuleExpression.parse(router.rule).alternatives().map(TraefikRouterRules.init)
        } catch let why as ImportWhy {
            report.notImported(router.file, router.line, construct, "rule \(router.rule): \(why.text)")
            return
        } catch {
            report.notImported(router.file, router.line, construct, "\(error)")
            return
        }
        for a in alternatives { claim(a, owner: index) }
        let answer: RouterAnswer?
        do { answer = try findRedirect(router) } catch let why as ImportWhy {
            report.notImported(router.file, router.line, construct, why.text)
            return
        } catch {
            report.notImported(router.file, router.line, construct, "\(error)")
            return
        }
        guard let answer else {
            report.skip("router without a redirect middleware")
            return
        }
        var produced: [Rule] = []
        do {
            switch answer {
            case .constant(let location, let code, let cache):
                for a in alternatives { produced += try constantRules(a, location: location, code: code, cache: cache) }
            case .regex(let m, let companion, let cache):
                produced = try regexRules(alternatives, m, companion: companion, cache: cache)
            }
        } catch let why as ImportWhy {
            report.notImported(router.file, router.line, construct, why.text)
            return
        } catch {
            report.notImported(router.file, router.line, construct, "\(error)")
            return
        }
        for rule in produced {
            var r = rule
            r.note = router.note
            // The site's hosts are those the routers name.
            if let h = r.host, !hosts.contains(h) { hosts.append(h) }
            pending.append((r, index, router))
        }
    }

    /// How a router answers: a `redirectRegex` (with the second of Detour's kept-query pair), or
    /// Detour's constant answer (`headers` setting `Location`, then `errors` rewriting the code).
    enum RouterAnswer {
        case regex(TraefikDynamicConfig.Middleware, companion: TraefikDynamicConfig.Middleware?, cache: CachePolicy)
        case constant(location: String, code: StatusCode, cache: CachePolicy)
    }

    private func regexRules(
        _ alternatives: [TraefikRouterRules], _ mw: TraefikDynamicConfig.Middleware, companion: TraefikDynamicConfig.Middleware?,
        cache: CachePolicy
    ) throws -> [Rule] {
        let o = mw.options
        guard let regex = o.caseless("regex")?.string, let replacement = o.caseless("replacement")?.string else {
            throw ImportWhy("middleware \(mw.name): redirectRegex needs regex and replacement")
        }
        let permanent = o.caseless("permanent")?.bool ?? false
        var out: [Rule] = []
        if let exported = TraefikExportedIdioms.urlRegex(regex) {
            for a in alternatives {
                out += try exportedRegexRules(a, exported, replacement: replacement, companion: companion, permanent: permanent, cache: cache)
            }
            return out
        }
        do {
            let rr = try TraefikRedirectRegex.make(regex: regex, replacement: replacement)
            for a in alternatives {
                let (source, target) = try sourceAndTarget(a.path, rr)
                out += try rules(a, source: source, target: target, query: rr.query, regexHosts: rr.hosts, permanent: permanent, cache: cache)
            }
        } catch let why as ImportWhy {
            throw ImportWhy("middleware \(mw.name) (regex \(regex)): \(why.text)")
        }
        return out
    }

    /// Rules for Detour's own redirectRegex: the router's path matcher is the source (the regex's
    /// path only picks the captures out of the raw URL), the replacement the target.
    private func exportedRegexRules(
        _ a: TraefikRouterRules, _ exported: TraefikExportedIdioms.URLRegex, replacement: String, companion: TraefikDynamicConfig.Middleware?,
        permanent: Bool, cache: CachePolicy
    ) throws -> [Rule] {
        let source = a.path ?? (try! Source.parse("/*"))
        var text: String
        let query: QueryMode
        switch exported.tail {
        case .anyQuery:
            text = try TraefikExportedIdioms.target(replacement: replacement, source: source)
            query = .drop
        case .withQuery:
            guard let companion, let second = companion.options.caseless("replacement")?.string,
                let secondRegex = companion.options.caseless("regex")?.string,
                TraefikExportedIdioms.urlRegex(secondRegex)?.tail == .withoutQuery,
                TraefikExportedIdioms.isKeptQueryPair(withQuery: replacement, withoutQuery: second, source: source)
            else {
                throw ImportWhy("a redirectRegex that answers only requests with a query, without the one for requests without")
            }
            text = try TraefikExportedIdioms.target(replacement: second, source: source)
            query = .keep
        case .withoutQuery:
            throw ImportWhy("a redirectRegex that answers only requests without a query")
        }
        if text.isEmpty { text = "/" }
        let target: Target
        do { target = try Target.parse(text, captureCount: source.captureCount, sourceIsPrefix: source.isPrefix) } catch let e as TargetSyntaxError {
            throw ImportWhy("the replacement \(replacement) is not a Detour target: \(e.message)")
        }
        return try rules(a, source: source, target: target, query: query, regexHosts: nil, permanent: permanent, cache: cache)
    }

    /// Rules for Detour's constant answer: the `Location` as written, the code for every method.
    private func constantRules(_ a: TraefikRouterRules, location: String, code: StatusCode, cache: CachePolicy) throws -> [Rule] {
        let source = a.path ?? (try! Source.parse("/*"))
        guard let target = try? Target.parse(location, captureCount: source.captureCount, sourceIsPrefix: source.isPrefix),
            target.parts.allSatisfy({ if case .literal = $0 { return true } else { return false } })
        else {
            throw ImportWhy("the Location \(location) holds text a Detour target reads as a placeholder ('*', '{…}', '$1')")
        }
        var out: [Rule] = []
        for h in a.hosts.isEmpty ? [nil] : a.hosts.map(Optional.some) {
            var r = Rule(id: "traefik", source: source, target: target, code: code)
            r.host = h.flatMap { HostPattern(text: $0) }
            r.methods = a.methods
            r.conditions = a.conditions
            r.query = .drop
            r.cache = cache
            out.append(r)
        }
        return out
    }

    /// The router's middlewares in order (chains expanded) up to its answer: `headers` before it
    /// give the cache policy (and, for Detour's constant answer, the Location); anything else
    /// before it may change the request, so it is reported.
    private func findRedirect(_ router: TraefikDynamicConfig.Router) throws -> RouterAnswer? {
        var cache = CachePolicy.none
        var location: String? = nil
        let names = try expanded(router.middlewares, depth: 0)
        for (k, name) in names.enumerated() {
            guard let m = config.middlewares[name] else {
                throw ImportWhy("the middleware \(name) is not defined in the imported files")
            }
            switch m.kind.lowercased() {
            case "redirectregex":
                let next = k + 1 < names.count ? config.middlewares[names[k + 1]] : nil
                return .regex(m, companion: next?.kind.lowercased() == "redirectregex" ? next : nil, cache: cache)
            case "redirectscheme":
                throw ImportWhy("redirectScheme (middleware \(name)): " + ImportWhy.schemeNotTranslated)
            case "headers":
                for (k, v) in m.options.caseless("customResponseHeaders")?.entries ?? [] {
                    switch k.lowercased() {
                    case "cache-control":
                        guard let text = v.string, let c = CachePolicy(text: text) else {
                            throw ImportWhy("Cache-Control \(v.string ?? "") of middleware \(name) is not a value Detour's cache field holds")
                        }
                        cache = c
                    case "location": location = v.string
                    default: break
                    }
                }
            case "errors":
                if let location, let code = Self.constantCode(m) { return .constant(location: location, code: code, cache: cache) }
                throw ImportWhy("the middleware \(name) (\(m.kind)) runs before any redirect and may change the request; it has no Detour equivalent")
            default:
                throw ImportWhy("the middleware \(name) (\(m.kind)) runs before any redirect and may change the request; it has no Detour equivalent")
            }
        }
        return nil
    }

    /// The code of Detour's constant answer: `errors` turning `noop@internal`'s 418 into it.
    private static func constantCode(_ m: TraefikDynamicConfig.Middleware) -> StatusCode? {
        let o = m.options
        guard o.caseless("status")?.array?.compactMap(\.string) == ["418"], o.caseless("service")?.string == "noop@internal",
            let rewrites = o.caseless("statusRewrites")?.entries, rewrites.count == 1, rewrites[0].0 == "418",
            let n = rewrites[0].1.int ?? rewrites[0].1.string.flatMap({ Int($0) })
        else { return nil }
        return StatusCode(rawValue: n)
    }

    private func expanded(_ names: [String], depth: Int) throws -> [String] {
        guard depth < 10 else { throw ImportWhy("chains nest more than 10 deep") }
        var out: [String] = []
        for raw in names {
            var name = raw
            if name.hasSuffix("@file") { name.removeLast(5) }
            if let m = config.middlewares[name], m.kind.lowercased() == "chain" {
                out += try expanded((m.options.caseless("middlewares")?.array ?? []).compactMap(\.string), depth: depth + 1)
            } else {
                out.append(name)
            }
        }
        return out
    }

    /// Detour rules for one alternative: per host, a GET rule with 301/302 before the rule for the
    /// other methods with 308/307, as Traefik answers them.
    private func rules(
        _ a: TraefikRouterRules, source: Source, target: Target, query: QueryMode, regexHosts: [String]?, permanent: Bool, cache: CachePolicy
    ) throws -> [Rule] {
        var hostNames: [String?] = a.hosts.isEmpty ? [nil] : a.hosts
        if let regexHosts {
            hostNames = a.hosts.isEmpty ? regexHosts : a.hosts.filter(regexHosts.contains)
            if hostNames.isEmpty { throw ImportWhy("the router's Host and the regex's host never agree, so the redirect never happens") }
        }
        let getCode: StatusCode = permanent ? .movedPermanently : .found
        let otherCode: StatusCode = permanent ? .permanentRedirect : .temporaryRedirect
        var out: [Rule] = []
        for h in hostNames {
            var base = Rule(id: "traefik", source: source, target: target, code: otherCode)
            if let h, let p = HostPattern(text: h) { base.host = p }
            base.conditions = a.conditions
            base.query = query
            base.cache = cache
            let methods = a.methods
            if methods == nil || methods!.contains("GET") {
                var g = base
                g.methods = ["GET"]
                g.code = getCode
                out.append(g)
            }
            let others = methods.map { $0.filter { $0 != "GET" } }
            if others == nil || !others!.isEmpty {
                var o = base
                o.methods = others
                out.append(o)
            }
        }
        return out
    }

    /// The source from the router's path matcher and the regex's path, which must agree.
    private func sourceAndTarget(_ routerPath: Source?, _ rr: TraefikRedirectRegex) throws -> (Source, Target) {
        func target(_ text: String, _ s: Source) throws -> Target {
            do { return try Target.parse(text, captureCount: s.captureCount, sourceIsPrefix: false) } catch let e as TargetSyntaxError {
                throw ImportWhy("the replacement is not a Detour target: \(e.message)")
            }
        }
        guard let pattern = rr.pathPattern else {
            let s = routerPath ?? (try! Source.parse("/*"))
            guard !s.isPrefix else {
                // A prefix source's target would need '*' to mean nothing; an exact replacement is literal.
                return (s, try target(rr.target, try Source.parse("/x")))
            }
            return (s, try target(rr.target, s))
        }
        let regexSource = Source(kind: .regex(try PortableRegex(pattern)), text: "~" + pattern)
        guard let rp = routerPath else { return (regexSource, try target(rr.target, regexSource)) }
        switch rp.kind {
        case .prefix(let p):
            guard case .regex(let re) = regexSource.kind, String(decoding: re.literalPrefix, as: UTF8.self).hasPrefix(p) else {
                throw ImportWhy("the router's PathPrefix(`\(p)`) and the regex's path do not nest; Detour has one source per rule")
            }
            return (regexSource, try target(rr.target, regexSource))
        case .exact(let p):
            // The path is fixed: the regex's groups are known, so the target is literal.
            guard case .regex(let re) = regexSource.kind, let slots = CompiledRegex(re).firstMatch(Array(p.utf8)) else {
                throw ImportWhy("the regex never matches the router's Path(`\(p)`), so the redirect never happens")
            }
            var text = rr.target
            let bytes = Array(p.utf8)
            for g in stride(from: re.groupCount, through: 1, by: -1) {
                let (s, e) = (slots[2 * g], slots[2 * g + 1])
                let value = s >= 0 ? String(decoding: bytes[s..<e], as: UTF8.self) : ""
                text = text.replacingOccurrences(of: "$" + String(g), with: value)
            }
            return (rp, try target(text, rp))
        case .regex:
            throw ImportWhy("PathRegexp and a redirectRegex with its own path: Detour has one source per rule")
        }
    }

    /// Records what a router alternative takes, for the shadow check.
    private mutating func claim(_ a: TraefikRouterRules, owner: Int) {
        for h in a.hosts.isEmpty ? [nil] : a.hosts.map(Optional.some) {
            var r = Rule(
                id: "claim-\(claims.rules.count)", source: a.path ?? (try! Source.parse("/*")), target: Target(parts: [], text: "/"), code: .found)
            r.host = h.flatMap { HostPattern(text: $0) }
            r.methods = a.methods
            r.conditions = a.conditions
            claims.rules.append(r)
            claims.lines.append(0)
            claimOwner.append(owner)
        }
    }
}
