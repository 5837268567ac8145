/// A rule's target as the fields of Envoy's `RedirectAction` (cookbook-traefik-envoy §2.1–2.2):
/// scheme, host and port replaced from a literal authority (a relative target keeps the request's
/// scheme — Envoy's X-Forwarded-Proto — and its Host header), the path from `path_redirect` (a
/// literal, which may carry a replacement query) or `regex_rewrite` (captures as `\N`), and the
/// request's query kept (Envoy's default) or stripped. What the action cannot say is refused.
struct EnvoyRedirect {
    /// `key: value` pairs of the action, values already YAML-quoted.
    let fields: [(String, String)]

    /// Why a target has no exact `RedirectAction`.
    struct Refusal: Error {
        let feature: ExportFeature
        let why: String
    }

    /// Whether the redirect keeps the request's scheme (a target without `scheme://` or `//`).
    static func keepsRequestScheme(_ r: PreparedRule) -> Bool {
        guard case .literal(let first)? = r.target.first, let split = splitAuthority(first) else { return true }
        return split.scheme == nil
    }

    init(_ r: PreparedRule) throws {
        var pieces = r.target
        var fields: [(String, String)] = []
        // A literal authority (`https://host[:port]`, `//host`) becomes scheme/host/port_redirect.
        if case .literal(let first)? = pieces.first, let split = Self.splitAuthority(first) {
            guard split.rest != nil || pieces.count == 1 else {
                throw Refusal(feature: .regex, why: "Envoy's host_redirect is a fixed host: a placeholder in the target's host cannot be written")
            }
            if let scheme = split.scheme { fields.append(("scheme_redirect", EnvoySyntax.quoted(scheme))) }
            fields.append(("host_redirect", EnvoySyntax.quoted(split.host)))
            if let port = split.port { fields.append(("port_redirect", port)) }
            let rest = split.rest ?? ""
            pieces[0] = .literal(rest.isEmpty ? "/" : rest)
        }
        guard case .literal(let head)? = pieces.first, head.hasPrefix("/") else {
            throw Refusal(
                feature: .regex,
                why: "Envoy redirects to an absolute path or URL only; a relative target or one starting with a placeholder cannot be written")
        }
        if r.keepsQuery || r.literalTarget == nil,
            pieces.contains(where: { if case .literal(let t) = $0 { return t.contains("#") } else { return false } })
        {
            throw Refusal(
                feature: .regex,
                why:
                    "Envoy writes a fragment only as part of a literal path_redirect with the query stripped; kept queries and captures would go after it"
            )
        }
        if pieces.contains(.host) || pieces.contains(.query) {
            throw Refusal(feature: .regex, why: "Envoy's RedirectAction cannot place the request's host or query inside the target ({host}, {query})")
        }
        let literals = pieces.compactMap { p -> String? in if case .literal(let t) = p { return t } else { return nil } }
        if literals.count == pieces.count {
            let literal = literals.joined()
            if literal.contains("?") && r.keepsQuery {
                throw Refusal(
                    feature: .queryKeep,
                    why: "Envoy replaces the request's query with the target's; it cannot merge them (`?` in prefix_rewrite is garbled)")
            }
            fields.append(("path_redirect", EnvoySyntax.quoted(literal)))
        } else {
            if pieces.contains(where: { if case .literal(let t) = $0 { return t.contains("?") } else { return false } }) {
                throw Refusal(
                    feature: .regex,
                    why: "Envoy's regex_rewrite writes a path: a query it writes is dropped by strip_query (measured) and merged with none")
            }
            fields.append(("regex_rewrite", try Self.regexRewrite(r, pieces)))
        }
        if !r.keepsQuery { fields.append(("strip_query", "true")) }
        fields.append(("response_code", EnvoySyntax.responseCode(r.code)))
        self.fields = fields
    }

    /// `{pattern: {regex: …}, substitution: …}` rewriting the whole raw path; `{path}` is the outer group.
    private static func regexRewrite(_ r: PreparedRule, _ pieces: [PreparedRule.Piece]) throws -> String {
        let usesPath = pieces.contains(.path)
        let shift = usesPath ? 1 : 0
        var substitution = ""
        for p in pieces {
            switch p {
            case .literal(let t): substitution += EnvoySyntax.substitutionLiteral(t)
            case .capture(let n):
                guard n + shift <= 9 else { throw Refusal(feature: .regex, why: "RE2's rewrite reaches captures \\1 to \\9 only") }
                substitution += "\\\(n + shift)"
            case .path: substitution += "\\1"
            case .host, .query: break
            }
        }
        var pattern = EnvoyRouteMatch.pathPattern(r)
        if usesPath { pattern = "^(" + pattern + ")$" }
        return "{pattern: {regex: \(EnvoySyntax.quoted("(?s)" + pattern))}, substitution: \(EnvoySyntax.quoted(substitution))}"
    }

    /// `scheme://host[:port]rest` or `//host[:port]rest`; rest nil when the authority ends the text.
    static func splitAuthority(_ text: String) -> (scheme: String?, host: String, port: String?, rest: String?)? {
        var scheme: String? = nil
        var afterScheme = Substring(text)
        if let range = text.range(of: "://") {
            let s = text[..<range.lowerBound]
            guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
            scheme = String(s)
            afterScheme = text[range.upperBound...]
        } else if text.hasPrefix("//") {
            afterScheme = text.dropFirst(2)
        } else {
            return nil
        }
        let end = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" })
        let authority = end.map { afterScheme[..<$0] } ?? afterScheme
        var host = String(authority)
        var port: String? = nil
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            port = String(authority[authority.index(after: colon)...])
        }
        return (scheme, host, port, end.map { String(afterScheme[$0...]) })
    }
}
