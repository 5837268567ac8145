/// One `location` block and nginx's selection among them (ngx_http_core_module): an exact `=`
/// match wins outright; otherwise the longest matching prefix is remembered, `^~` on it stops the
/// search, else the regexes are tried in file order and the first match wins, else the longest
/// prefix. Detour has only first-match order, so the importer orders rules exact, `^~` (longest
/// first), regex (file order), prefix (longest first) and uses `beats` with `NginxPathLanguage` to find the
/// requests where that order and nginx's selection would still disagree.
struct NginxLocation {
    enum Kind: Equatable {
        case exact(String)
        /// `stopsRegex`: written with `^~`.
        case prefix(String, stopsRegex: Bool)
        case regex(PortableRegex?, pattern: String, caseless: Bool)
        /// `@name`: reached only by internal redirects.
        case named
    }

    let kind: Kind
    let directive: NginxDirective
    /// Position among the server's locations in the file.
    let index: Int
    /// True when every request nginx selects this location for is redirected by its first
    /// directive (an unconditional `return 3xx` that was imported).
    var alwaysRedirects = false
    /// Imported rules of this location, in directive order.
    var rules: [NginxImporter.Candidate] = []

    /// Parses `location [=|^~|~|~*] pattern`; nil with the reason when the form is unknown.
    static func parse(_ d: NginxDirective, index: Int) -> Result<NginxLocation, ImportWhy> {
        let args = d.args
        switch args.count {
        case 1:
            let p = args[0]
            if p.hasPrefix("@") { return .success(NginxLocation(kind: .named, directive: d, index: index)) }
            // `location =/x` and `location ~^/x` without a space are also nginx syntax.
            if p.hasPrefix("="), !d.arguments[0].quoted {
                return .success(NginxLocation(kind: .exact(String(p.dropFirst())), directive: d, index: index))
            }
            if p.hasPrefix("^~"), !d.arguments[0].quoted {
                return .success(NginxLocation(kind: .prefix(String(p.dropFirst(2)), stopsRegex: true), directive: d, index: index))
            }
            if p.hasPrefix("~*"), !d.arguments[0].quoted { return regex(String(p.dropFirst(2)), caseless: true, d, index) }
            if p.hasPrefix("~"), !d.arguments[0].quoted { return regex(String(p.dropFirst()), caseless: false, d, index) }
            return .success(NginxLocation(kind: .prefix(p, stopsRegex: false), directive: d, index: index))
        case 2:
            switch args[0] {
            case "=": return .success(NginxLocation(kind: .exact(args[1]), directive: d, index: index))
            case "^~": return .success(NginxLocation(kind: .prefix(args[1], stopsRegex: true), directive: d, index: index))
            case "~": return regex(args[1], caseless: false, d, index)
            case "~*": return regex(args[1], caseless: true, d, index)
            default: return .failure(ImportWhy("unknown location modifier '\(args[0])'"))
            }
        default:
            return .failure(ImportWhy("a location takes a modifier and a pattern"))
        }
    }

    private static func regex(_ pattern: String, caseless: Bool, _ d: NginxDirective, _ index: Int) -> Result<NginxLocation, ImportWhy> {
        // A location whose regex is not portable is still a location nginx selects: keep it (for
        // precedence) and let its rules report the regex.
        let r = try? NginxRegex.portable(pattern, caseless: caseless).get()
        return .success(NginxLocation(kind: .regex(r, pattern: pattern, caseless: caseless), directive: d, index: index))
    }

    /// `location ~ ^/x` as the report names it.
    var summary: String { directive.summary }

    /// The rank in Detour's emission order (lower first); ties keep file order.
    var rank: (Int, Int) {
        switch kind {
        case .exact: return (0, 0)
        case .prefix(let p, true): return (1, -p.utf8.count)
        case .regex: return (2, 0)
        case .prefix(let p, false): return (3, -p.utf8.count)
        case .named: return (4, 0)
        }
    }

    static func emissionOrder(_ a: NginxLocation, _ b: NginxLocation) -> Bool {
        a.rank != b.rank ? a.rank < b.rank : a.index < b.index
    }

    /// Whether nginx selects `self` over `other` for a request both match.
    func beats(_ other: NginxLocation) -> Bool {
        switch (kind, other.kind) {
        case (.named, _), (_, .named): return false
        case (.exact, .exact): return false
        case (.exact, _): return true
        case (_, .exact): return false
        case (.prefix(let a, _), .prefix(let b, _)): return a.utf8.count > b.utf8.count
        case (.prefix(_, let stops), .regex): return stops
        case (.regex, .regex): return index < other.index
        case (.regex, .prefix(_, let stops)): return !stops
        }
    }
}
