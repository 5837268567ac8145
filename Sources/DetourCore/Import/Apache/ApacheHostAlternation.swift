/// A host pattern without groups that lists names and wildcard domains, `^(?:a\.example|[^.]+(?:\.[^.]+)*\.shop\.example)$`:
/// each alternative is a name, or one or more labels followed by a fixed suffix, which is
/// Detour's `*.suffix`. The labels part is recognised by what it matches, not by its spelling.
enum ApacheHostAlternation {
    /// nil when the pattern is not anchored, has groups, or an alternative is something else.
    static func hosts(_ pattern: String) -> [HostPattern]? {
        var text = pattern.replacingAll("\\x2E", with: "\\.").replacingAll("\\x2e", with: "\\.").replacingAll("\\x2D", with: "-")
            .replacingAll("\\x2d", with: "-")
        guard text.hasPrefix("^"), text.hasSuffix("$"), !text.hasSuffix("\\$") else { return nil }
        text = String(text.dropFirst().dropLast())
        if text.hasPrefix("(?:"), text.hasSuffix(")"), RegexTextStructure(text).closingParen(of: 0) == text.count - 1 {
            text = String(text.dropFirst(3).dropLast())
        }
        var out: [HostPattern] = []
        for alternative in RegexTextStructure(text).topLevelAlternatives {
            guard let h = host(alternative) else { return nil }
            out.append(h)
        }
        return out.isEmpty ? nil : out
    }

    /// One alternative: a literal name, or labels + `\.` + a literal suffix.
    static func host(_ alternative: String) -> HostPattern? {
        if let name = literal(alternative) { return HostPattern(text: name) }
        let chars = Array(alternative)
        // Each `\.` from the right: the rest must be a literal suffix, the part before labels.
        for i in stride(from: chars.count - 2, through: 1, by: -1) where chars[i] == "\\" && chars[i + 1] == "." {
            guard let suffix = literal(String(chars[(i + 2)...])), isLabels(String(chars[..<i])) else { continue }
            return HostPattern(text: "*." + suffix)
        }
        return nil
    }

    /// Whether a regex matches exactly dot-separated non-empty labels.
    static func isLabels(_ regex: String) -> Bool {
        ApachePCRE.accepts("^(?:" + regex + ")$", ["a", "a.b", "x-y.z.w", "ab7"], rejects: ["", ".a", "a.", "a..b", "."])
    }

    /// The name a regex spells literally (`a\.example\.com`), lower-cased; nil for anything else.
    static func literal(_ regex: String) -> String? {
        var out = ""
        var chars = regex[...]
        while let c = chars.first {
            if c == "\\" {
                guard chars.count >= 2, chars.dropFirst().first == "." else { return nil }
                out.append(".")
                chars = chars.dropFirst(2)
                continue
            }
            guard c.isASCII, c.isLetter || c.isNumber || c == "-" else { return nil }
            out += c.lowercased()
            chars = chars.dropFirst()
        }
        return out.isEmpty ? nil : out
    }
}
