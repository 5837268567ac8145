/// nginx regexes (PCRE) as Detour sources: checked against the portable subset (DESIGN §2.3), and
/// `~*` case-insensitivity written into the pattern, since the subset has no inline flags.
enum NginxRegex {
    /// The portable regex for an nginx pattern, or why it is not portable.
    static func portable(_ pattern: String, caseless: Bool) -> Result<PortableRegex, ImportWhy> {
        let text = caseless ? foldingCase(pattern) : pattern
        do { return .success(try PortableRegex(text)) } catch let e as RegexSyntaxError {
            return .failure(ImportWhy("the regex is outside Detour's portable subset (\(e.message))"))
        } catch {
            return .failure(ImportWhy("the regex cannot be read (\(error))"))
        }
    }

    /// `a` → `[aA]` outside classes and the other case added inside them, so the pattern matches
    /// both cases without a flag.
    static func foldingCase(_ pattern: String) -> String {
        var out = ""
        var inClass = false
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                out.append(c)
                out.append(chars[i + 1])
                i += 2
                continue
            }
            if inClass {
                if c == "]" {
                    inClass = false
                    out.append(c)
                    i += 1
                    continue
                }
                if i + 2 < chars.count, chars[i + 1] == "-", chars[i + 2] != "]" {
                    let lo = chars[i]
                    let hi = chars[i + 2]
                    out += "\(lo)-\(hi)"
                    if lo.isASCII, hi.isASCII, lo.isLetter, hi.isLetter, lo.isLowercase == hi.isLowercase {
                        out += lo.isLowercase ? "\(lo.uppercased())-\(hi.uppercased())" : "\(lo.lowercased())-\(hi.lowercased())"
                    }
                    i += 3
                    continue
                }
                out.append(c)
                if c.isASCII, c.isLetter { out += c.isLowercase ? c.uppercased() : c.lowercased() }
                i += 1
                continue
            }
            if c == "[" {
                inClass = true
                out.append(c)
                i += 1
                if i < chars.count, chars[i] == "^" {
                    out.append("^")
                    i += 1
                }
                if i < chars.count, chars[i] == "]" {
                    out.append("]")
                    i += 1
                }
                continue
            }
            if c.isASCII, c.isLetter {
                out += "[\(c.lowercased())\(c.uppercased())]"
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// `text` as a regex that matches exactly it.
    static func escaped(_ text: String) -> String {
        text.map { "\\^$.|?*+()[]{}".contains($0) ? "\\\($0)" : String($0) }.joined()
    }

    /// The literal text every match starts with when anchored (`^/old/(.*)` → `/old/`), else "".
    static func literalPrefix(_ regex: PortableRegex) -> String {
        String(decoding: regex.literalPrefix, as: UTF8.self)
    }
}
