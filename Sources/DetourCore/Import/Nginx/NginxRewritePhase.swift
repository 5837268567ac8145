/// nginx's rewrite phase in one block (server level, or the selected location): `return`,
/// `rewrite` and `if` in file order, the first redirect that applies wins. Each redirect becomes a
/// rule whose source is the directive's pattern within the block's own (server: every path;
/// location: its pattern); what the phase cannot carry is reported.
struct RewritePhase {
    typealias Candidate = NginxImporter.Candidate

    /// A directive that can end the phase for some requests without a redirect Detour knows
    /// (an internal rewrite, a conditional non-redirect `return`), with the paths it acts on (nil:
    /// unknown, taken as any).
    struct Blocker {
        let directive: NginxDirective
        let paths: DFA?
    }

    let scope: NginxLocation?
    let server: NginxServerBlock
    let cache: Result<CachePolicy, ImportWhy>
    /// The `add_header Cache-Control` value when it is a variable's (`$cc`, set per `if`).
    let cacheTemplate: String?
    var blockers: [Blocker] = []
    /// `set $name VALUE` so far, as text with the earlier ones written in.
    private(set) var sets: [String: String] = [:]
    /// The unconditional directive after which nothing in the block runs.
    private(set) var stoppedBy: NginxDirective?
    /// True when the block's first directive redirects every request that reaches it.
    private(set) var alwaysRedirects = false
    private var seenFirst = false

    init(
        scope: NginxLocation?, server: NginxServerBlock, cache: Result<CachePolicy, ImportWhy>, cacheTemplate: String? = nil,
        blockers: [Blocker] = []
    ) {
        self.scope = scope
        self.server = server
        self.cache = cache
        self.cacheTemplate = cacheTemplate
        self.blockers = blockers
    }

    /// `return CODE URL` / `return URL`: the code and URL when it is a redirect.
    static func returnRedirect(_ d: NginxDirective) -> (StatusCode, String)? {
        let a = d.args
        if a.count == 2, let n = Int(a[0]), let code = StatusCode(rawValue: n) { return (code, a[1]) }
        if a.count == 1, a[0].hasPrefix("http://") || a[0].hasPrefix("https://") || a[0].hasPrefix("$scheme") { return (.found, a[0]) }
        return nil
    }

    /// `rewrite REGEX REPLACEMENT FLAG`: the regex, replacement and code when it redirects.
    static func rewriteRedirect(_ d: NginxDirective) -> (String, String, StatusCode)? {
        let a = d.args
        guard a.count == 2 || a.count == 3 else { return nil }
        let flag = a.count == 3 ? a[2] : ""
        if flag == "permanent" { return (a[0], a[1], .movedPermanently) }
        if flag == "redirect" { return (a[0], a[1], .found) }
        if a[1].hasPrefix("http://") || a[1].hasPrefix("https://") || a[1].hasPrefix("$scheme") { return (a[0], a[1], .found) }
        return nil
    }

    mutating func run(_ body: [NginxDirective], _ t: inout NginxTranslation) -> [Candidate] {
        var out: [Candidate] = []
        for d in body {
            if let stop = stoppedBy {
                if d.name == "location" {
                    t.reportConstructs(in: d, "never reached: this block answers every request at line \(stop.line) first")
                } else {
                    if NginxTranslation.isRedirectConstruct(d) || d.name == "if" {
                        t.reportConstructs(in: d, "never reached: this block answers every request at line \(stop.line) first")
                    } else {
                        t.report.skip(d.name)
                    }
                }
                continue
            }
            switch d.name {
            case "return", "rewrite":
                out += directive(d, condition: nil, &t)
            case "set":
                Self.record(d, into: &sets)
                t.report.skip("set")
            case "if" where NginxConditionalReturn.applies(d, variables: t.variables, sets: sets):
                seenFirst = true
                alwaysRedirects = false
                out += variableIf(d, &t)
            case "if":
                let first = !seenFirst
                seenFirst = true
                switch NginxIfCondition.parse(d) {
                case .failure(let why):
                    t.reportConstructs(in: d, "if \(d.args.joined(separator: " ")): \(why.text)")
                    for inner in d.block ?? [] where inner.name == "return" && Self.returnRedirect(inner) == nil {
                        blockers.append(Blocker(directive: inner, paths: scopePaths))
                    }
                case .success(let cond):
                    for inner in d.block ?? [] {
                        if inner.name == "return" || inner.name == "rewrite" {
                            out += directive(inner, condition: cond, &t)
                        } else {
                            t.report.skip(inner.name)
                        }
                    }
                }
                // A conditional block never redirects every request.
                if first { alwaysRedirects = false }
            case "location":
                t.reportConstructs(in: d, "nested locations are not imported")
            case "break":
                t.report.skip("break")
                stoppedBy = d
                seenFirst = true
            case "error_page":
                if d.args.last.map({ $0.hasPrefix("http://") || $0.hasPrefix("https://") }) == true {
                    t.report.notImported(
                        d.file, d.line, d.summary, "error pages that redirect depend on the upstream's answer, which Detour does not see")
                } else {
                    t.report.skip(d.name)
                }
            case "add_header", "expires":
                break
            default:
                t.report.skip(d.name)
            }
        }
        return out
    }

