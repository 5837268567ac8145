/// A rule's source as a Vercel `source` (path-to-regexp 6 as `@vercel/routing-utils` compiles it:
/// `strict`, `sensitive`, anchored at both ends): literal text escaped, each capture an unnamed
/// parameter `(…)`, so the destination names captures `$1…$n` as the compiled regex numbers them.
struct VercelSource {
    let text: String
    /// Vercel's group number for each Detour capture (index 0 is capture 1).
    let groups: [Int]

    enum Failure: Error {
        case refused(ExportFeature, String)
    }

    static func make(_ r: PreparedRule) throws -> VercelSource {
        if let exact = r.exactPath { return VercelSource(text: escaped(exact), groups: []) }
        if let prefix = r.prefix { return VercelSource(text: escaped(prefix) + "(.*)", groups: [1]) }
        guard let root = r.regexRoot else { throw Failure.refused(.regex, "no pattern") }
        return try regex(root)
    }

    /// path-to-regexp's lexer reads `\ * + ? { } : ( )` as syntax; each is escaped with `\`.
    static func escaped(_ path: String) -> String {
        var out = ""
        for c in path {
            if "\\*+?{}:()".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// `^` + literals and groups (+ `$`): literals stay literal, a capturing group without groups
    /// inside becomes a parameter, anything else becomes a parameter of its own that the
    /// destination never names. Without `$` the rest of the path is one more such parameter.
    private static func regex(_ root: RegexNode) throws -> VercelSource {
        let parts: [RegexNode]
        if case .concat(let p) = root { parts = p } else { parts = [root] }
        guard parts.first == .startAnchor else {
            throw Failure.refused(.regex, "Vercel sources are anchored at the start of the path; write the regex with a leading ^")
        }
        var body = Array(parts.dropFirst())
        let anchoredAtEnd = body.last == .endAnchor
        if anchoredAtEnd { body.removeLast() }
        var text = ""
        var parameters = 0
        var groups: [Int: Int] = [:]
        do {
            for node in body {
                if case .bytes(let set) = node, let b = set.single, b > 0x20, b < 0x7f {
                    text += escaped(String(UnicodeScalar(b)))
                    continue
                }
                if case .group(let inner, let capture?) = node, !VercelRegexText.hasCapture(inner) {
                    parameters += 1
                    groups[capture] = parameters
                    text += "(" + parameterPattern(try VercelRegexText.emit(inner)) + ")"
                    continue
                }
                guard !VercelRegexText.hasCapture(node) else {
                    throw Failure.refused(.regex, "a capturing group inside another construct cannot be a path-to-regexp parameter")
                }
                parameters += 1
                text += "(" + parameterPattern(try VercelRegexText.emit(node)) + ")"
            }
        } catch let e as VercelRegexText.Unwritable {
            throw Failure.refused(.regex, e.why)
        }
        if !anchoredAtEnd {
            parameters += 1
            text += "(.*)"
        }
        let count = groups.keys.max() ?? 0
        guard (1...max(count, 1)).prefix(count).allSatisfy({ groups[$0] != nil }) else {
            throw Failure.refused(.regex, "a capturing group is nested or repeated, which path-to-regexp cannot number like Detour")
        }
        return VercelSource(text: text, groups: (1...max(count, 1)).prefix(count).map { groups[$0]! })
    }

    /// A parameter's pattern may not be empty or start with `?` (path-to-regexp refuses both).
    private static func parameterPattern(_ p: String) -> String {
        p.isEmpty || p.hasPrefix("?") ? "(?:" + p + ")" : p
    }
}
