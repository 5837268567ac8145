/// A regex source said the way a rule file says it when that is the same rule: `^/old$` is the
/// exact path `/old`, `^/docs/(.*)$` with `$1` once in the target is the prefix `/docs/*` with
/// `*`. Only paths of unreserved characters are rewritten, where the two spellings cannot differ.
enum NginxSourceShape {
    static func simplified(_ source: Source, _ target: Target) -> (Source, Target)? {
        guard case .regex(let re) = source.kind else { return nil }
        var p = Substring(re.pattern)
        if p.hasPrefix("^(?:^"), p.hasSuffix(")") { p = "^" + p.dropFirst(5).dropLast() }
        guard p.hasPrefix("^") else { return nil }
        p = p.dropFirst()
        if p.hasSuffix("(.*)$") {
            guard re.groupCount == 1, let lit = literal(p.dropLast(5)), lit.hasPrefix("/") else { return nil }
            let text = target.text
            guard text.components(separatedBy: "$1").count == 2, !text.contains("*"),
                let s = try? Source.parse(lit + "*"), case .prefix = s.kind,
                let t = try? Target.parse(text.replacingOccurrences(of: "$1", with: "*"), captureCount: 0, sourceIsPrefix: true)
            else { return nil }
            return (s, t)
        }
        guard p.hasSuffix("$"), re.groupCount == 0, let lit = literal(p.dropLast()), lit.hasPrefix("/"),
            let s = try? Source.parse(lit), case .exact = s.kind
        else { return nil }
        return (s, target)
    }

    /// The text of a regex that is only unreserved characters and `/` (dots escaped).
    private static func literal(_ regex: Substring) -> String? {
        var out = ""
        var escaped = false
        for c in regex {
            if escaped {
                guard c == "." || c == "-" || c == "~" else { return nil }
                out.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                guard c.isASCII, c.isLetter || c.isNumber || c == "/" || c == "-" || c == "_" || c == "~" else { return nil }
                out.append(c)
            }
        }
        return escaped ? nil : out
    }
}
