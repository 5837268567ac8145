/// Recursive-descent parser for the portable regex subset; every construct outside it is rejected
/// by name, because PCRE (nginx, Apache, HAProxy, lighttpd, Varnish) and RE2 (Caddy, Traefik,
/// Envoy) disagree on them and a simulation would lie.
struct RegexParser {
    private let chars: [Character]
    private var i = 0
    private(set) var groupCount = 0
    /// Where each quantified atom is written (from the atom's start to past the quantifier), in
    /// the order the repetition nodes are built: a post-order walk of the AST meets them the same way.
    private(set) var repetitionSpans: [Range<Int>] = []
    private static let maxRepeat = 1000

    init(_ pattern: String) { chars = Array(pattern) }

    mutating func parse() throws -> RegexNode {
        let node = try parseAlternation(depth: 0)
        if i < chars.count {
            // Only an unbalanced ')' can stop the top level early.
            throw RegexSyntaxError(message: "unbalanced ')' in regex", offset: i)
        }
        return node
    }

    private func fail(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(message: message, offset: offset ?? i)
    }

    private mutating func parseAlternation(depth: Int) throws -> RegexNode {
        guard depth < 64 else { throw fail("regex nests groups more than 64 deep") }
        var alts = [try parseConcat(depth: depth)]
        while i < chars.count, chars[i] == "|" {
            i += 1
            alts.append(try parseConcat(depth: depth))
        }
        return alts.count == 1 ? alts[0] : .alternation(alts)
    }

    private mutating func parseConcat(depth: Int) throws -> RegexNode {
        var parts: [RegexNode] = []
        while i < chars.count, chars[i] != "|", chars[i] != ")" {
            let atomStart = i
            var atom = try parseAtom(depth: depth)
            atom = try parseQuantifiers(atom, atomStart: atomStart)
            parts.append(atom)
        }
        switch parts.count {
        case 0: return .empty
        case 1: return parts[0]
        default: return .concat(parts)
        }
    }

    private mutating func parseQuantifiers(_ atom: RegexNode, atomStart: Int) throws -> RegexNode {
        var node = atom
        var quantified = false
        while i < chars.count {
            let c = chars[i]
            var minimum = 0
            var maximum: Int? = nil
            let qStart = i
            switch c {
            case "*": i += 1
            case "+":
                minimum = 1
                i += 1
            case "?":
                maximum = 1
                i += 1
            case "{":
                guard let (lo, hi) = try parseBraces() else { return node }
                minimum = lo
                maximum = hi
            default: return node
            }
            if quantified { throw fail("stacked quantifiers are outside the portable subset", at: qStart) }
            if case .startAnchor = atom { throw fail("a quantifier on '^' is outside the portable subset", at: qStart) }
            if case .endAnchor = atom { throw fail("a quantifier on '$' is outside the portable subset", at: qStart) }
            if i < chars.count, chars[i] == "?" {
                throw fail("lazy quantifier '\(String(chars[qStart..<i]))?' is outside the portable subset (greedy only)", at: qStart)
            }
            if i < chars.count, chars[i] == "+" {
                throw fail("possessive quantifier '\(String(chars[qStart..<i]))+' is outside the portable subset", at: qStart)
            }
            node = .repetition(node, min: minimum, max: maximum)
            repetitionSpans.append(atomStart..<i)
            quantified = true
        }
        return node
    }

    /// Parses `{m}`, `{m,}`, `{m,n}` at `i`; returns nil (consuming nothing) when `{` is not a quantifier.
    private mutating func parseBraces() throws -> (Int, Int?)? {
        var j = i + 1
        func number() -> Int? {
            var digits = ""
            while j < chars.count, let d = chars[j].wholeNumberValue, chars[j].isASCII {
                digits.append(chars[j])
                j += 1
                _ = d
            }
            return digits.isEmpty ? nil : Int(digits.prefix(9))
        }
        guard let lo = number() else { throw fail("'{' must start a quantifier {m,n}; escape a literal brace as \\{") }
        var hi: Int? = lo
        if j < chars.count, chars[j] == "," {
            j += 1
            hi = number()
        }
        guard j < chars.count, chars[j] == "}" else { throw fail("unterminated quantifier '{'") }
        if lo > RegexParser.maxRepeat || (hi ?? 0) > RegexParser.maxRepeat {
            throw fail("repetition count above \(RegexParser.maxRepeat)")
        }
        if let h = hi, h < lo { throw fail("quantifier {\(lo),\(h)} has max below min") }
        i = j + 1
        return (lo, hi)
    }

    private mutating func parseAtom(depth: Int) throws -> RegexNode {
        let c = chars[i]
        switch c {
        case "(":
            let open = i
            i += 1
            var capture: Int? = nil
            if i < chars.count, chars[i] == "?" {
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                switch next {
                case ":": i += 2
                case "=", "!": throw fail("lookahead '(?\(next)' is outside the portable subset", at: open)
                case "<":
                    let after = i + 2 < chars.count ? chars[i + 2] : " "
                    if after == "=" || after == "!" { throw fail("lookbehind '(?<\(after)' is outside the portable subset", at: open) }
                    throw fail("named group '(?<name>' is outside the portable subset; use a numbered group", at: open)
                case "P": throw fail("named group '(?P<name>' is outside the portable subset; use a numbered group", at: open)
                case ">": throw fail("atomic group '(?>' is outside the portable subset", at: open)
                case "#": throw fail("comment group '(?#' is outside the portable subset", at: open)
                default: throw fail("inline flags '(?\(next)' are outside the portable subset", at: open)
                }
            } else {
                groupCount += 1
                capture = groupCount
            }
            let inner = try parseAlternation(depth: depth + 1)
            guard i < chars.count, chars[i] == ")" else { throw fail("unclosed group '('", at: open) }
            i += 1
            return .group(inner, capture: capture)
        case ")": throw fail("unbalanced ')' in regex")
        case "*", "+", "?": throw fail("quantifier '\(c)' has nothing to repeat")
        case "{":
            throw fail("'{' must follow something to repeat; escape a literal brace as \\{")
        case "^":
            i += 1
            return .startAnchor
        case "$":
            i += 1
            return .endAnchor
        case ".":
            i += 1
            return .bytes(.dot)
        case "[": return .bytes(try parseClass())
        case "\\": return try parseEscape(inClass: false).map { .bytes($0) } ?? .empty
        default:
            i += 1
            return literal(c)
        }
    }

