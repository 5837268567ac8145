/// What request path a rule matches (DESIGN §2.3): exact, prefix (`/blog/*`) or portable regex
/// (`~^/p/(\d+)$`), optionally with a query requirement (`/index.php?id=*`). An exact or prefix
/// source may be written as a URL (`http://example.com/*`): its scheme and host are then the rule's
/// scheme and host (`origin`), and the text is kept as written.
public struct Source: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case exact(String)
        /// The path must start with this (which ends with `/` or any text before `*`); `*` captures the rest.
        case prefix(String)
        case regex(PortableRegex)
    }

    /// What `kind`, `query` and `text` are stored as: the common exact path without a query that
    /// is the whole text is not kept twice, and everything rarer is boxed, so a `Source` is one
    /// text and a tag (24 bytes with padding, held by `RuleLayoutTests`).
    private enum Shape: Sendable, Hashable {
        /// `.exact(text)`, no query.
        case exactText(RuleText)
        indirect case other(Kind, query: [Condition], text: RuleText, origin: SourceOrigin?)
    }

    private let shape: Shape

    /// The source as written, stored: read its bytes from here on paths that visit every rule.
    public var storedText: RuleText {
        switch shape {
        case .exactText(let t), .other(_, _, let t, _): return t
        }
    }

    /// The source as written.
    public var text: String { storedText.string }

    public var kind: Kind {
        switch shape {
        case .exactText(let t): return .exact(t.string)
        case .other(let kind, _, _, _): return kind
        }
    }

    /// The path of an exact source, without making a `String` of it: what visits of every rule
    /// read instead of `kind`.
    public var exactPath: RuleText? {
        switch shape {
        case .exactText(let t): return t
        case .other(.exact(let p), _, _, _): return RuleText(p)
        case .other: return nil
        }
    }

    /// Whether the source is an exact path without a query that is all of its text.
    var isExactText: Bool {
        if case .exactText = shape { return true }
        return false
    }

    /// Whether the source is an exact path (with or without a query).
    public var isExact: Bool {
        switch shape {
        case .exactText, .other(.exact, _, _, _): return true
        case .other: return false
        }
    }

    /// Whether the source is a prefix (`/blog/*`).
    public var isPrefix: Bool {
        if case .other(.prefix, _, _, _) = shape { return true }
        return false
    }

    /// Conditions on the query written in the source itself (`?id=*`), same meaning as `when.query`.
    public var query: [Condition] {
        switch shape {
        case .exactText: return []
        case .other(_, let query, _, _): return query
        }
    }

    /// The scheme and host of a source written as a URL (`http://example.com/*`), nil for a path.
    public var origin: SourceOrigin? {
        if case .other(_, _, _, let origin) = shape { return origin }
        return nil
    }

    public var description: String { text }

    public init(kind: Kind, query: [Condition] = [], text: String, origin: SourceOrigin? = nil) {
        if case .exact(let p) = kind, p == text, query.isEmpty, origin == nil {
            shape = .exactText(RuleText(text))
        } else {
            shape = .other(kind, query: query, text: RuleText(text), origin: origin)
        }
    }

    /// An exact source whose path is all of `text` (a plain row of a bulk file).
    init(exactText text: RuleText) {
        shape = .exactText(text)
    }

    /// Parses the text of a `source` field. Errors name the problem; the offset is a character index.
    public static func parse(_ text: String) throws -> Source {
        if text.hasPrefix("~") {
            let pattern = String(text.dropFirst())
            guard !pattern.isEmpty else { throw SourceSyntaxError(message: "empty regex after '~'", offset: 1) }
            do {
                return Source(kind: .regex(try PortableRegex(pattern)), text: text)
            } catch let e as RegexSyntaxError {
                throw SourceSyntaxError(message: e.message, offset: e.offset + 1)
            }
        }
        if let fast = fastExact(text) { return fast }
        if let (origin, pathStart) = try SourceOrigin.parse(text) {
            let path = String(text[pathStart...])
            do {
                let inner = try parse(path)
                return Source(kind: inner.kind, query: inner.query, text: text, origin: origin)
            } catch let e as SourceSyntaxError {
                throw SourceSyntaxError(message: e.message, offset: e.offset + text.distance(from: text.startIndex, to: pathStart))
            }
        }
        guard text.hasPrefix("/") else {
            if text.contains("://") {
                throw SourceSyntaxError(message: "a source URL starts with http:// or https://, found '\(text.prefix(20))'", offset: 0)
            }
            throw SourceSyntaxError(message: "a source starts with '/' (a path) or '~' (a regex), found '\(text.prefix(20))'", offset: 0)
        }
        if !text.isPrintableASCII, let bad = text.firstIndex(where: { $0.isControlOrWhitespace }) {
            throw SourceSyntaxError(
                message: "a source path cannot contain \(bad.describeCharacter(in: text))", offset: text.distance(from: text.startIndex, to: bad))
        }
        if text.contains("#") {
            throw SourceSyntaxError(
                message: "a source path cannot contain '#' (fragments never reach the server)",
                offset: text.distance(from: text.startIndex, to: text.firstIndex(of: "#")!))
        }
        var path = Substring(text)
        var query: [Condition] = []
        if let q = text.firstIndex(of: "?") {
            path = text[..<q]
            for pair in text[text.index(after: q)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                guard !name.isEmpty else {
                    throw SourceSyntaxError(message: "empty query parameter name in source", offset: text.distance(from: text.startIndex, to: q) + 1)
                }
                let value: ConditionValue = parts.count == 2 ? (parts[1] == "*" ? .present : .exact(String(parts[1]))) : .present
                query.append(Condition(kind: .query, name: name, value: value))
            }
        }
        let star = path.firstIndex(of: "*")
        if let star {
            guard path.index(after: star) == path.endIndex else {
                throw SourceSyntaxError(
                    message: "'*' may only end a prefix source (like /blog/*); use a regex source for other patterns",
                    offset: text.distance(from: text.startIndex, to: star))
            }
            return Source(kind: .prefix(String(path[..<star])), query: query, text: text)
        }
        return Source(kind: .exact(String(path)), query: query, text: text)
    }

    /// The common case of bulk files, decided on bytes: a printable-ASCII path with no query, star
    /// or fragment is an exact source (its text shared, not copied).
    static func fastExact(_ text: String) -> Source? {
        var ok = true
        var first = true
        for b in text.utf8 {
            if first {
                ok = b == 0x2f
                first = false
            }
            if b <= 0x20 || b >= 0x7f || b == 0x3f || b == 0x2a || b == 0x23 { ok = false }
            if !ok { break }
        }
        return ok && !first ? Source(kind: .exact(text), text: text) : nil
    }

    /// Number of captures a target may reference: 1 for a prefix (`*`), the group count for a regex.
    public var captureCount: Int {
        switch kind {
        case .exact: return 0
        case .prefix: return 1
        case .regex(let r): return r.groupCount
        }
    }
}

/// A malformed source; `offset` is the character index inside the source text.
public struct SourceSyntaxError: Error, Sendable, Equatable {
    public let message: String
    public let offset: Int
}

extension Character {
    var isControlOrWhitespace: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.isWhitespace }
    }
}

extension String.Index {
    func describeCharacter(in s: String) -> String {
        let c = s[self]
        if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 {
            switch scalar.value {
            case 0x0a: return "a line feed (LF)"
            case 0x0d: return "a carriage return (CR)"
            case 0x09: return "a tab"
            case 0x20: return "a space"
            default:
                if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace {
                    return "the control character U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(4)
                }
            }
        }
        return "'\(c)'"
    }
}

extension String {
    /// Every byte is printable ASCII (no space, no control): the fast answer to "anything odd here?".
    var isPrintableASCII: Bool { utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f } }

    func leftPadded(_ n: Int, with pad: Character = "0") -> String {
        count >= n ? self : String(repeating: pad, count: n - count) + self
    }
}
