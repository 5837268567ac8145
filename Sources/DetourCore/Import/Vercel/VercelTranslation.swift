/// `vercel.json` to Detour rules in the order Vercel's router tries them: the `cleanUrls` and
/// `trailingSlash` redirects it generates, then `redirects` in file order (first match). Each
/// redirect keeps the request's query, as Vercel appends it to the Location.
struct VercelTranslation {
    let file: String
    let options: ImportOptions
    var report = ImportReport()
    private var list = ImportedRuleList()
    private var hosts: [HostPattern] = []

    init(file: String, options: ImportOptions) {
        self.file = file
        self.options = options
        if let h = options.host, let p = HostPattern(text: h) { hosts.append(p) }
    }

    mutating func run(_ root: ConfigNode) throws -> ImportResult {
        guard root.entries != nil else {
            throw ImportError(file: file, line: root.line, column: root.column, message: "vercel.json must be an object, found \(root.kindName)")
        }
        if let bulk = root["bulkRedirectsPath"] {
            guard case .string(let path) = bulk.value else {
                throw ImportError(
                    file: file, line: bulk.line, column: bulk.column, message: "bulkRedirectsPath must be a string, found \(bulk.kindName)")
            }
            // Vercel runs bulk redirects before every other route.
            try bulkRedirects(path)
        }
        let trailingSlash = try flag(root, "trailingSlash")
        if let clean = try flag(root, "cleanUrls"), clean { cleanURLRules(line: root["cleanUrls"]!.line, addSlash: trailingSlash == true) }
        if let t = trailingSlash {
            if t {
                report.notImported(
                    file, root["trailingSlash"]!.line, "\"trailingSlash\": true",
                    "Vercel adds the slash except under /.well-known/ and for paths with a file extension; a Detour rule cannot exclude /.well-known/ (no lookahead in the portable subset)"
                )
            } else {
                add(source: "~^/(.*)/$", target: "/$1", code: .permanentRedirect, line: root["trailingSlash"]!.line, note: "trailingSlash: false")
            }
        }
        if let routes = root["routes"] {
            for r in routes.array ?? [] {
                let isRedirect = (r["status"]?.int).map { (300..<400).contains($0) } ?? false
                if isRedirect {
                    report.notImported(
                        file, r.line, "routes entry \(r["src"]?.string ?? "")", "legacy 'routes' entries are not imported; write them as 'redirects'")
                } else {
                    report.skip("routes entry (not a redirect)")
                }
            }
        }
        if let redirects = root["redirects"] {
            guard let items = redirects.array else {
                throw ImportError(
                    file: file, line: redirects.line, column: redirects.column, message: "redirects must be a list, found \(redirects.kindName)")
            }
            for r in items { try redirect(r) }
        }
        for (key, why) in [("rewrites", "rewrite"), ("headers", "headers entry")] {
            for _ in root[key]?.array ?? [] { report.skip(why) }
        }
        var set = RuleSet(rules: list.rules)
        set.site.hosts = hosts
        report.imported = set.rules.count
        return ImportResult(ruleSet: set, report: report)
    }

    /// The bulk redirects file named by `bulkRedirectsPath`, relative to the vercel.json.
    private mutating func bulkRedirects(_ path: String) throws {
        let slash = file.lastIndex(of: "/")
        let resolved = path.hasPrefix("/") || slash == nil ? path : String(file[...slash!]) + path
        var insensitive = 0
        for e in try VercelBulkFile.parse(try ImportFileReader.read(resolved), file: resolved) {
            let summary = "\(e.source) → \(e.destination)"
            guard let code = StatusCode(rawValue: e.status) else {
                report.notImported(
                    resolved, e.line, summary, "statusCode \(e.status) is not a redirect status Detour writes (301, 302, 303, 307, 308)")
                continue
            }
            guard let source = try? Source.parse(e.source), source.isExact, source.query.isEmpty else {
                report.notImported(resolved, e.line, summary, "a bulk redirect's source is an exact path; '\(e.source)' is not one Detour reads")
                continue
            }
            let target: Target
            do { target = try Target.parse(e.destination, captureCount: 0, sourceIsPrefix: false) } catch let err as TargetSyntaxError {
                report.notImported(resolved, e.line, summary, "the destination is not a Detour target: \(err.message)")
                continue
            }
            if PathPatternRegex.hasTargetPlaceholderSyntax(e.destination) {
                report.notImported(
                    resolved, e.line, summary, "the destination holds '*', '{' or '$digit', which a Detour target reads as a placeholder")
                continue
            }
            if !e.caseSensitive { insensitive += 1 }
            var rule = Rule(id: "vercel", source: source, target: target, code: code)
            rule.query = e.keepsQuery ? .keep : .drop
            list.append(rule, file: resolved, line: e.line)
        }
        if insensitive > 0 {
            report.notes.append(
                "\(insensitive) bulk redirect\(insensitive == 1 ? " is" : "s are") case-insensitive on Vercel (no caseSensitive: true); the Detour rules match the path's case exactly"
            )
        }
    }

    private func flag(_ root: ConfigNode, _ key: String) throws -> Bool? {
        guard let v = root[key] else { return nil }
        guard let b = v.bool else {
            throw ImportError(file: file, line: v.line, column: v.column, message: "\(key) must be true or false, found \(v.kindName)")
        }
        return b
    }

