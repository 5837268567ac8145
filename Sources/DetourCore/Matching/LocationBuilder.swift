/// Turns a matched rule into its `Location` (DESIGN §4): placeholders filled (request text
/// re-encoded so no request can inject a header), the query kept or dropped, and a relative target
/// resolved against the request URL.
public enum LocationBuilder {
    /// The target with placeholders filled and the query applied, as the rule writes it (relative
    /// when the target is a path).
    public static func filledTarget(_ rule: Rule, captures: [String], request: HTTPRequest) -> String {
        var out = ""
        var usesQuery = false
        for part in rule.target.parts {
            switch part {
            case .literal(let text): out += text
            case .splat: out += PercentEncoding.encodeForLocation(captures.first ?? "")
            case .group(let n): out += PercentEncoding.encodeForLocation(n - 1 < captures.count ? captures[n - 1] : "")
            case .host: out += request.host
            case .path: out += PercentEncoding.encodeForLocation(request.path)
            case .query:
                usesQuery = true
                out += PercentEncoding.encodeForLocation(request.query ?? "")
            }
        }
        if rule.query == .keep, !usesQuery, let query = request.query, !query.isEmpty {
            let encoded = PercentEncoding.encodeForLocation(query)
            // The query goes before a fragment, after any query the target already has.
            var fragment = ""
            if let hash = out.firstIndex(of: "#") {
                fragment = String(out[hash...])
                out = String(out[..<hash])
            }
            out += (out.contains("?") ? "&" : "?") + encoded + fragment
        }
        // A target written as an IRI (`/café`, `https://bücher.example/`) is sent as browsers send it.
        return IRI.uri(out)
    }

    /// `reference` resolved against the request URL (RFC 3986 §5.2, for the forms targets take).
    public static func resolve(_ reference: String, against request: HTTPRequest) -> String {
        if Target.schemeOf(reference) != nil { return reference }
        if reference.hasPrefix("//") { return request.scheme + ":" + reference }
        let origin = origin(of: request)
        if reference.hasPrefix("/") { return origin + reference }
        if reference.hasPrefix("?") { return origin + request.path + reference }
        if reference.hasPrefix("#") { return request.url + reference }
        let directory = request.path.lastIndex(of: "/").map { String(request.path[...$0]) } ?? "/"
        return origin + directory + reference
    }

    /// `scheme://host[:port]`, the port only when not the scheme's default.
    public static func origin(of request: HTTPRequest) -> String {
        var s = request.scheme + "://" + request.host
        if let port = request.port, !(request.scheme == "http" && port == 80) && !(request.scheme == "https" && port == 443) {
            s += ":\(port)"
        }
        return s
    }
}
