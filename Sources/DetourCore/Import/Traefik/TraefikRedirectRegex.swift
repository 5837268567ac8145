/// A `redirectRegex` middleware in Detour terms. Traefik matches its RE2 `regex` against the whole
/// URL `scheme://host/path?query` and replaces the matched part with `replacement`; Detour
/// matches the path and handles the query separately. The importer accepts the shapes that split
/// cleanly at the path — `^` SCHEME `://` HOST PATH TAIL — and says why for the others:
///
/// - SCHEME: `https?`, `http[s]?`, `(?:https?)`, `[a-z]+`, `.*` (both schemes; `http` or `https`
///   alone is reported: the import does not translate scheme conditions yet).
/// - HOST: `[^/]+`, `[^/]*` (any host) or a literal name (`example\.com`, `(?:www\.)?example\.com`),
///   with an optional port `(?::\d+)?`.
/// - PATH: a portable regex none of whose characters can be `?`, so it cannot reach the query.
/// - TAIL: `(.*)$` or `(\?.*)?$` used at the end of the replacement (the query kept), `.*$` or
///   `(?:\?.*)?$` (dropped), or no `$` at all: the rest of the URL is kept after the replacement.
/// - `^.*$` / `.*`: the whole URL replaced: the router's own matchers decide, the query is dropped.
struct TraefikRedirectRegex {
    /// nil: any host; otherwise the names the regex accepts.
    var hosts: [String]? = nil
    /// The path regex (without `~`), nil for the whole-URL form (the router's path decides).
    var pathPattern: String?
    var target: String
    var query: QueryMode

    static func make(regex: String, replacement: String) throws -> TraefikRedirectRegex {
        var r = regex.replacingOccurrences(of: "\\/", with: "/")
        if ["^.*$", ".*", "^.*", ".*$", "^(.*)$", "(.*)"].contains(r) {
            guard !replacement.contains("$") else { throw ImportWhy("the replacement uses the whole URL, which Detour targets cannot hold") }
            return TraefikRedirectRegex(pathPattern: nil, target: try checkedLiteral(replacement), query: .drop)
        }
        guard r.hasPrefix("^") else { throw ImportWhy("the regex is not anchored with '^', so it may match anywhere in the URL") }
        r.removeFirst()
        var skippedGroups = 0
        // SCHEME
        let schemes: [(String, Int)] = [
            ("https?://", 0), ("http[s]?://", 0), ("(?:https?)://", 0), ("(https?)://", 1), ("[a-z]+://", 0), (".*://", 0), ("[^:]+://", 0)
        ]
        if let s = schemes.first(where: { r.hasPrefix($0.0) }) {
            r.removeFirst(s.0.count)
            skippedGroups += s.1
        } else if r.hasPrefix("http://") || r.hasPrefix("https://") {
            throw ImportWhy("the regex matches only \(r.hasPrefix("https") ? "https" : "http") URLs: " + ImportWhy.schemeNotTranslated)
        } else {
            throw ImportWhy("the regex does not start with a scheme pattern like ^https?:// (Traefik matches it against the whole URL)")
        }
        // HOST
        var out = TraefikRedirectRegex(pathPattern: nil, target: "", query: .keep)
        if let any = ["[^/]+", "[^/]*"].first(where: { r.hasPrefix($0) }) {
            r.removeFirst(any.count)
        } else {
            var www = false
            if r.hasPrefix("(?:www\\.)?") {
                www = true
                r.removeFirst("(?:www\\.)?".count)
            }
            var name = ""
            while let c = r.first, c.isASCII, c.isLetter || c.isNumber || c == "-" || c == "\\" {
                if c == "\\" {
                    guard r.dropFirst().first == "." else { break }
                    name += "."
                    r.removeFirst(2)
                } else {
                    name.append(c)
                    r.removeFirst()
                }
            }
            guard !name.isEmpty, HostPattern(text: name) != nil else {
                throw ImportWhy("the host part of the regex is neither [^/]+ nor a plain host name")
            }
            out.hosts = www ? [name, "www." + name] : [name]
        }
        for port in ["(?::\\d+)?", "(?::[0-9]+)?"] where r.hasPrefix(port) { r.removeFirst(port.count) }
        if r.hasPrefix("(:\\d+)?") || r.hasPrefix("(:[0-9]+)?") {
            r.removeFirst(r.hasPrefix("(:\\d+)?") ? 7 : 10)
            skippedGroups += 1
        }
        try out.splitPath(r, replacement: replacement, skippedGroups: skippedGroups)
        return out
    }

