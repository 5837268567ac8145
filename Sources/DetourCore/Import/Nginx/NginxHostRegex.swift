/// A `$host` regex as Detour host patterns: `^(?:a\.com|[^.]+(?:\.[^.]+)*\.b\.com)$` is
/// `a.com` and `*.b.com`. Each alternative is a literal name, or "one or more labels" and a
/// literal suffix; the result is checked by running the regex on names of each pattern and on a
/// name none of them has.
enum NginxHostRegex {
    /// How "one or more labels, then a dot" is spelled.
    private static let labels = ["[^\\x2E]+(?:\\x2E[^\\x2E]+)*\\x2E", "[^.]+(?:\\.[^.]+)*\\.", "[^\\.]+(?:\\.[^\\.]+)*\\.", ".+\\.", "(.+)\\."]

    static func hosts(_ pattern: String) -> [HostPattern]? {
        var body = Substring(pattern)
        guard body.hasPrefix("^"), body.hasSuffix("$") else { return nil }
        body = body.dropFirst().dropLast()
        if body.hasPrefix("(?:"), body.hasSuffix(")") { body = body.dropFirst(3).dropLast() }
        var out: [HostPattern] = []
        for alternative in RegexTextStructure(body).topLevelAlternatives.map({ Substring($0) }) {
            var rest = alternative
            var suffix = false
            if let l = labels.first(where: { rest.hasPrefix($0) }) {
                rest = rest.dropFirst(l.count)
                suffix = true
            }
            guard let name = literal(rest), !name.isEmpty, let h = HostPattern(text: (suffix ? "*." : "") + name) else { return nil }
            out.append(h)
        }
        guard let re = NginxPCRE(pattern), !out.isEmpty, !re.matches("unlisted-name.invalid") else { return nil }
        for h in out {
            switch h {
            case .exact(let n): guard re.matches(n) else { return nil }
            case .suffix(let s):
                let named = out.contains { $0.matches(s) || $0.matches("x" + s) }
                guard re.matches("a." + s), re.matches("a.b." + s), named || (!re.matches(s) && !re.matches("x" + s)) else { return nil }
            }
        }
        return out
    }

    /// Letters, digits, `-` and escaped dots (`\.` or `\x2E`) as the name they spell.
    private static func literal(_ text: Substring) -> String? {
        var out = ""
        var rest = text
        while let c = rest.first {
            if rest.hasPrefix("\\x"), rest.count >= 4, let b = UInt8(String(rest.dropFirst(2).prefix(2)), radix: 16), b < 0x80 {
                out.append(Character(UnicodeScalar(b)))
                rest = rest.dropFirst(4)
            } else if rest.hasPrefix("\\."), true {
                out.append(".")
                rest = rest.dropFirst(2)
            } else if c.isASCII, c.isLetter || c.isNumber || c == "-" {
                out.append(c)
                rest = rest.dropFirst()
            } else {
                return nil
            }
        }
        return asciiLowercased(out)
    }
}