    /// One `return` or `rewrite` (inside an `if` when `condition` is set).
    private mutating func directive(_ d: NginxDirective, condition: NginxIfCondition?, _ t: inout NginxTranslation) -> [Candidate] {
        let first = !seenFirst
        seenFirst = true
        if d.name == "return" {
            guard let (code, url) = Self.returnRedirect(d) else {
                t.report.skip("return (not a redirect)")
                if condition == nil { stoppedBy = d } else { blockers.append(Blocker(directive: d, paths: scopePaths)) }
                return []
            }
            if let blocked = blocker(for: scopePaths) {
                t.report.notImported(d.file, d.line, d.summary, blockedWhy(blocked))
                if condition == nil { stoppedBy = d }
                return []
            }
            let result = returnRules(d, code: code, url: url, condition: condition, &t)
            if condition == nil {
                stoppedBy = d
                if first, !result.isEmpty, condition?.mapVariable == nil { alwaysRedirects = true }
            }
            return result
        }
        guard let (regex, replacement, code) = Self.rewriteRedirect(d) else {
            guard d.args.count >= 2 else {
                t.report.notImported(d.file, d.line, d.summary, "a rewrite takes a regex and a replacement")
                return []
            }
            t.report.skip("rewrite (internal, not a redirect)")
            let paths = (try? NginxRegex.portable(d.args[0], caseless: false).get()).flatMap { try? DFA(searching: $0) }
            blockers.append(Blocker(directive: d, paths: paths))
            return []
        }
        let candidate = rewriteRule(d, regex: regex, replacement: replacement, code: code, condition: condition)
        switch candidate {
        case .failure(let why):
            t.report.notImported(d.file, d.line, d.summary, why.text)
            return []
        case .success(let c):
            if let blocked = blocker(for: NginxPathLanguage.of(c.source)) {
                t.report.notImported(d.file, d.line, d.summary, blockedWhy(blocked))
                return []
            }
            if first, condition == nil, ["^", "^(.*)$", "^/(.*)$", "(.*)", ".*", "^.*$"].contains(regex) {
                alwaysRedirects = true
            }
            return [c]
        }
    }

    private func blockedWhy(_ b: Blocker) -> String {
        "`\(b.directive.summary)` at line \(b.directive.line) acts on some of these requests first without a redirect Detour can express"
    }

    /// The first blocker whose requests may also be this rule's.
    private func blocker(for paths: DFA?) -> Blocker? {
        blockers.first { NginxPathLanguage.sharedPath($0.paths, paths) != nil }
    }

    /// Every path of this block: nil at server level (any path) and where unknown.
    private var scopePaths: DFA? {
        scope.flatMap { NginxPathLanguage.of($0.kind) }
    }

