/// Netlify rules to Detour rules. Netlify takes the first rule that matches, as Detour does, so
/// the order is kept; what changes is how a rule is written (see `NetlifyPattern`) and what is
/// reported: rewrites (200), error pages (404) and proxies are not redirects, conditions Detour has
/// no test for (country, language, role), and redirects that an earlier non-redirect rule answers
/// first.
struct NetlifyTranslation {
    let options: ImportOptions
    var report = ImportReport()
    private var list = ImportedRuleList()
    private var lines: [Int] = []
    private var hosts: [HostPattern] = []
    /// Rules that are not redirects, as rules of their own (in file order) to find the redirects
    /// they answer first.
    private var shadows = RuleSet()
    private var shadowOrder: [Int] = []
    private var shadowSummaries: [String] = []
    /// Redirects waiting for the shadow check: the rule, its place in the file order, a request it answers.
    private var pending: [(rule: Rule, order: Int, entry: NetlifyEntry, witness: HTTPRequest)] = []
    private var unforced = 0

    init(options: ImportOptions) {
        self.options = options
        if let h = options.host, let p = HostPattern(text: h) { hosts.append(p) }
    }

    mutating func run(_ entries: [NetlifyEntry]) -> ImportResult {
        let pairs = Self.schemePairs(entries)
        for (order, e) in entries.enumerated() {
            if pairs.secondHalves.contains(order) {
                report.notes.append("\(e.file):\(e.line): \(e.from) is the other scheme of an earlier rule; both became one rule")
                continue
            }
            translate(e, order: order, bothSchemes: pairs.firstHalves.contains(order))
        }
        finishShadowCheck()
        report.notImported = ImportReport.inFileOrder(report.notImported, files: entries.map(\.file))
        var set = RuleSet(rules: list.rules, lines: lines)
        set.site.hosts = hosts
        // Netlify normalises a trailing slash before its rules run: /about matches /about/ too.
        set.site.trailingSlash = .fold
        report.imported = set.rules.count
        if unforced > 0 {
            report.notes.append(
                "\(unforced) rule\(unforced == 1 ? " has" : "s have") no '!': Netlify skips such a rule when a file exists at its path; "
                    + "Detour has no files, so the rule always applies — keep no deployed file at those paths")
        }
        return ImportResult(ruleSet: set, report: report)
    }

    private mutating func translate(_ e: NetlifyEntry, order: Int, bothSchemes: Bool) {
        let isRedirect = [301, 302, 303, 307, 308].contains(e.status)
        do {
            var (host, path) = try split(e.from, bothSchemes: bothSchemes)
            if path.isEmpty { path = "/" }
            let pattern = try NetlifyPattern.make(path: path)
            if !isRedirect {
                addShadow(e, pattern: pattern, host: host, order: order)
                return
            }
            var rule = Rule(
                id: "netlify", source: pattern.source, target: try pattern.target(e.to, queryNames: queryPlaceholders(e)),
                code: StatusCode(rawValue: e.status)!)
            rule.host = host
            rule.conditions = try conditions(e)
            let query = queryConditions(e)
            if !query.isEmpty {
                rule.source = Source(
                    kind: rule.source.kind, query: query, text: rule.source.text + "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
                )
            }
            // Netlify passes the request's query on unless the rule matches query parameters or
            // its destination has a query of its own.
            rule.query = query.isEmpty && !e.to.contains("?") ? .keep : .drop
            rule.note = e.note
            if !e.force { unforced += 1 }
            pending.append((rule, order, e, witness(e, path: path, host: host)))
        } catch let why as ImportWhy {
            if isRedirect {
                report.notImported(e.file, e.line, e.summary, why.text)
            } else {
                report.skip(Self.skipReason(e))
            }
        } catch {
            report.notImported(e.file, e.line, e.summary, "\(error)")
        }
    }

    /// The host of a `from` URL (nil for a path) and its path.
    private mutating func split(_ from: String, bothSchemes: Bool) throws -> (HostPattern?, String) {
        guard let scheme = Target.schemeOf(from) else { return (nil, from) }
        let rest = from.dropFirst(scheme.count + 3)
        let hostText = String(rest.prefix { $0 != "/" })
        guard let host = HostPattern(text: hostText) else { throw ImportWhy("'\(hostText)' is not a host name") }
        if !bothSchemes {
            throw ImportWhy(
                "the rule matches only \(scheme) requests to \(hostText): " + ImportWhy.schemeNotTranslated
            )
        }
        if !hosts.contains(host) { hosts.append(host) }
        return (host, String(rest.dropFirst(hostText.count)))
    }

    private func queryPlaceholders(_ e: NetlifyEntry) -> Set<String> {
        Set(e.query.compactMap { $0.value.hasPrefix(":") ? String($0.value.dropFirst()) : nil })
    }

    /// `id=:id` asks for the parameter with any value, `id=5` for that value.
    private func queryConditions(_ e: NetlifyEntry) -> [Condition] {
        e.query.map { q in
            Condition(kind: .query, name: q.name, value: q.value.hasPrefix(":") ? .present : .exact(q.value))
        }
    }