    private func literal(_ c: Character) -> RegexNode {
        let bytes = Array(String(c).utf8)
        if bytes.count == 1 { return .bytes(ByteSet([bytes[0]])) }
        return .concat(bytes.map { .bytes(ByteSet([$0])) })
    }

    /// Parses an escape at `i` (the backslash). Returns the byte set it stands for.
    private mutating func parseEscape(inClass: Bool) throws -> ByteSet? {
        let start = i
        i += 1
        guard i < chars.count else { throw fail("trailing backslash in regex", at: start) }
        let c = chars[i]
        i += 1
        switch c {
        case "d": return .digits
        case "D": return ByteSet.digits.complement
        case "w": return .word
        case "W": return ByteSet.word.complement
        case "s": return .space
        case "S": return ByteSet.space.complement
        case "n": return ByteSet([0x0a])
        case "t": return ByteSet([0x09])
        case "r": return ByteSet([0x0d])
        case "f": return ByteSet([0x0c])
        case "v": return ByteSet([0x0b])
        case "1"..."9": throw fail("backreference '\\\(c)' is outside the portable subset", at: start)
        case "0": throw fail("octal escape '\\0' is outside the portable subset", at: start)
        case "b" where !inClass, "B": throw fail("word boundary '\\\(c)' is outside the portable subset", at: start)
        case "A", "z", "Z", "G": throw fail("anchor '\\\(c)' is outside the portable subset; use ^ or $", at: start)
        case "p", "P": throw fail("Unicode property '\\\(c){…}' is outside the portable subset", at: start)
        case "x": throw fail("hex escape '\\x' is outside the portable subset; write the character", at: start)
        case "u", "U", "N", "X", "C", "R", "h", "H", "K", "Q", "E", "k", "g", "c", "e", "a", "o", "b":
            throw fail("escape '\\\(c)' is outside the portable subset", at: start)
        default:
            guard c.isASCII, !(c.isLetter || c.isNumber) else {
                throw fail("escape '\\\(c)' is outside the portable subset", at: start)
            }
            return ByteSet(Array(String(c).utf8))
        }
    }

    private mutating func parseClass() throws -> ByteSet {
        let open = i
        i += 1
        var negate = false
        if i < chars.count, chars[i] == "^" {
            negate = true
            i += 1
        }
        var set = ByteSet()
        var first = true
        while true {
            guard i < chars.count else { throw fail("unclosed character class '['", at: open) }
            let c = chars[i]
            if c == "]" && !first {
                i += 1
                break
            }
            first = false
            if c == "[" && i + 1 < chars.count && (chars[i + 1] == ":" || chars[i + 1] == "=" || chars[i + 1] == ".") {
                throw fail("POSIX class '[\(chars[i + 1])' is outside the portable subset; use \\d, \\w, \\s or a range", at: i)
            }
            var lo: UInt8
            if c == "\\" {
                let escStart = i
                let s = try parseEscape(inClass: true) ?? ByteSet()
                if let single = s.single, !(i < chars.count && chars[i] == "-" && i + 1 < chars.count && chars[i + 1] != "]") {
                    set.insert(single)
                    continue
                } else if let single = s.single {
                    lo = single
                } else {
                    if i < chars.count, chars[i] == "-", i + 1 < chars.count, chars[i + 1] != "]" {
                        throw fail("a range cannot start at a class escape", at: escStart)
                    }
                    set = set ∪ s
                    continue
                }
            } else {
                let bytes = Array(String(c).utf8)
                i += 1
                guard bytes.count == 1 else {
                    // Non-ASCII characters inside a class would be a byte set in PCRE and a rune in RE2.
                    throw fail("non-ASCII character '\(c)' inside a class is outside the portable subset", at: i - 1)
                }
                lo = bytes[0]
            }
            if i + 1 < chars.count, chars[i] == "-", chars[i + 1] != "]" {
                i += 1
                var hi: UInt8
                if chars[i] == "\\" {
                    guard let s = try parseEscape(inClass: true), let single = s.single else {
                        throw fail("a range cannot end at a class escape", at: i)
                    }
                    hi = single
                } else {
                    let bytes = Array(String(chars[i]).utf8)
                    guard bytes.count == 1 else { throw fail("non-ASCII range end is outside the portable subset", at: i) }
                    hi = bytes[0]
                    i += 1
                }
                guard lo <= hi else { throw fail("class range out of order", at: i - 1) }
                set = set ∪ ByteSet(range: lo...hi)
            } else {
                set.insert(lo)
            }
        }
        return negate ? set.complement : set
    }
}
