/// Where a rule sends the client (DESIGN §2.4): a same-origin path or an absolute URL, with
/// placeholders filled from the request.
public struct Target: Sendable, Hashable, CustomStringConvertible {
    /// One piece of a target template.
    public enum Part: Sendable, Hashable {
        case literal(String)
        /// `*`: the prefix capture.
        case splat
        /// `$1`…`$9`: a regex group.
        case group(Int)
        /// `{host}`: the request host.
        case host
        /// `{path}`: the request path.
        case path
        /// `{query}`: the request query string without `?`.
        case query
    }

    /// What the parts and text are stored as: a literal target (most targets of bulk files) is its
    /// text alone, a template is boxed with its parts, so a `Target` is one text and a tag.
    private enum Shape: Sendable, Hashable {
        /// One literal part, the whole text (no part at all for an empty text).
        case literal(RuleText)
        indirect case template([Part], text: RuleText)
    }

    private let shape: Shape

    /// The target as written, stored: read its bytes from here on paths that visit every rule.
    public var storedText: RuleText {
        switch shape {
        case .literal(let t), .template(_, let t): return t
        }
    }

    public var text: String { storedText.string }
    public var description: String { text }

    public var parts: [Part] {
        switch shape {
        case .literal(let t): return t.isEmpty ? [] : [.literal(t.string)]
        case .template(let parts, _): return parts
        }
    }

    /// True when the target has no placeholders.
    public var isLiteral: Bool {
        if case .literal = shape { return true }
        return false
    }

    init(parts: [Part], text: String) {
        if parts.isEmpty || (parts.count == 1 && parts[0] == .literal(text)) {
            shape = .literal(RuleText(text))
        } else {
            shape = .template(parts, text: RuleText(text))
        }
    }

    /// A target of one literal part, all of `text` (a plain row of a bulk file).
    init(literal text: RuleText) {
        shape = .literal(text)
    }

    /// True when the target starts with a scheme (`https://…`), false for a path (`/…`).
    public var isAbsolute: Bool { Target.schemeOf(text) != nil }

    /// Parses a target; `captureCount` is how many captures the source offers, so `$3` with two
    /// groups or `*` after an exact source is an error here.
    public static func parse(_ text: String, captureCount: Int, sourceIsPrefix: Bool) throws -> Target {
        guard !text.isEmpty else { throw TargetSyntaxError(message: "empty target", offset: 0) }
        if isPlainPath(text) { return Target(parts: [], text: text) }
        if !text.isPrintableASCII, let bad = text.firstIndex(where: { $0.isControlOrWhitespace }) {
            throw TargetSyntaxError(
                message: "a target cannot contain \(bad.describeCharacter(in: text)); percent-encode it",
                offset: text.distance(from: text.startIndex, to: bad))
        }
        if let scheme = schemeOf(text) {
            let lower = scheme.lowercased()
            guard lower == "http" || lower == "https" else {
                // Dangerous schemes are a validator finding (DT002); anything else is simply not a web URL.
                if ["javascript", "data", "vbscript", "file"].contains(lower) {
                    return Target(parts: try parseParts(text, captureCount: captureCount, sourceIsPrefix: sourceIsPrefix), text: text)
                }
                throw TargetSyntaxError(message: "unsupported scheme '\(scheme):' (use http or https)", offset: 0)
            }
            let rest = text.dropFirst(scheme.count + 1)
            guard rest.hasPrefix("//") else {
                throw TargetSyntaxError(message: "an absolute target needs '//' after '\(scheme):'", offset: scheme.count + 1)
            }
            let authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if authority.isEmpty {
                throw TargetSyntaxError(message: "an absolute target needs a host after '\(scheme)://'", offset: scheme.count + 3)
            }
            if !authority.contains("{") && !authority.contains("$") && !authority.contains("*") {
                // A host written in Unicode (`bücher.example`) is valid when IDNA can write it in ASCII.
                guard
                    HostPattern.isValidHostName(String(authority)) || authority.contains("@")
                        || (IRI.hasNonASCII(String(authority)) && HostPattern.isValidHostName(IRI.asciiAuthority(authority)))
                else {
                    throw TargetSyntaxError(message: "'\(authority)' is not a valid host", offset: scheme.count + 3)
                }
            }
        } else if !text.hasPrefix("/") && !text.hasPrefix("{") && !text.hasPrefix("$") && !text.hasPrefix("*") {
            throw TargetSyntaxError(message: "a target is a path starting with '/' or an absolute http(s) URL, found '\(text.prefix(20))'", offset: 0)
        }
        return Target(parts: try parseParts(text, captureCount: captureCount, sourceIsPrefix: sourceIsPrefix), text: text)
    }

    /// A printable-ASCII path without placeholders, decided on bytes.
    static func isPlainPath(_ text: String) -> Bool {
        var first = true
        for b in text.utf8 {
            if first {
                if b != 0x2f { return false }
                first = false
            }
            if b <= 0x20 || b >= 0x7f || b == 0x2a || b == 0x24 || b == 0x7b || b == 0x7d { return false }
        }
        return !first
    }

    /// The scheme of an absolute URL (`https` in `https://x`), nil for paths and placeholders.
    public static func schemeOf(_ text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return String(scheme)
    }

    private static func parseParts(_ text: String, captureCount: Int, sourceIsPrefix: Bool) throws -> [Part] {
        var parts: [Part] = []
        var literal = ""
        let chars = Array(text)
        var i = 0
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "*" {
                guard sourceIsPrefix else {
                    throw TargetSyntaxError(message: "'*' in the target needs a prefix source (like /blog/*)", offset: i)
                }
                flush()
                parts.append(.splat)
                i += 1
            } else if c == "$", i + 1 < chars.count, let d = chars[i + 1].wholeNumberValue, chars[i + 1].isASCII {
                guard d >= 1, d <= captureCount, !sourceIsPrefix || captureCount == 0 else {
                    let has = sourceIsPrefix ? "a prefix source has only '*'" : "the source has \(captureCount) group\(captureCount == 1 ? "" : "s")"
                    throw TargetSyntaxError(message: "placeholder $\(d) has no group: \(has)", offset: i)
                }
                flush()
                parts.append(.group(d))
                i += 2
            } else if c == "{" {
                guard let close = chars[i...].firstIndex(of: "}") else {
                    throw TargetSyntaxError(message: "unclosed '{' in target (placeholders are {host}, {path}, {query})", offset: i)
                }
                let name = String(chars[(i + 1)..<close])
                flush()
                switch name {
                case "host": parts.append(.host)
                case "path": parts.append(.path)
                case "query": parts.append(.query)
                default: throw TargetSyntaxError(message: "unknown placeholder {\(name)} (use {host}, {path} or {query})", offset: i)
                }
                i = close + 1
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        return parts
    }
}

/// A malformed target; `offset` is the character index inside the target text.
public struct TargetSyntaxError: Error, Sendable, Equatable {
    public let message: String
    public let offset: Int
}