    /// PATH and TAIL; `skippedGroups` groups of SCHEME and HOST come before the path's.
    private mutating func splitPath(_ rest: String, replacement: String, skippedGroups: Int) throws {
        var path = rest
        var tail: (group: Bool, keepsQuery: Bool?)? = nil
        var anyRest = false
        for (suffix, group, keeps) in [
            ("(.*)$", true, true), ("(\\?.*)?$", true, nil), (".*$", false, false), ("(?:\\?.*)?$", false, false), ("(.*)", true, true),
            (".*", false, false)
        ] as [(String, Bool, Bool?)]
        where path.hasSuffix(suffix) {
            path.removeLast(suffix.count)
            tail = (group, keeps)
            anyRest = suffix == ".*$" || suffix == ".*"
            break
        }
        if tail == nil && path.hasSuffix("$") {
            throw ImportWhy(
                "the regex ends with '$' right after the path, so Traefik redirects only requests without a query string; Detour cannot require that")
        }
        let pathRegex: PortableRegex
        do { pathRegex = try PortableRegex("^" + path + "$") } catch let e as RegexSyntaxError {
            throw ImportWhy("the path part \(path) is outside Detour's portable regex: \(e.message)")
        }
        guard !Self.canMatchQuestionMark(pathRegex.root) else {
            throw ImportWhy("the path part \(path) can match '?', so it may run into the query string")
        }
        let pathGroups = pathRegex.groupCount
        var target = try Self.renumbered(replacement, skipped: skippedGroups, limit: pathGroups + (tail?.group == true ? 1 : 0))
        switch tail {
        case nil:
            // Without '$' only the matched part is replaced: the rest of the path and the query follow.
            pathPattern = "^" + path + "(.*)$"
            target += "$" + String(pathGroups + 1)
            query = .keep
        case (true, let keeps)?:
            let ref = "$" + String(pathGroups + 1)
            if target.hasSuffix(ref) {
                query = .keep
                if keeps == nil { target.removeLast(ref.count) }
            } else if target.contains(ref) {
                throw ImportWhy("the replacement uses the group that spans the query string before its end")
            } else {
                query = .drop
            }
            pathPattern = "^" + path + (keeps == true ? "(.*)$" : "$")
        case (false, _)?:
            pathPattern = "^" + path + (anyRest ? ".*$" : "$")
            query = .drop
        }
        if query == .keep && target.contains("?") {
            throw ImportWhy(
                "the replacement has a query and keeps the request's: Traefik writes the request's after it with '?', Detour joins them with '&'")
        }
        self.target = target
        guard target.hasPrefix("/") || Target.schemeOf(target) != nil else {
            throw ImportWhy("the replacement \(replacement) is not a path or an http(s) URL")
        }
    }

    /// `${2}`/`$2` → `$n` shifted past the scheme and host groups; other `$`, `*` and `{` refused.
    private static func renumbered(_ replacement: String, skipped: Int, limit: Int) throws -> String {
        var out = ""
        var c = Substring(replacement)
        while let ch = c.first {
            if ch == "$" {
                c.removeFirst()
                var digits = ""
                if c.first == "{" {
                    c.removeFirst()
                    digits = String(c.prefix { $0 != "}" })
                    c = c.dropFirst(digits.count + 1)
                } else {
                    digits = String(c.prefix { $0.isASCII && $0.isNumber })
                    c = c.dropFirst(digits.count)
                }
                guard let n = Int(digits) else { throw ImportWhy("the replacement uses ${\(digits)}; Detour targets use numbered groups") }
                let k = n - skipped
                guard k >= 1, k <= limit, k <= 9 else { throw ImportWhy("the replacement uses group \(n), which is not a group of the path") }
                out += "$" + String(k)
                continue
            }
            if ch == "*" || ch == "{" || ch == "}" { throw ImportWhy("the replacement holds '\(ch)', which a Detour target reads as a placeholder") }
            out.append(ch)
            c.removeFirst()
        }
        return out
    }

    private static func checkedLiteral(_ s: String) throws -> String {
        if PathPatternRegex.hasTargetPlaceholderSyntax(s) { throw ImportWhy("the replacement holds '*', '{' or '$digit'") }
        return s
    }

    /// Whether any character the regex can match is `?`.
    static func canMatchQuestionMark(_ node: RegexNode) -> Bool {
        switch node {
        case .bytes(let set): return set.contains(0x3F)
        case .concat(let parts), .alternation(let parts): return parts.contains(where: canMatchQuestionMark)
        case .group(let inner, _), .repetition(let inner, _, _): return canMatchQuestionMark(inner)
        case .empty, .startAnchor, .endAnchor: return false
        }
    }
}
