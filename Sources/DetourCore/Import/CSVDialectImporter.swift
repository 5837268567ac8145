/// `detour import wordpress|cloudflare`: the CSV exports of WordPress Redirection and Cloudflare
/// bulk redirects, read by the CSV rule-file readers, with a `site:` made from the hosts the rows
/// use (issue 18 §2): Cloudflare's source hosts (and `--host`) are the site's, WordPress's site is
/// `--host`; the other hosts targets point at are listed in `site.allow`, since the file's
/// author sent visitors there on purpose.
public struct CSVDialectImporter: Importer {
    public let dialect: CSVRuleFile.Dialect

    public init(_ dialect: CSVRuleFile.Dialect) { self.dialect = dialect }

    public var format: String { dialect.rawValue }

    /// What the file is called in messages.
    private var producer: String { dialect == .wordpress ? "WordPress Redirection CSV" : "Cloudflare bulk redirect CSV" }

    public func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult {
        var set = RuleSet()
        var ids = Set<String>()
        for file in files {
            let bytes: [UInt8]
            do { bytes = try AtomicFile.read(file) } catch {
                var why = "\(error)"
                if why.hasPrefix(file + ": ") { why.removeFirst(file.count + 2) }
                throw ImportError(file: file, line: 0, column: 0, message: why)
            }
            let csv: CSVRuleFile
            do { csv = try CSVRuleFile.parse(bytes, file: file) } catch let e as RuleFileError {
                let first = e.diagnostics[0]
                let more = e.diagnostics.count > 1 ? " (and \(e.diagnostics.count - 1) more problem\(e.diagnostics.count == 2 ? "" : "s"))" : ""
                throw ImportError(file: first.file, line: first.line, column: first.column, message: first.message + more)
            }
            guard csv.dialect == dialect else {
                let other =
                    csv.dialect == .detour
                    ? "Detour's own CSV: open or convert it directly" : "a \(csv.dialect.rawValue) file: use detour import \(csv.dialect.rawValue)"
                throw ImportError(file: file, line: 1, column: 1, message: "this is not a \(producer) but \(other)")
            }
            for var rule in csv.ruleSet.rules {
                // Rows of several files keep unique ids: the file's stem goes in front of a repeat.
                if !ids.insert(rule.id).inserted {
                    rule.id = NginxTranslation.idStem(file) + "-" + rule.id
                    ids.insert(rule.id)
                }
                set.rules.append(rule)
            }
        }
        set.lines = Array(repeating: 0, count: set.rules.count)
        set.site = site(for: set.rules, host: options.host)
        var report = ImportReport()
        report.imported = set.rules.count
        return ImportResult(ruleSet: set, report: report)
    }

    /// The site block: the rows' source hosts and `--host`, the other target hosts allowed.
    func site(for rules: [Rule], host: String?) -> SiteSettings {
        var site = SiteSettings()
        func add(_ h: HostPattern, to list: inout [HostPattern]) { if !list.contains(h) { list.append(h) } }
        if let host, let h = HostPattern(text: host) { add(h, to: &site.hosts) }
        for r in rules { if let h = r.host { add(h, to: &site.hosts) } }
        for r in rules where r.target.isAbsolute {
            guard let parsed = HTTPRequest.parseURL(r.target.text, defaultScheme: "https", defaultHost: ""), !parsed.host.isEmpty,
                let h = HostPattern(text: parsed.host), !site.isSiteHost(parsed.host)
            else { continue }
            add(h, to: &site.allow)
        }
        return site
    }
}
