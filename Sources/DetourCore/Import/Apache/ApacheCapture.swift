/// What group 1 (`%1`) of a `RewriteCond` holds, when it is a request value Detour has a word for:
/// learnt by running the condition's pattern on sample values (`ApachePCRE`), not from its text.
enum ApacheCapture: Equatable {
    /// The path as the client sent it, from `%{THE_REQUEST}` (no decoding, no query).
    case rawPath
    /// `%{HTTP_HOST}` without its port and trailing dot, case as sent.
    case hostWithoutPort
    /// The whole query string; the condition holds only when there is one.
    case nonEmptyQuery
    /// The value of a trusted scheme header when it is `http` or `https` in any case.
    case schemeWord(header: String)
    /// The value of one cookie; the condition holds when the cookie is sent.
    case cookie(String)
    /// The value of one query parameter (empty without `=`); the condition holds when it is sent.
    case queryParameter(String)

    /// The capture of `c`, nil when its group 1 is none of the above (or it is negated).
    static func of(_ c: ApacheRewriteCond) -> ApacheCapture? {
        guard !c.negated, !c.pattern.hasPrefix("="), let variable = c.variable else { return nil }
        let p = c.pattern
        let nc = c.caseless
        switch variable.uppercased() {
        case "THE_REQUEST":
            let ok = ApachePCRE.capturesFirstGroup(
                p, caseless: nc,
                [
                    ("GET /a/b?x=1 HTTP/1.1", "/a/b"), ("POST /a%20b HTTP/1.1", "/a%20b"), ("GET / HTTP/1.1", "/"), ("PUT /x/?y?z HTTP/1.0", "/x/"),
                    ("DELETE /A.B/%2F HTTP/1.1", "/A.B/%2F")
                ])
            return ok ? .rawPath : nil
        case "HTTP_HOST":
            let ok = ApachePCRE.capturesFirstGroup(
                p, caseless: nc,
                [("Example.COM", "Example.COM"), ("example.com.", "example.com"), ("example.com:8080", "example.com"), ("a.b.:80", "a.b"), ("x", "x")]
            )
            return ok ? .hostWithoutPort : nil
        case "QUERY_STRING":
            if ApachePCRE.capturesFirstGroup(p, caseless: nc, [("a=1", "a=1"), ("x&y=%20&z", "x&y=%20&z"), ("", nil)]) { return .nonEmptyQuery }
            guard let name = nameBeforeValue(p) else { return nil }
            let ok = ApachePCRE.capturesFirstGroup(
                p, caseless: nc,
                [
                    ("\(name)=v", "v"), ("a=1&\(name)=v%20w&b=2", "v%20w"), ("\(name)", ""), ("\(name)=", ""), ("x\(name)=v", nil), ("a=1", nil),
                    ("\(name)x=v", nil), ("a=\(name)", nil)
                ])
            return ok ? .queryParameter(name) : nil
        case "HTTP_COOKIE", "HTTP:COOKIE":
            guard let name = nameBeforeValue(p) else { return nil }
            let ok = ApachePCRE.capturesFirstGroup(
                p, caseless: nc,
                [
                    ("\(name)=v", "v"), ("a=1; \(name)=v w; b=2", "v w"), ("a=1;\(name)=v", "v"), ("\(name)=", ""), ("x\(name)=v", nil), ("a=1", nil),
                    ("\(name)x=v", nil)
                ])
            return ok ? .cookie(name) : nil
        default:
            guard variable.uppercased().hasPrefix("HTTP:") else { return nil }
            let ok = ApachePCRE.capturesFirstGroup(
                p, caseless: nc,
                [("http", "http"), ("https", "https"), ("HTTPS", "HTTPS"), ("Http", "Http"), ("ftp", nil), ("httpsx", nil), ("", nil)])
            return ok ? .schemeWord(header: String(variable.dropFirst(5))) : nil
        }
    }

    /// The parameter or cookie name a pattern like `(?:^|&)name(?:=([^&]*))?` or
    /// `(?:^|;\s*)name=([^;]*)` asks for: the name characters before the `=` that precedes group 1.
    static func nameBeforeValue(_ pattern: String) -> String? {
        let chars = Array(pattern)
        guard let open = chars.indices.first(where: { i in chars[i] == "(" && (i + 1 == chars.count || chars[i + 1] != "?") }) else { return nil }
        var end = open
        // `name=(` or `name(?:=(`
        if end >= 4, String(chars[(end - 4)..<end]) == "(?:=" {
            end -= 4
        } else if end >= 1, chars[end - 1] == "=" {
            end -= 1
        } else {
            return nil
        }
        var start = end
        while start > 0, chars[start - 1].isASCII,
            chars[start - 1].isLetter || chars[start - 1].isNumber || chars[start - 1] == "_" || chars[start - 1] == "-"
        {
            start -= 1
        }
        return start < end ? String(chars[start..<end]) : nil
    }
}
