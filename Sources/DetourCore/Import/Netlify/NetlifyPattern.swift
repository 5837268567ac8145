/// A Netlify path pattern in Detour terms: `/news/*` is a prefix source, `/news/:year/:slug` a
/// regex with one group per placeholder (a placeholder is one path segment, or the rest of it
/// before a literal like `.html`), and in the destination `:splat` and `:name` become `*` or `$n`.
struct NetlifyPattern {
    let source: Source
    /// The placeholder names in capture order; `splat` for the `*`.
    let names: [String]

    private enum Piece {
        case literal(String)
        case placeholder(String)
        case splat
    }

    /// The source for the path of a `from`. Throws `ImportWhy` for what Detour cannot carry.
    static func make(path: String) throws -> NetlifyPattern {
        if path.contains("?") {
            throw ImportWhy("'?' in the path: Netlify matches query parameters written as separate NAME=VALUE fields, not in the path")
        }
        let pieces = try Self.pieces(path)
        let names = pieces.compactMap { p -> String? in
            switch p {
            case .placeholder(let n): return n
            case .splat: return "splat"
            case .literal: return nil
            }
        }
        if names.isEmpty || names == ["splat"] {
            do { return NetlifyPattern(source: try Source.parse(path), names: names.isEmpty ? [] : ["splat"]) } catch let e as SourceSyntaxError {
                throw ImportWhy("the path is not a Detour source: \(e.message)")
            }
        }
        guard names.count <= 9 else { throw ImportWhy("more than 9 placeholders: a Detour target can use $1…$9") }
        var pattern = "^"
        var previousWasPlaceholder = false
        for p in pieces {
            switch p {
            case .literal(let text):
                pattern += PathPatternRegex.escaped(text)
                if text.contains("/") { previousWasPlaceholder = false }
            case .placeholder(let n):
                // Two placeholders in one segment could split it more than one way.
                if previousWasPlaceholder { throw ImportWhy("two placeholders in one path segment (:\(n)): the split between them is not defined") }
                pattern += "([^/]+)"
                previousWasPlaceholder = true
            case .splat: pattern += "(.*)"
            }
        }
        pattern += "$"
        do { return NetlifyPattern(source: try Source.parse("~" + pattern), names: names) } catch let e as SourceSyntaxError {
            throw ImportWhy("the pattern is outside Detour's portable regex: \(e.message)")
        }
    }

    private static func pieces(_ path: String) throws -> [Piece] {
        var out: [Piece] = []
        var literal = ""
        let chars = Array(path)
        var i = 0
        func flush() {
            if !literal.isEmpty { out.append(.literal(literal)) }
            literal = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "*" {
                guard i == chars.count - 1 else { throw ImportWhy("'*' inside the path: Netlify's splat ends a path (/news/*)") }
                flush()
                out.append(.splat)
                i += 1
            } else if c == ":", i + 1 < chars.count, Self.isNameStart(chars[i + 1]) {
                var j = i + 1
                while j < chars.count, Self.isNameCharacter(chars[j]) { j += 1 }
                flush()
                out.append(.placeholder(String(chars[(i + 1)..<j])))
                i = j
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        return out
    }

    static func isNameStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
    static func isNameCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }

    /// The Detour target for a destination. `queryNames` are the placeholders of the rule's query
    /// parameters, which a Detour target cannot use.
    func target(_ to: String, queryNames: Set<String>) throws -> Target {
        var text = ""
        let chars = Array(to)
        var i = 0
        var literal = ""
        func flushLiteral() throws {
            if PathPatternRegex.hasTargetPlaceholderSyntax(literal) {
                throw ImportWhy("the destination holds '*', '{' or '$digit', which a Detour target reads as a placeholder")
            }
            text += literal
            literal = ""
        }
        while i < chars.count {
            let c = chars[i]
            guard c == ":", i + 1 < chars.count, Self.isNameStart(chars[i + 1]) else {
                literal.append(c)
                i += 1
                continue
            }
            var j = i + 1
            while j < chars.count, Self.isNameCharacter(chars[j]) { j += 1 }
            let name = String(chars[(i + 1)..<j])
            if let k = names.firstIndex(of: name) {
                try flushLiteral()
                text += source.isPrefix ? "*" : "$" + String(k + 1)
            } else if queryNames.contains(name) {
                throw ImportWhy("the destination uses the query value :\(name); a Detour target cannot hold a query parameter's value")
            } else if name == "splat" {
                throw ImportWhy("the destination uses :splat but the path has no '*'")
            } else {
                // Netlify leaves a name that is no placeholder as written.
                literal += ":" + name
            }
            i = j
        }
        try flushLiteral()
        do { return try Target.parse(text, captureCount: source.captureCount, sourceIsPrefix: source.isPrefix) } catch let e as TargetSyntaxError {
            throw ImportWhy("the destination is not a Detour target: \(e.message)")
        }
    }
}
