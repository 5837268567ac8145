/// A rule's path pattern for a subject that goes on past the path (`/path?query`, or a whole URL)
/// in a regex dialect without lookahead (Go, RE2): the pattern never crosses into the query, and a
/// regex source's own `^`/`$` at its ends stand for the ends of the path. A `^` or `$` anywhere
/// else cannot be said this way and is refused.
extension PreparedRule {
    struct AnchorInsideRegex: Error {}

    /// The path part (captures as the rule numbers them). `anyExactPath`: an exact source matches
    /// any path (a router already chose the rule).
    func pathInURIPattern(anyExactPath: Bool = false) throws -> String {
        if let exactPath { return anyExactPath ? "[^?#]*" : RegexEmitter.literalString(exactPath) }
        if let prefix { return RegexEmitter.literalString(prefix) + "([^?#]*)" }
        guard let root = regexRoot else { return "[^?#]*" }
        var parts: [RegexNode]
        if case .concat(let p) = root { parts = p } else { parts = [root] }
        var anchoredStart = false
        var anchoredEnd = false
        if case .startAnchor? = parts.first {
            anchoredStart = true
            parts.removeFirst()
        }
        if case .endAnchor? = parts.last {
            anchoredEnd = true
            parts.removeLast()
        }
        let inner = RegexEmitter.emit(.concat(parts), excluding: URLText.neverInRawPath)
        guard !inner.contains("^") && !inner.contains("$") else { throw AnchorInsideRegex() }
        return (anchoredStart ? "" : "[^?#]*?") + "(?:" + inner + ")" + (anchoredEnd ? "" : "[^?#]*")
    }
}
