/// `detour import nginx`: nginx configuration (a full `nginx.conf`, `server` blocks, or a snippet of
/// `location`/`rewrite`/`return` directives) to Detour rules in first-match order, with every
/// redirect construct that cannot be carried exactly in the report.
public struct NginxImporter: Importer {
    public init() {}

    public var format: String { "nginx" }

    public func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult {
        var parser = NginxConfigParser()
        var directives: [NginxDirective] = []
        for f in files { directives += try parser.parse(file: f) }
        return translate(directives, missingIncludes: parser.missingIncludes, options: options)
    }

    /// Imports configuration text as if read from `file` (includes resolve next to `file`).
    public func importText(_ text: String, file: String, options: ImportOptions = ImportOptions()) throws -> ImportResult {
        var parser = NginxConfigParser()
        let directives = try parser.parse(Array(text.utf8), file: file)
        return translate(directives, missingIncludes: parser.missingIncludes, options: options)
    }

    func translate(_ directives: [NginxDirective], missingIncludes: [NginxConfigParser.MissingInclude], options: ImportOptions) -> ImportResult {
        var t = NginxTranslation(options: options)
        for m in missingIncludes {
            t.report.notImported(m.file, m.line, "include \(m.pattern)", "the file was not found, so its directives were not read")
        }
        return t.run(directives)
    }

    /// A rule before its id and host are settled, with the directive it came from.
    struct Candidate {
        var source: Source
        var target: Target
        var code: StatusCode
        var query: QueryMode
        var host: HostPattern?
        var methods: [String]?
        var conditions: [Condition] = []
        var cache: CachePolicy = .none
        var note: String?
        let directive: NginxDirective
        /// An exact key of a `map`, which nginx compares without regard to case.
        var caseless = false
        /// The hosts a `map $host` test lets through (nil: any host of the server); settled
        /// into the rule's `host` or the site's hosts when the rules are assembled.
        var hostChoices: [HostPattern]?
        var scheme: String?
        /// The trusted header `scheme` is read from (the site's `scheme_header`).
        var schemeHeader: String?
        var rollout: Rollout?
        var starts: Timestamp?
        var expires: Timestamp?
    }
}