    private func conditions(_ e: NetlifyEntry) throws -> [Condition] {
        var out: [Condition] = []
        for c in e.conditions {
            switch c.name.lowercased() {
            case "country":
                throw ImportWhy(
                    "Country=\(c.values.joined(separator: ",")): Netlify decides the country from the client's IP address; Detour conditions test headers, cookies and query parameters"
                )
            case "language":
                throw ImportWhy(
                    "Language=\(c.values.joined(separator: ",")): Netlify ranks the Accept-Language header; no Detour header test matches that ranking"
                )
            case "role":
                throw ImportWhy(
                    "Role=\(c.values.joined(separator: ",")): Netlify reads the role from a signed JWT cookie, which Detour cannot verify")
            case "cookie":
                guard c.values.count == 1 else {
                    throw ImportWhy("Cookie=\(c.values.joined(separator: ",")): any of several cookies; Detour conditions must all hold")
                }
                out.append(Condition(kind: .cookie, name: c.values[0], value: .present))
            default:
                throw ImportWhy("the condition \(c.name) is not one Detour knows")
            }
        }
        return out
    }

    private mutating func addShadow(_ e: NetlifyEntry, pattern: NetlifyPattern, host: HostPattern?, order: Int) {
        report.skip(Self.skipReason(e))
        var r = Rule(id: "shadow-\(shadowOrder.count)", source: pattern.source, target: Target(parts: [], text: "/"), code: .found)
        r.host = host
        let query = queryConditions(e)
        if !query.isEmpty { r.source = Source(kind: r.source.kind, query: query, text: r.source.text + "?q") }
        shadows.rules.append(r)
        shadows.lines.append(e.line)
        shadowOrder.append(order)
        shadowSummaries.append("\(e.file):\(e.line) (\(Self.skipReason(e)))")
    }

    static func skipReason(_ e: NetlifyEntry) -> String {
        switch e.status {
        case 200: return Target.schemeOf(e.to) != nil ? "proxy (200)" : "rewrite (200)"
        case 404: return "custom 404 page"
        default: return "status \(e.status) (not a redirect)"
        }
    }

    /// A request the rule answers: placeholders and the splat filled with `x`, its query parameters present.
    private func witness(_ e: NetlifyEntry, path: String, host: HostPattern?) -> HTTPRequest {
        var p = ""
        var skipping = false
        for c in path {
            if skipping {
                if NetlifyPattern.isNameCharacter(c) { continue }
                skipping = false
            }
            if c == ":" {
                p += "x"
                skipping = true
            } else if c == "*" {
                p += "x"
            } else {
                p.append(c)
            }
        }
        let q = e.query.map { "\($0.name)=\($0.value.hasPrefix(":") ? "x" : $0.value)" }.joined(separator: "&")
        let h: String
        switch host {
        case .exact(let name)?: h = name
        case .suffix(let s)?: h = "x." + s
        case nil: h = options.host ?? "example.com"
        }
        return HTTPRequest(method: "GET", host: h, path: p, query: q.isEmpty ? nil : q, time: Timestamp(secondsSinceEpoch: 0))
    }

    /// Each redirect an earlier rewrite, proxy or error page answers first is reported; the others
    /// become rules.
    private mutating func finishShadowCheck() {
        var site = SiteSettings()
        site.trailingSlash = .fold
        shadows.site = site
        let matcher = shadows.rules.isEmpty ? nil : RuleMatcher(ruleSet: shadows, semantics: .detour(site))
        for p in pending {
            if let m = matcher?.firstMatch(p.witness), shadowOrder[m.ruleIndex] < p.order {
                report.notImported(
                    p.entry.file, p.entry.line, p.entry.summary,
                    "the earlier rule \(shadowSummaries[m.ruleIndex]) answers \(p.witness.path) first and Detour has no rule that stops without redirecting"
                )
                if !p.entry.force { unforced -= 1 }
                continue
            }
            list.append(p.rule, file: p.entry.file, line: p.entry.line)
            lines.append(0)
        }
    }

    /// Domain rules written for both schemes (`http://old.example/*` and `https://old.example/*`
    /// with the same destination): the first becomes one rule, the second is its twin.
    static func schemePairs(_ entries: [NetlifyEntry]) -> (firstHalves: Set<Int>, secondHalves: Set<Int>) {
        var seen: [String: (index: Int, scheme: String)] = [:]
        var first = Set<Int>()
        var second = Set<Int>()
        for (i, e) in entries.enumerated() {
            guard let scheme = Target.schemeOf(e.from)?.lowercased() else { continue }
            let rest = e.from.dropFirst(scheme.count + 3).lowercased()
            let key = rest + " " + e.summary.split(separator: " ").dropFirst().joined(separator: " ")
            if let s = seen[key], s.scheme != scheme, !first.contains(s.index) {
                first.insert(s.index)
                second.insert(i)
            } else if seen[key] == nil {
                seen[key] = (i, scheme)
            }
        }
        return (first, second)
    }
}
