/// A Vercel `source` (path-to-regexp 6, as `@vercel/routing-utils` compiles it: `strict`,
/// `sensitive`, delimiter `/`) as a Detour source: a plain path stays exact, anything with
/// parameters becomes the same regex. Parameters are numbered as Vercel numbers them, so `:name`
/// and `$1` in the destination both become Detour's `$n`.
struct VercelSourcePattern {
    let source: Source
    /// The parameter names in capture order; unnamed groups (`(.*)`) get their index as a name.
    let names: [String]

    private enum Token {
        case literal(String)
        case parameter(name: String, prefix: String, suffix: String, pattern: String?, modifier: String)
    }

    /// path-to-regexp's default parameter pattern without its lazy `?`: with at most one such
    /// parameter in a path segment the two match the same text and split it the same way.
    private static let segment = "[^/#?]+"

    static func make(_ text: String) throws -> VercelSourcePattern {
        let tokens = try Self.tokens(text)
        var pattern = "^"
        var names: [String] = []
        var defaultsInSegment = 0
        for t in tokens {
            switch t {
            case .literal(let s):
                pattern += PathPatternRegex.escaped(s)
                if s.contains("/") { defaultsInSegment = 0 }
            case .parameter(let name, let prefix, let suffix, let custom, let modifier):
                if !prefix.isEmpty { defaultsInSegment = 0 }
                if custom == nil {
                    defaultsInSegment += 1
                    if defaultsInSegment > 1 {
                        throw ImportWhy(
                            "two parameters in one path segment (:\(name)): path-to-regexp splits them lazily, which the portable subset cannot say")
                    }
                }
                names.append(name)
                let p = custom ?? Self.segment
                let pre = PathPatternRegex.escaped(prefix)
                let suf = PathPatternRegex.escaped(suffix)
                if pre.isEmpty && suf.isEmpty {
                    pattern += modifier == "*" || modifier == "+" ? "((?:\(p))\(modifier))" : "(\(p))\(modifier)"
                } else if modifier == "*" || modifier == "+" {
                    pattern += "(?:\(pre)((?:\(p))(?:\(suf)\(pre)(?:\(p)))*)\(suf))" + (modifier == "*" ? "?" : "")
                } else {
                    pattern += "(?:\(pre)(\(p))\(suf))\(modifier)"
                }
            }
        }
        if names.isEmpty {
            do { return VercelSourcePattern(source: try Source.parse(text), names: []) } catch let e as SourceSyntaxError {
                throw ImportWhy("the source is not a Detour path: \(e.message)")
            }
        }
        guard names.count <= 9 else { throw ImportWhy("more than 9 parameters: a Detour target can use $1…$9") }
        pattern += "$"
        do {
            let source = try Source.parse("~" + pattern)
            guard source.captureCount == names.count else {
                throw ImportWhy("a parameter pattern has capturing groups of its own, which shifts Vercel's numbering")
            }
            return VercelSourcePattern(source: source, names: names)
        } catch let e as SourceSyntaxError {
            throw ImportWhy("the pattern \(pattern) is outside Detour's portable regex: \(e.message)")
        }
    }

    /// path-to-regexp 6's lexer and parser (prefixes `./`), far enough to rebuild its regex.
    private static func tokens(_ text: String) throws -> [Token] {
        let c = Array(text)
        var out: [Token] = []
        var path = ""
        var i = 0
        var unnamed = 0
        func name(at start: Int) -> (String, Int)? {
            var j = start
            while j < c.count, c[j].isASCII, c[j].isLetter || c[j].isNumber || c[j] == "_" { j += 1 }
            return j > start ? (String(c[start..<j]), j) : nil
        }
        func group(at start: Int) throws -> (String, Int) {
            var depth = 1
            var j = start + 1
            var body = ""
            guard j < c.count, c[j] != "?" else { throw ImportWhy("a parameter pattern cannot start with '?' (at \(j))") }
            while j < c.count {
                if c[j] == "\\", j + 1 < c.count {
                    body += String(c[j...(j + 1)])
                    j += 2
                    continue
                }
                if c[j] == ")" {
                    depth -= 1
                    if depth == 0 { return (body, j + 1) }
                } else if c[j] == "(" {
                    depth += 1
                    guard j + 1 < c.count, c[j + 1] == "?" else {
                        throw ImportWhy("capturing groups are not allowed inside a parameter pattern (at \(j))")
                    }
                }
                body.append(c[j])
                j += 1
            }
            throw ImportWhy("unbalanced '(' in the source")
        }
        func modifier(at j: Int) -> (String, Int) {
            j < c.count && "*+?".contains(c[j]) ? (String(c[j]), j + 1) : ("", j)
        }
        while i < c.count {
            let ch = c[i]
            if ch == ":" || ch == "(" {
                var prefix = ""
                if let last = path.last, last == "/" || last == "." {
                    prefix = String(last)
                    path.removeLast()
                }
                if !path.isEmpty { out.append(.literal(path)) }
                path = ""
                var n: String
                var pattern: String? = nil
                if ch == ":" {
                    guard let (found, after) = name(at: i + 1) else { throw ImportWhy("missing parameter name after ':' (at \(i))") }
                    n = found
                    i = after
                    if i < c.count, c[i] == "(" { (pattern, i) = try group(at: i) }
                } else {
                    n = String(unnamed)
                    unnamed += 1
                    var body: String
                    (body, i) = try group(at: i)
                    pattern = body
                }
                let (mod, after) = modifier(at: i)
                i = after
                out.append(.parameter(name: n, prefix: prefix, suffix: "", pattern: pattern, modifier: mod))
                continue
            }
            if ch == "{" || ch == "}" { throw ImportWhy("'{…}' groups of path-to-regexp are not imported") }
            if "*+?".contains(ch) { throw ImportWhy("'\(ch)' at \(i) does not follow a parameter, so path-to-regexp rejects the source") }
            if ch == "\\", i + 1 < c.count {
                path.append(c[i + 1])
                i += 2
                continue
            }
            path.append(ch)
            i += 1
        }
        if !path.isEmpty { out.append(.literal(path)) }
        return out
    }

    /// The destination with `:name` (and `:name*`, `:name+`, `:name?`) written as `$n`; `$1`
    /// stays. `hasNames` are names a `has` condition captures, which Detour cannot use.
    func target(_ destination: String, hasNames: Set<String>) throws -> Target {
        let c = Array(destination)
        var text = ""
        var literal = ""
        var i = 0
        func flush() throws {
            if literal.contains("*") || literal.contains("{") || literal.contains("}") {
                throw ImportWhy("the destination holds '*' or '{', which a Detour target reads as a placeholder")
            }
            text += literal
            literal = ""
        }
        while i < c.count {
            if c[i] == ":", i + 1 < c.count {
                var j = i + 1
                while j < c.count, c[j].isASCII, c[j].isLetter || c[j].isNumber || c[j] == "_" { j += 1 }
                let n = String(c[(i + 1)..<j])
                if let k = names.firstIndex(of: n) {
                    try flush()
                    text += "$" + String(k + 1)
                    i = j < c.count && "*+?".contains(c[j]) ? j + 1 : j
                    continue
                }
                if hasNames.contains(n) {
                    throw ImportWhy("the destination uses :\(n), captured by a 'has' condition; Detour targets use only the path's groups")
                }
            }
            literal.append(c[i])
            i += 1
        }
        try flush()
        do { return try Target.parse(text, captureCount: source.captureCount, sourceIsPrefix: false) } catch let e as TargetSyntaxError {
            throw ImportWhy("the destination is not a Detour target: \(e.message)")
        }
    }
}