    /// The source a `return` has in this block, and the captures its target may use.
    private func returnSource() -> Result<(Source, Int, Bool), ImportWhy> {
        func parsed(_ text: String) -> Result<(Source, Int, Bool), ImportWhy> {
            do {
                let s = try Source.parse(text)
                if case .prefix = s.kind { return .success((s, 0, true)) }
                return .success((s, s.captureCount, false))
            } catch let e as SourceSyntaxError { return .failure(ImportWhy("the location '\(text)' is not a Detour source: \(e.message)")) } catch {
                return .failure(ImportWhy("the location is not a Detour source"))
            }
        }
        switch scope?.kind {
        case nil: return parsed("/*")
        case .exact(let e)?:
            return e.contains("?") || e.contains("*")
                ? .failure(ImportWhy("the exact location '\(e)' has characters Detour reads as a query or wildcard")) : parsed(e)
        case .prefix(let p, _)?:
            return p.contains("?") || p.contains("*")
                ? .failure(ImportWhy("the prefix '\(p)' has characters Detour reads as a query or wildcard")) : parsed(p + "*")
        case .regex(_, let pattern, let caseless)?:
            switch NginxRegex.portable(pattern, caseless: caseless) {
            case .success(let r): return parsed("~" + r.pattern)
            case .failure(let why): return .failure(why)
            }
        case .named?: return .failure(ImportWhy("a named location is reached only by internal redirects"))
        }
    }

    private func finish(_ c: inout Candidate, _ condition: NginxIfCondition?) -> ImportWhy? {
        if let template = cacheTemplate {
            let text = template.hasPrefix("$") ? sets[String(template.dropFirst())] ?? "" : template
            guard text.isEmpty || !text.contains("$"), let p = text.isEmpty ? CachePolicy.none : CachePolicy(text: text) else {
                return ImportWhy("the Cache-Control value '\(template)' is not one Detour's cache field can hold")
            }
            c.cache = p
            return nil
        }
        switch cache {
        case .success(let p): c.cache = p
        case .failure(let why): return why
        }
        if let condition {
            c.methods = condition.methods
            c.conditions = condition.conditions
            if let h = condition.host {
                if !server.hosts.isEmpty
                    && !server.hosts.contains(where: { if case .exact(let n) = h { return $0.matches(n) } else { return false } })
                {
                    return ImportWhy("never true: this server does not answer \(h)")
                }
                c.host = h
            }
        }
        return nil
    }

    private mutating func returnRules(_ d: NginxDirective, code: StatusCode, url: String, condition: NginxIfCondition?, _ t: inout NginxTranslation)
        -> [Candidate]
    {
        // `return 301 $mapped;` looks the target up in a map: one rule per entry.
        if url.hasPrefix("$"), let table = t.maps[String(url.dropFirst())] {
            guard scope == nil || scope?.kind == .prefix("/", stopsRegex: false) else {
                t.report.notImported(d.file, d.line, d.summary, "a return of a map variable is carried at server level or in `location /` only")
                return []
            }
            if let v = condition?.mapVariable, v != table.variable {
                t.report.notImported(d.file, d.line, d.summary, "the if tests $\(v), not the map variable $\(table.variable)")
                return []
            }
            guard let all = try? Source.parse("/*"), let placeholder = try? Target.parse("/", captureCount: 0, sourceIsPrefix: false) else {
                return []
            }
            var base = Candidate(source: all, target: placeholder, code: code, query: .drop, directive: d)
            base.note = d.comments.isEmpty ? nil : d.comments.joined(separator: " ")
            var plainCondition = condition
            plainCondition?.mapVariable = nil
            if let why = finish(&base, plainCondition) {
                t.report.notImported(d.file, d.line, d.summary, why.text)
                return []
            }
            return t.mapRules(table, code: code, at: d, base: base, server: server, withDefault: true)
        }
        if let v = condition?.mapVariable {
            t.report.notImported(d.file, d.line, d.summary, "the if tests $\(v), which is not a map of the request path")
            return []
        }
        switch returnSource() {
        case .failure(let why):
            t.report.notImported(d.file, d.line, d.summary, why.text)
            return []
        case .success(let (source, captures, isPrefix)):
            switch NginxTargetTemplate.translate(
                url, captureCount: captures, sourceIsPrefix: isPrefix, isRewrite: false, serverName: server.serverName)
            {
            case .failure(let why):
                t.report.notImported(d.file, d.line, d.summary, why.text)
                return []
            case .success(let template):
                var c = Candidate(source: source, target: template.target, code: code, query: template.query, directive: d)
                c.note = d.comments.isEmpty ? nil : d.comments.joined(separator: " ")
                if let why = finish(&c, condition) {
                    t.report.notImported(d.file, d.line, d.summary, why.text)
                    return []
                }
                return [c]
            }
        }
    }

