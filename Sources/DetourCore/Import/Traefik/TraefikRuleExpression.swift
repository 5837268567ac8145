/// A Traefik router `rule` (`Host(\`a\`) && (Path(\`/x\`) || PathPrefix(\`/y/\`)) && !Method(\`POST\`)`)
/// parsed into matchers joined by `&&`, `||` and `!`, and written out as the alternatives
/// (disjunctive form) Detour rules can each express.
indirect enum TraefikRuleExpression: Equatable {
    case matcher(name: String, args: [String])
    case and(TraefikRuleExpression, TraefikRuleExpression)
    case or(TraefikRuleExpression, TraefikRuleExpression)
    case not(TraefikRuleExpression)

    /// One matcher of an alternative.
    struct Matcher: Equatable {
        let name: String
        let args: [String]
    }

    /// Parses a rule; the error names the character where it goes wrong.
    static func parse(_ text: String) throws -> TraefikRuleExpression {
        var p = Parser(chars: Array(text))
        let e = try p.or()
        p.skipSpace()
        guard p.i == p.chars.count else { throw ImportWhy("unexpected '\(p.chars[p.i])' at character \(p.i + 1) of the rule") }
        return e
    }

    /// The alternatives: each a list of matchers that must all hold. `!` has no Detour form.
    func alternatives() throws -> [[Matcher]] {
        switch self {
        case .matcher(let n, let a): return [[Matcher(name: n, args: a)]]
        case .or(let a, let b): return try a.alternatives() + b.alternatives()
        case .and(let a, let b):
            let left = try a.alternatives()
            let right = try b.alternatives()
            guard left.count * right.count <= 64 else { throw ImportWhy("the rule expands to more than 64 alternatives") }
            return left.flatMap { l in right.map { l + $0 } }
        case .not(let e): throw ImportWhy("'!' (negating \(e.text)): Detour rules can require, not exclude")
        }
    }

    var text: String {
        switch self {
        case .matcher(let n, let a): return n + "(" + a.map { "`\($0)`" }.joined(separator: ", ") + ")"
        case .and(let a, let b): return a.text + " && " + b.text
        case .or(let a, let b): return "(" + a.text + " || " + b.text + ")"
        case .not(let e): return "!" + e.text
        }
    }

    private struct Parser {
        let chars: [Character]
        var i = 0

        mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

        mutating func take(_ s: String) -> Bool {
            skipSpace()
            let a = Array(s)
            guard i + a.count <= chars.count, Array(chars[i..<(i + a.count)]) == a else { return false }
            i += a.count
            return true
        }

        mutating func or() throws -> TraefikRuleExpression {
            var e = try and()
            while take("||") { e = .or(e, try and()) }
            return e
        }

        mutating func and() throws -> TraefikRuleExpression {
            var e = try unary()
            while take("&&") { e = .and(e, try unary()) }
            return e
        }

        mutating func unary() throws -> TraefikRuleExpression {
            if take("!") { return .not(try unary()) }
            if take("(") {
                let e = try or()
                guard take(")") else { throw ImportWhy("missing ')' at character \(i + 1) of the rule") }
                return e
            }
            skipSpace()
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i].isNumber { i += 1 }
            guard i > start else { throw ImportWhy("expected a matcher like Path(`/x`) at character \(i + 1) of the rule") }
            let name = String(chars[start..<i])
            guard take("(") else { throw ImportWhy("expected '(' after \(name) at character \(i + 1) of the rule") }
            var args: [String] = []
            if !take(")") {
                repeat { args.append(try string()) } while take(",")
                guard take(")") else { throw ImportWhy("expected ')' after the arguments of \(name) at character \(i + 1) of the rule") }
            }
            return .matcher(name: name, args: args)
        }

        /// A backquoted or double-quoted argument.
        mutating func string() throws -> String {
            skipSpace()
            guard i < chars.count, chars[i] == "`" || chars[i] == "\"" else {
                throw ImportWhy("expected a quoted argument at character \(i + 1) of the rule")
            }
            let quote = chars[i]
            i += 1
            var out = ""
            while i < chars.count, chars[i] != quote {
                if quote == "\"", chars[i] == "\\", i + 1 < chars.count { i += 1 }
                out.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw ImportWhy("unclosed \(quote) in the rule") }
            i += 1
            return out
        }
    }
}
