/// Writes scalars the way Detour's files spell them: plain where YAML reads the text back unchanged
/// as a string, double-quoted otherwise.
enum YAMLScalarWriter {
    /// `s` as a YAML string scalar; `inFlow` also quotes flow indicators (`, [ ] { }`).
    static func string(_ s: String, inFlow: Bool = false) -> String {
        isPlainSafe(s, inFlow: inFlow) ? s : doubleQuoted(s)
    }

    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7f || (u.value >= 0x80 && u.value < 0xa0) || u.value == 0x2028 || u.value == 0x2029
                    || u.value == 0xfeff
                {
                    out +=
                        u.value <= 0xff
                        ? "\\x" + String(u.value, radix: 16, uppercase: true).leftPadded(2)
                        : "\\u" + String(u.value, radix: 16, uppercase: true).leftPadded(4)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static func isPlainSafe(_ s: String, inFlow: Bool) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // '-' and ':' and '?' are fine when followed by a non-space (e.g. -1x, ?a); keep it simple.
            guard first == "-" || first == "?" || first == ":", s.unicodeScalars.count > 1,
                s.unicodeScalars.dropFirst().first != " "
            else { return false }
        }
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7f || (u.value >= 0x80 && u.value < 0xa0) || u.value == 0xfeff || u.value == 0x2028 || u.value == 0x2029
            {
                return false
            }
            if inFlow && ",[]{}".unicodeScalars.contains(u) { return false }
        }
        // One pass over the bytes: no ": ", " #" or tab; in flow no ':' at all, since other YAML
        // readers disagree on ':' inside flow plain scalars. (String.contains(String) goes through
        // Foundation, which was a third of `fmt`'s time on 10⁶ rules.)
        var previous: UInt8 = 0
        for c in s.utf8 {
            if c == 0x09 || (c == 0x20 && previous == 0x3A) || (c == 0x23 && previous == 0x20) || (inFlow && c == 0x3A) { return false }
            previous = c
        }
        return !readsAsNonString(s)
    }

    /// Plain text YAML 1.2 (or a YAML 1.1 reader) would take as null, bool or number.
    static func readsAsNonString(_ s: String) -> Bool {
        // Every word below is at most 5 bytes; a longer text is a number or nothing.
        if s.utf8.count <= 5 {
            let lower = s.lowercased()
            if ["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan"].contains(lower) { return true }
        }
        var digits = 0
        var others = 0
        for c in s.utf8 {
            if c >= 0x30 && c <= 0x39 {
                digits += 1
            } else if c == 0x2e || c == 0x2d || c == 0x2b || c == 0x5f || c == 0x65 || c == 0x45 || c == 0x78 || c == 0x6f {
                others += 1
            } else {
                return false
            }
        }
        return digits > 0
    }

    /// Flow list `[a, b]` of strings.
    static func flowList(_ items: [String]) -> String {
        "[" + items.map { string($0, inFlow: true) }.joined(separator: ", ") + "]"
    }

    /// Flow mapping `{a: b, c: d}` of string pairs.
    static func flowMap(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0, inFlow: true) + ": " + string($0.1, inFlow: true) }.joined(separator: ", ") + "}"
    }

    /// Flow mapping whose values are already YAML text (numbers, quoted strings).
    static func flowMap(rendered pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0, inFlow: true) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }
}
