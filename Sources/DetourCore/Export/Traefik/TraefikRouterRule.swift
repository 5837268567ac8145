/// A rule's Traefik router `rule` (cookbook-traefik-envoy §1.2–1.3): `Path`, `PathPrefix` or
/// `PathRegexp` on the router's view of the path (normalised, escapes of non-reserved characters
/// decoded), `HostRegexp` for hosts, `Method`, `Header`/`HeaderRegexp`, the `Cookie` header by regex
/// and `Query`/`QueryRegexp`, joined with `&&`.
enum TraefikRouterRule {
    static func rule(_ r: PreparedRule) throws -> String {
        var parts: [String] = []
        if let exact = r.exactPath {
            parts.append("Path(\(try TraefikSyntax.backticked(try TraefikSyntax.routerPath(exact))))")
        } else if let prefix = r.prefix {
            parts.append("PathPrefix(\(try TraefikSyntax.backticked(try TraefikSyntax.routerPath(prefix))))")
        } else if let root = r.regexRoot {
            parts.append("PathRegexp(\(try TraefikSyntax.backticked(TraefikSyntax.goRegex(RegexEmitter.emit(root)))))")
        }
        if let host = r.hostRegex {
            parts.append("HostRegexp(\(try TraefikSyntax.backticked("(?i)^(?:" + host + ")\\.?$")))")
        }
        if let methods = r.methods {
            let each = try methods.map { "Method(\(try TraefikSyntax.backticked($0)))" }
            parts.append(each.count == 1 ? each[0] : "(" + each.joined(separator: " || ") + ")")
        }
        for c in r.conditions { parts.append(try condition(c, r)) }
        return parts.joined(separator: " && ")
    }

    private static func condition(_ c: Condition, _ r: PreparedRule) throws -> String {
        let name = try TraefikSyntax.backticked(c.name)
        if c.kind == .query, c.name.contains(";") || { if case .exact(let v) = c.value { return v.contains(";") } else { return false } }() {
            // Go's URL.Query() skips every `name=value` pair holding a `;` (Go 1.17+), so Traefik
            // never sees such a parameter.
            throw ExportError.unsupportedFeature(
                rule: r.id, line: r.line, feature: .conditions,
                why: "Traefik (Go's URL.Query) ignores a query parameter whose name or value contains ';'")
        }
        switch (c.kind, c.value) {
        case (.header, .present): return "HeaderRegexp(\(name), `(?s)^.*$`)"
        case (.header, .exact(let v)): return "Header(\(name), \(try TraefikSyntax.backticked(v)))"
        case (.header, .regex(let re)):
            return "HeaderRegexp(\(name), \(try TraefikSyntax.backticked(TraefikSyntax.goRegex(RegexEmitter.emit(re.root)))))"
        case (.query, .present): return "QueryRegexp(\(name), `(?s)^.*$`)"
        case (.query, .exact(let v)): return "Query(\(name), \(try TraefikSyntax.backticked(v)))"
        case (.query, .regex(let re)):
            return "QueryRegexp(\(name), \(try TraefikSyntax.backticked(TraefikSyntax.goRegex(RegexEmitter.emit(re.root)))))"
        case (.cookie, .present): return "HeaderRegexp(`Cookie`, \(try TraefikSyntax.backticked(cookiePrefix(c.name))))"
        case (.cookie, .exact(let v)):
            return "HeaderRegexp(`Cookie`, \(try TraefikSyntax.backticked(cookiePrefix(c.name) + RegexEmitter.literalString(v) + "[ \\t]*(?:;|$)")))"
        case (.cookie, .regex):
            throw ExportError.unsupportedFeature(
                rule: r.id, line: r.line, feature: .conditions,
                why: "Traefik has no cookie matcher; only a cookie's presence or exact value can be tested on the Cookie header")
        }
    }

    /// `name=` as the first cookie of the header or after a `;` (spaces around it as Detour allows).
    private static func cookiePrefix(_ name: String) -> String {
        "(?:^|;)[ \\t]*" + RegexEmitter.literalString(name) + "[ \\t]*=[ \\t]*"
    }
}
