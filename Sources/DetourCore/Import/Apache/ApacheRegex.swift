/// Apache's regexes (PCRE, compiled by httpd 2.4 with `RegexDefaultOptions DOTALL DOLLAR_ENDONLY`)
/// as Detour sources: `.` also matches a line feed there, so it is written `[\s\S]`; `[NC]` is
/// written into the pattern as for nginx's `~*`. What is outside the portable subset is refused.
enum ApacheRegex {
    static func portable(_ pattern: String, caseless: Bool) -> Result<PortableRegex, ImportWhy> {
        NginxRegex.portable(dotAll(pattern), caseless: caseless)
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
}