    private func rewriteRule(_ d: NginxDirective, regex: String, replacement: String, code: StatusCode, condition: NginxIfCondition?) -> Result<
        Candidate, ImportWhy
    > {
        if condition?.mapVariable != nil { return .failure(ImportWhy("a rewrite under a map test is not carried")) }
        let r: PortableRegex
        switch NginxRegex.portable(regex, caseless: false) {
        case .success(let x): r = x
        case .failure(let why): return .failure(why)
        }
        switch scope?.kind {
        case nil: break
        case .prefix(let p, _)?:
            guard p == "/" || (r.isAnchoredAtStart && NginxRegex.literalPrefix(r).hasPrefix(p)) else {
                return .failure(ImportWhy("the regex does not keep to the location's prefix '\(p)', and a Detour rule has one pattern"))
            }
        case .exact?, .regex?:
            return .failure(ImportWhy("a rewrite inside an exact or regex location needs both patterns, and a Detour rule has one"))
        case .named?:
            return .failure(ImportWhy("a named location is reached only by internal redirects"))
        }
        guard let source = try? Source.parse("~" + r.pattern) else { return .failure(ImportWhy("the regex is not a Detour source")) }
        switch NginxTargetTemplate.translate(
            replacement, captureCount: r.groupCount, sourceIsPrefix: false, isRewrite: true, serverName: server.serverName)
        {
        case .failure(let why): return .failure(why)
        case .success(let template):
            var c = Candidate(source: source, target: template.target, code: code, query: template.query, directive: d)
            c.note = d.comments.isEmpty ? nil : d.comments.joined(separator: " ")
            if let why = finish(&c, condition) { return .failure(why) }
            return .success(c)
        }
    }

    // MARK: an if on defined variables

    /// `set $name VALUE`: VALUE with the variables set before written in, so later `set`s of them
    /// do not change it.
    static func record(_ d: NginxDirective, into sets: inout [String: String]) {
        guard d.args.count == 2, d.args[0].hasPrefix("$") else { return }
        var text = ""
        for piece in NginxValueTemplate.pieces(d.args[1]) {
            switch piece {
            case .literal(let l): text += l
            case .variable(let v): text += sets[v] ?? "${\(v)}"
            }
        }
        sets[String(d.args[0].dropFirst())] = text
    }

    /// `if (…)` on variables the configuration defines, its `set`s and the `return` it guards.
    private mutating func variableIf(_ d: NginxDirective, _ t: inout NginxTranslation) -> [Candidate] {
        guard let test = NginxVariableTest.parse(d) else { return [] }
        var local = sets
        let why = { (text: String) in "if \(d.args.joined(separator: " ")): \(text)" }
        for inner in d.block ?? [] {
            switch inner.name {
            case "set":
                Self.record(inner, into: &local)
            case "return":
                guard let (code, url) = Self.returnRedirect(inner) else {
                    t.report.skip("return (not a redirect)")
                    blockers.append(Blocker(directive: inner, paths: scopePaths))
                    return []
                }
                if let blocked = blocker(for: scopePaths) {
                    t.report.notImported(inner.file, inner.line, inner.summary, blockedWhy(blocked))
                    return []
                }
                let translator = NginxConditionalReturn(
                    variables: t.variables, sets: local, server: server, cacheTemplate: cacheTemplate, fixedCache: cache)
                let result = translator.translate(test, code: code, url: url, at: inner) { returnSource().map(\.0) }
                switch result {
                case .failure(let w):
                    t.report.notImported(inner.file, inner.line, inner.summary, why(w.text))
                    return []
                case .success(let o):
                    for (e, w) in o.refusedEntries { t.report.notImported(e.file, e.line, e.summary, why(w.text)) }
                    return o.candidates
                }
            case "rewrite", "if", "location":
                t.reportConstructs(in: inner, why("a \(inner.name) inside it is not carried"))
            default:
                t.report.skip(inner.name)
            }
        }
        return []
    }
}
