/// A regex on the path as sent, as the Detour source a person would write: `^/old$` is the exact
/// source `/old` when matching it exactly says the same (the text is already in the canonical form
/// Detour compares exact sources in, and reads as an exact source); anything else stays a regex.
enum ApacheRawPathSource {
    static func source(_ regex: PortableRegex) -> Source? {
        guard regex.groupCount == 0, let path = literal(regex.pattern), URLText.normalizedPath(path) == path,
            let source = try? Source.parse(path), case .exact(let p) = source.kind, p == path
        else { return nil }
        return source
    }

    /// The text `^…$` matches when it is one literal (`\.` read as `.`), nil otherwise.
    static func literal(_ pattern: String) -> String? {
        guard pattern.hasPrefix("^/"), pattern.hasSuffix("$"), !pattern.hasSuffix("\\$") else { return nil }
        var out = ""
        var chars = pattern.dropFirst().dropLast()[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\\" {
                guard let next = chars.first, !next.isLetter, !next.isNumber else { return nil }
                out.append(next)
                chars = chars.dropFirst()
                continue
            }
            if ".[](){}*+?|^$".contains(c) { return nil }
            out.append(c)
        }
        return out
    }
}
