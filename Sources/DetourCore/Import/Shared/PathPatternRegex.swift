/// Pieces the platform importers use to write a path pattern as a portable regex.
enum PathPatternRegex {
    /// `text` with every regex metacharacter escaped, so it matches itself.
    static func escaped<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        for c in text {
            if "\\.^$|?*+()[]{}".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Whether a literal target piece holds a character Detour's target syntax would read as a
    /// placeholder (`*`, `$1`, `{`), which a target cannot escape.
    static func hasTargetPlaceholderSyntax(_ literal: String) -> Bool {
        if literal.contains("*") || literal.contains("{") || literal.contains("}") { return true }
        var previousDollar = false
        for c in literal {
            if previousDollar, c.isASCII, c.isNumber { return true }
            previousDollar = c == "$"
        }
        return false
    }
}
