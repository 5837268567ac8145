/// How a `NetlifyRedirect` is written: a `_redirects` line or a `[[redirects]]` TOML table.
enum NetlifySyntax {
    static func redirectsLine(_ e: NetlifyRedirect) -> String {
        var fields = [e.from]
        fields += e.query.map { "\($0.name)=\($0.value)" }
        fields += [e.to, "\(e.status)!"]
        fields += e.cookies.map { "Cookie=\($0)" }
        return fields.joined(separator: " ")
    }

    static func tomlTable(_ e: NetlifyRedirect) -> String {
        var s = "[[redirects]]\nfrom = \(quoted(e.from))\nto = \(quoted(e.to))\nstatus = \(e.status)\nforce = true\n"
        if !e.query.isEmpty {
            s += "query = {" + e.query.map { "\(quoted($0.name)) = \(quoted($0.value))" }.joined(separator: ", ") + "}\n"
        }
        if !e.cookies.isEmpty {
            s += "conditions = {Cookie = [" + e.cookies.map(quoted).joined(separator: ", ") + "]}\n"
        }
        return s
    }

    /// A TOML basic string: `"` and `\` escaped, control characters never reach here (refused by
    /// every exporter).
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
