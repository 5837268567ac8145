/// The new site's URLs for `detour suggest --sitemap`: a sitemap XML (`<loc>` entries) or a text
/// file with one URL or path a line (blank lines and `#` comments skipped). Only paths are kept.
public enum SiteURLList {
    public static func paths(from text: String) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        func add(_ raw: String) {
            let url = unescapeXML(raw.trimmingCharacters())
            let path: String
            if url.hasPrefix("/") {
                path = String(url.prefix { $0 != "?" && $0 != "#" })
            } else if let parsed = HTTPRequest.parseURL(url, defaultHost: "") {
                path = parsed.path
            } else {
                return
            }
            if seen.insert(path).inserted { out.append(path) }
        }
        if text.contains("<loc>") {
            var rest = Substring(text)
            while let open = rest.range(of: "<loc>") {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "</loc>") else { break }
                add(String(after[..<close.lowerBound]))
                rest = after[close.upperBound...]
            }
            return out
        }
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let t = line.trimmingCharacters()
            if t.isEmpty || t.hasPrefix("#") { continue }
            add(String(t))
        }
        return out
    }

    static func unescapeXML(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingAll("&lt;", "<").replacingAll("&gt;", ">").replacingAll("&quot;", "\"").replacingAll("&apos;", "'")
            .replacingAll("&amp;", "&")
    }
}

extension StringProtocol {
    /// Without blanks (spaces, tabs, CR, LF) at either end.
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s.removeLast() }
        return String(s)
    }
}

extension String {
    fileprivate func replacingAll(_ a: String, _ b: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: a) {
            out += rest[..<r.lowerBound] + b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