    /// The two redirects `@vercel/routing-utils` generates for `cleanUrls: true` (to the path
    /// without `.html` or `index`), status 308.
    private mutating func cleanURLRules(line: Int, addSlash: Bool) {
        let to = addSlash ? "/$1/" : "/$1"
        add(source: "~^/(?:(.+)/)?index(?:\\.html)?/?$", target: to, code: .permanentRedirect, line: line, note: "cleanUrls: index pages")
        add(source: "~^/(.*)\\.html/?$", target: to, code: .permanentRedirect, line: line, note: "cleanUrls: .html pages")
    }

    private mutating func add(source: String, target: String, code: StatusCode, line: Int, note: String) {
        guard let s = try? Source.parse(source), let t = try? Target.parse(target, captureCount: s.captureCount, sourceIsPrefix: false) else {
            return
        }
        var r = Rule(id: "vercel", source: s, target: t, code: code)
        r.note = note
        list.append(r, file: file, line: line)
    }

    private mutating func redirect(_ r: ConfigNode) throws {
        func fail(_ node: ConfigNode, _ message: String) -> ImportError {
            ImportError(file: file, line: node.line, column: node.column, message: message)
        }
        guard r.entries != nil else { throw fail(r, "each redirect must be an object, found \(r.kindName)") }
        guard let sourceNode = r["source"], let sourceText = sourceNode.string, case .string = sourceNode.value else {
            throw fail(r, "this redirect has no \"source\" string")
        }
        guard let destNode = r["destination"], let destination = destNode.string, case .string = destNode.value else {
            throw fail(r, "this redirect has no \"destination\" string")
        }
        var code = StatusCode.permanentRedirect
        if let p = r["permanent"] {
            guard let b = p.bool else { throw fail(p, "permanent must be true or false, found \(p.kindName)") }
            code = b ? .permanentRedirect : .temporaryRedirect
        }
        let summary = "\(sourceText) → \(destination)"
        if let s = r["statusCode"] {
            guard let n = s.int else { throw fail(s, "statusCode must be a number, found \(s.kindName)") }
            guard let c = StatusCode(rawValue: n) else {
                report.notImported(file, r.line, summary, "statusCode \(n) is not a redirect status Detour writes (301, 302, 303, 307, 308)")
                return
            }
            code = c
        }
        do {
            let pattern = try VercelSourcePattern.make(sourceText)
            var hasNames = Set<String>()
            var rule = Rule(id: "vercel", source: pattern.source, target: Target(parts: [], text: "/"), code: code)
            for item in r["has"]?.array ?? [] { try condition(item, into: &rule, names: &hasNames) }
            if let missing = r["missing"]?.array, let first = missing.first {
                throw ImportWhy(
                    "'missing' (\(first["type"]?.string ?? "?") \(first["key"]?.string ?? "")): Detour conditions can require, not exclude")
            }
            rule.target = try pattern.target(destination, hasNames: hasNames)
            rule.query = .keep
            list.append(rule, file: file, line: r.line)
        } catch let why as ImportWhy {
            report.notImported(file, r.line, summary, why.text)
        }
    }

    /// One `has` item: header, cookie and query become `when` conditions, host the rule's host.
    private mutating func condition(_ item: ConfigNode, into rule: inout Rule, names: inout Set<String>) throws {
        let type = item["type"]?.string ?? ""
        let key = item["key"]?.string
        let value = item["value"]?.string
        if let v = value, v.contains("(?<") {
            // Named groups capture for the destination, which Detour cannot use.
            for part in v.split(separator: "(?<").dropFirst() { names.insert(String(part.prefix { $0 != ">" })) }
            throw ImportWhy("the has value \(v) has named groups (?<…>); the portable subset numbers groups only")
        }
        if type == "host" {
            guard let name = value.flatMap(Self.hostName), let h = HostPattern(text: name) else {
                throw ImportWhy("has host \(value ?? "(no value)"): only a plain host name becomes a Detour host")
            }
            rule.host = h
            if !hosts.contains(h) { hosts.append(h) }
            return
        }
        guard let kind = Condition.Kind(rawValue: type), let name = key else {
            throw ImportWhy("has type '\(type)' is not header, cookie, query or host")
        }
        if value == nil { names.insert(name) }
        var cv = ConditionValue.present
        if let v = value {
            if v.contains(where: { "\\.^$|?*+()[]{}".contains($0) }) {
                // Vercel matches the value as ^VALUE$.
                do { cv = .regex(try PortableRegex("^" + v + "$")) } catch let e as RegexSyntaxError {
                    throw ImportWhy("the has value \(v) is outside Detour's portable regex: \(e.message)")
                }
            } else {
                cv = .exact(v)
            }
        }
        rule.conditions.append(Condition(kind: kind, name: name, value: cv))
    }

    /// A `has` host value as a host pattern's text: a name with its dots escaped (`www\.example\.com`)
    /// is that name, and one label or more before an escaped suffix (`[^.]+(?:\.[^.]+)*\.example\.com`,
    /// as Detour exports `*.example.com`) is the suffix pattern; nil for a value with another `*`
    /// (a value with other regex syntax is then no host name).
    static func hostName(_ value: String) -> String? {
        let labels = "[^.]+(?:\\.[^.]+)*\\."
        if value.hasPrefix(labels) {
            let rest = String(value.dropFirst(labels.count))
            return rest.contains("*") ? nil : "*." + rest.replacingOccurrences(of: "\\.", with: ".")
        }
        return value.contains("*") ? nil : value.replacingOccurrences(of: "\\.", with: ".")
    }
}
