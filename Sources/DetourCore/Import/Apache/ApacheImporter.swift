/// `detour import apache`: httpd configuration (vhost files, `httpd.conf`, `.htaccess`) to Detour
/// rules in first-match order: mod_rewrite's rules first, as httpd runs them, then mod_alias's
/// `Redirect`s, each vhost's rules bound to its names. Every redirect construct that cannot be
/// carried exactly goes to the report.
public struct ApacheImporter: Importer {
    public init() {}

    public var format: String { "apache" }

    public func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult {
        var parser = ApacheConfigParser()
        var sources: [(file: String, directives: [ApacheDirective])] = []
        for f in files { sources.append((f, try parser.parse(file: f))) }
        return try translate(sources, missingIncludes: parser.missingIncludes, options: options)
    }

    /// Imports configuration text as if read from `file` (an `.htaccess` name makes it per-directory).
    public func importText(_ text: String, file: String, options: ImportOptions = ImportOptions()) throws -> ImportResult {
        var parser = ApacheConfigParser()
        let directives = try parser.parse(text, file: file)
        return try translate([(file, directives)], missingIncludes: parser.missingIncludes, options: options)
    }

    /// httpd configuration: an `.htaccess` name, or lines that open `<VirtualHost>`/`<IfModule>` or
    /// are mod_rewrite's and mod_alias's directives, and no nginx-style `;` line endings.
    public func detect(contents: String, path: String) -> Bool {
        var own = 0
        var semicolons = 0
        for line in ImportDetection.directiveLines(contents) {
            let word = ImportDetection.firstWord(line)
            if line.hasSuffix(";") { semicolons += 1 }
            if word.hasPrefix("<virtualhost") || word.hasPrefix("<ifmodule") || word.hasPrefix("<directory")
                || ["rewriteengine", "rewriterule", "rewritecond", "redirect", "redirectmatch", "redirectpermanent", "redirecttemp", "servername"]
                    .contains(word)
            {
                own += 1
            }
        }
        return own > 0 && semicolons == 0 || Self.isPerDirectory(path) && semicolons == 0
    }

    /// Whether a file is read as `.htaccess` (per-directory context): by its name.
    public static func isPerDirectory(_ file: String) -> Bool {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return name == ".htaccess" || name.hasSuffix(".htaccess")
    }

    /// Throws the first malformed directive (an unknown RewriteRule flag, a Redirect without URL).
    func translate(
        _ sources: [(file: String, directives: [ApacheDirective])], missingIncludes: [ApacheConfigParser.MissingInclude], options: ImportOptions
    )
        throws -> ImportResult
    {
        var t = ApacheTranslation(options: options)
        for m in missingIncludes {
            t.report.notImported(m.file, m.line, "\(m.directive) \(m.pattern)", "the file was not found, so its directives were not read")
        }
        let result = t.run(sources)
        if let failure = t.failure { throw failure }
        return result
    }

    /// A rule before its id is settled, with the directive it came from.
    struct Candidate {
        var source: Source
        var target: Target
        var code: StatusCode
        var query: QueryMode
        /// Set by a host condition: the rule exists for this name only.
        var host: HostPattern?
        var methods: [String]?
        var conditions: [Condition] = []
        var note: String?
        let directive: ApacheDirective
        var scheme: String?
        var starts: Timestamp?
        var expires: Timestamp?
        var rollout: Rollout?
        var cache: CachePolicy = .none
        /// The source matches the path as sent (`%{THE_REQUEST}`), not httpd's decoded path.
        var rawPath = false
        /// The variables the redirect sets with `[E=]` (for `Header … env=`).
        var environment: [String] = []
        /// The names a flag variable limits the rule to (`[E=SITE:1]` under a host test, then
        /// `%{ENV:SITE} =1`): the site's hosts when every rule shares them, else one rule per name.
        var siteHosts: [HostPattern]?
        /// The trusted header the target's scheme comes from, when it is not the connection's.
        var schemeHeader: String?
    }
}
