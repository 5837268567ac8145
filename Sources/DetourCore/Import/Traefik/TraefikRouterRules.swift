/// What one alternative of a router rule asks of a request, in Detour's fields: hosts, a path
/// source, methods and `when` conditions.
struct TraefikRouterRules {
    var hosts: [String] = []
    /// nil: any path.
    var path: Source?
    var methods: [String]? = nil
    var conditions: [Condition] = []

    /// The alternative's matchers; throws `ImportWhy` for one Detour has no field for.
    init(_ matchers: [TraefikRuleExpression.Matcher]) throws {
        for m in matchers {
            let a = m.args
            func arg(_ k: Int) throws -> String {
                guard k < a.count else { throw ImportWhy("\(m.name) needs \(k + 1) argument\(k == 0 ? "" : "s")") }
                return a[k]
            }
            let single = ["host", "path", "pathprefix", "pathregexp", "method"]
            if single.contains(m.name.lowercased()) && a.count != 1 {
                // Traefik v3 refuses the v2 lists (Host(`a`, `b`)): the router would not load.
                throw ImportWhy("\(m.name) takes one argument in Traefik v3, found \(a.count)")
            }
            switch m.name.lowercased() {
            case "host":
                let names = a.map { $0.lowercased() }
                guard !names.isEmpty, names.allSatisfy({ HostPattern(text: $0) != nil }) else {
                    throw ImportWhy("Host(\(a.joined(separator: ", "))) is not a host name")
                }
                hosts = hosts.isEmpty ? names : hosts.filter(names.contains)
                if hosts.isEmpty { throw ImportWhy("two Host matchers that no host satisfies both") }
            case "hostregexp":
                // Only the pattern Detour's export writes for its host list reads back as hosts.
                guard a.count == 1, let names = TraefikExportedIdioms.hosts(ofHostRegexp: a[0]) else {
                    throw ImportWhy("the matcher \(m.name) has no Detour equivalent")
                }
                hosts = hosts.isEmpty ? names : hosts.filter(names.contains)
                if hosts.isEmpty { throw ImportWhy("two host matchers that no host satisfies both") }
            case "path", "pathprefix", "pathregexp":
                guard path == nil else { throw ImportWhy("two path matchers in one alternative") }
                path = try Self.source(m.name.lowercased(), try arg(0))
            case "method":
                let ms = a.map { $0.uppercased() }
                methods = methods.map { $0.filter(ms.contains) } ?? ms
            case "header", "headers":
                conditions.append(Condition(kind: .header, name: try arg(0), value: .exact(try arg(1))))
            case "headerregexp", "headersregexp":
                if let c = TraefikExportedIdioms.condition(kind: .header, name: try arg(0), regex: try arg(1)) {
                    conditions.append(c)
                } else {
                    conditions.append(Condition(kind: .header, name: try arg(0), value: .regex(try Self.regex(try arg(1)))))
                }
            case "query":
                conditions.append(Condition(kind: .query, name: try arg(0), value: a.count > 1 ? .exact(a[1]) : .present))
            case "queryregexp":
                if let c = TraefikExportedIdioms.condition(kind: .query, name: try arg(0), regex: try arg(1)) {
                    conditions.append(c)
                } else {
                    conditions.append(Condition(kind: .query, name: try arg(0), value: .regex(try Self.regex(try arg(1)))))
                }
            default:
                throw ImportWhy("the matcher \(m.name) has no Detour equivalent")
            }
        }
    }

    private static func regex(_ written: String) throws -> PortableRegex {
        // Detour's export widens a class reaching \xFF to every code point for Go: read it back.
        let text = written.replacingOccurrences(of: "-\\x{10FFFF}]", with: "-\\xFF]")
        if text.contains("\\x"), let portable = EmittedRegexText.portable(text), let re = try? PortableRegex(portable) { return re }
        do { return try PortableRegex(text) } catch let e as RegexSyntaxError {
            throw ImportWhy("the regex \(text) is outside Detour's portable subset: \(e.message)")
        }
    }

    private static func source(_ kind: String, _ value: String) throws -> Source {
        do {
            switch kind {
            case "path": return try Source.parse(value)
            case "pathprefix": return try Source.parse(value + "*")
            default:
                // PathRegexp searches the path, as a Detour regex source does: without '^' both
                // match anywhere in it.
                let re = try regex(value)
                return Source(kind: .regex(re), text: "~" + re.pattern)
            }
        } catch let e as SourceSyntaxError {
            throw ImportWhy("\(value) is not a Detour path: \(e.message)")
        }
    }
}
