/// Apache's regexes (PCRE, compiled by httpd 2.4 with `RegexDefaultOptions DOTALL DOLLAR_ENDONLY`)
/// as Detour sources: `.` also matches a line feed there, so it is written `[\s\S]`; `[NC]` is
/// written into the pattern as for nginx's `~*`. What is outside the portable subset is refused.
enum ApacheRegex {
    static func portable(_ pattern: String, caseless: Bool) -> Result<PortableRegex, ImportWhy> {
        // PCRE's `\xHH` escapes (and byte classes written with them) as the characters they stand for.
        if pattern.contains("\\x"), let text = EmittedRegexText.portable(pattern) {
            return NginxRegex.portable(text, caseless: caseless)
        }
        return NginxRegex.portable(dotAll(pattern), caseless: caseless)
    }

    /// Every `.` outside a character class as `[\s\S]`.
    static func dotAll(_ pattern: String) -> String {
        let chars = Array(pattern)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                out += String(chars[i...(i + 1)])
                i += 2
                continue
            }
            if c == "[" {
                // A class runs to the first `]` that is not its first member (after an optional `^`).
                var j = i + 1
                if j < chars.count, chars[j] == "^" { j += 1 }
                if j < chars.count, chars[j] == "]" { j += 1 }
                while j < chars.count, chars[j] != "]" { j += chars[j] == "\\" ? 2 : 1 }
                let end = min(j, chars.count - 1)
                out += String(chars[i...end])
                i = end + 1
                continue
            }
            out += c == "." ? "[\\s\\S]" : String(c)
            i += 1
        }
        return out
    }

    /// A pattern on the path as sent: a class of `\xHH` bytes that leaves out only bytes such a
    /// path never holds (blanks, controls, `?`, `#`: the request line ends the path there) is every
    /// byte, written `[\x00-\xFF]`, so that it reads back as `[\s\S]`.
    static func widenedForRawPath(_ pattern: String) -> String {
        let chars = Array(pattern)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count {
                out.append(chars[i])
                out.append(chars[i + 1])
                i += 2
                continue
            }
            if chars[i] == "[", let (set, end) = hexClass(chars, from: i), (set.complement ∩ URLText.neverInRawPath.complement).isEmpty {
                out += "[\\x00-\\xFF]"
                i = end
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// A class made only of `\xHH` and `\xHH-\xHH` at `from`, and the index after its `]`.
    private static func hexClass(_ chars: [Character], from: Int) -> (ByteSet, Int)? {
        var i = from + 1
        var set = ByteSet()
        func hex(_ at: Int) -> UInt8? {
            guard at + 3 < chars.count, chars[at] == "\\", chars[at + 1] == "x" else { return nil }
            return UInt8(String(chars[(at + 2)...(at + 3)]), radix: 16)
        }
        while i < chars.count, chars[i] != "]" {
            guard let lo = hex(i) else { return nil }
            i += 4
            var hi = lo
            if i < chars.count, chars[i] == "-" {
                guard let h = hex(i + 1) else { return nil }
                hi = h
                i += 5
            }
            guard lo <= hi else { return nil }
            set = set ∪ ByteSet(range: lo...hi)
        }
        return i < chars.count ? (set, i + 1) : nil
    }
}
