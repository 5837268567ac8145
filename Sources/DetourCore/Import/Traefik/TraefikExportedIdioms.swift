/// What `detour export --to traefik` writes, read back so that export → import gives rules with
/// the same answers (issue 16 item 5). The exporter's shapes are fixed (Export/Traefik/), so each
/// is recognised exactly and anything else falls through to the importer's general reading:
///
/// - `HostRegexp(`(?i)^(?:A|B)\.?$`)` where each alternative is a literal name (`\x2E` for dots) or
///   `[^\x2E]+(?:\x2E[^\x2E]+)*\x2E` + a name (`*.name`);
/// - `HeaderRegexp`/`QueryRegexp` with `(?s)^.*$` (presence) and the `Cookie` header patterns for a
///   cookie's presence or value;
/// - `redirectRegex` on `^https?://([^/:]*)(?::[0-9]*)?(PATH)TAIL`: group 1 the host, group 2 the
///   path, then the rule's captures; TAIL `(?:\?(.*))?$` (query dropped, its group is `{query}`),
///   or the pair `\?(.+)$` then `\??$` (query kept, the first only answers requests with a query).
enum TraefikExportedIdioms {
    // MARK: - Hosts

    /// The host patterns of an exported `HostRegexp`, nil for any other pattern.
    static func hosts(ofHostRegexp pattern: String) -> [String]? {
        let head = "(?i)^(?:"
        let tail = ")\\.?$"
        guard pattern.hasPrefix(head), pattern.hasSuffix(tail), pattern.count > head.count + tail.count else { return nil }
        let body = pattern.dropFirst(head.count).dropLast(tail.count)
        let wildcard = "[^\\x2E]+(?:\\x2E[^\\x2E]+)*\\x2E"
        var names: [String] = []
        for alternative in body.split(separator: "|", omittingEmptySubsequences: false) {
            if alternative.hasPrefix(wildcard) {
                guard let name = literal(alternative.dropFirst(wildcard.count)), !name.isEmpty else { return nil }
                names.append("*." + name)
            } else {
                guard let name = literal(alternative), !name.isEmpty else { return nil }
                names.append(name)
            }
        }
        guard names.allSatisfy({ HostPattern(text: $0) != nil }) else { return nil }
        return names
    }

    /// The text of a regex the exporter wrote for a literal (`RegexEmitter.literalString`): plain
    /// letters, digits, `/`, `-`, `_` and `\xHH` escapes; nil when it holds anything else.
    static func literal(_ regex: Substring) -> String? {
        var bytes: [UInt8] = []
        var rest = regex.utf8[...]
        while let b = rest.first {
            if b == UInt8(ascii: "\\") {
                let escape = Array(rest.prefix(4))
                guard escape.count == 4, escape[1] == UInt8(ascii: "x"), let value = UInt8(String(decoding: escape[2...], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                rest = rest.dropFirst(4)
            } else {
                guard RegexEmitter.isPlain(b) else { return nil }
                bytes.append(b)
                rest = rest.dropFirst()
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    // MARK: - Conditions

    private static let anyValue = "(?s)^.*$"
    private static let cookieHead = "(?:^|;)[ \\t]*"
    private static let cookieEquals = "[ \\t]*=[ \\t]*"
    private static let cookieEnd = "[ \\t]*(?:;|$)"

    /// The condition an exported `HeaderRegexp`/`QueryRegexp` stands for when it is one of the
    /// exporter's fixed shapes (presence, a cookie's presence or value); nil otherwise.
    static func condition(kind: Condition.Kind, name: String, regex: String) -> Condition? {
        if regex == anyValue { return Condition(kind: kind, name: name, value: .present) }
        guard kind == .header, name.lowercased() == "cookie", regex.hasPrefix(cookieHead) else { return nil }
        let rest = regex.dropFirst(cookieHead.count)
        guard let equals = rest.range(of: cookieEquals), let cookie = literal(rest[..<equals.lowerBound]), !cookie.isEmpty else { return nil }
        let value = rest[equals.upperBound...]
        if value.isEmpty { return Condition(kind: .cookie, name: cookie, value: .present) }
        guard value.hasSuffix(cookieEnd), let v = literal(value.dropLast(cookieEnd.count)) else { return nil }
        return Condition(kind: .cookie, name: cookie, value: .exact(v))
    }

    // MARK: - redirectRegex

    /// How an exported redirectRegex treats the query.
    enum Tail: Equatable {
        /// `(?:\?(.*))?$`: any query, dropped (its group may be written as `{query}`).
        case anyQuery
        /// `\?(.+)$`: only requests with a query; the first of a kept-query pair.
        case withQuery
        /// `\??$`: only requests without one; the second of the pair.
        case withoutQuery
    }

    /// An exported redirectRegex: where its path group ends and how its query is treated.
    struct URLRegex {
        let path: String
        let tail: Tail
    }

    private static let urlHead = "^https?://([^/:]*)(?::[0-9]*)?("

    /// The parts of an exported redirectRegex, nil for any other regex.
    static func urlRegex(_ regex: String) -> URLRegex? {
        guard regex.hasPrefix(urlHead) else { return nil }
        let rest = regex.dropFirst(urlHead.count)
        for (suffix, tail) in [(")(?:\\?(.*))?$", Tail.anyQuery), (")\\?(.+)$", .withQuery), (")\\??$", .withoutQuery)] where rest.hasSuffix(suffix) {
            return URLRegex(path: String(rest.dropLast(suffix.count)), tail: tail)
        }
        return nil
    }

    /// The Detour target text of an exported replacement. `${1}` is the host, `${2}` the path,
    /// `${3}`… the source's captures (a prefix source's rest is `*`), the group after them the
    /// query; `$$` is a dollar. Throws `ImportWhy` for text a Detour target would read otherwise.
    static func target(replacement: String, source: Source) throws -> String {
        let captures = source.isPrefix ? 1 : source.captureCount
        var out = ""
        var rest = Substring(replacement)
        while let c = rest.first {
            rest.removeFirst()
            if c == "$" {
                if rest.first == "$" {
                    rest.removeFirst()
                    out += "$"
                    continue
                }
                guard rest.first == "{", let close = rest.firstIndex(of: "}"), let n = Int(rest[rest.index(after: rest.startIndex)..<close]) else {
                    throw ImportWhy("the replacement \(replacement) uses '$' outside ${N}")
                }
                rest = rest[rest.index(after: close)...]
                switch n {
                case 1: out += "{host}"
                case 3...(captures + 2): out += source.isPrefix ? "*" : "$" + String(n - 2)
                case captures + 3: out += "{query}"
                default: throw ImportWhy("the replacement \(replacement) uses group \(n), which is not one the path defines")
                }
                continue
            }
            if c == "*" || c == "{" || c == "}" {
                throw ImportWhy("the replacement \(replacement) holds '\(c)', which a Detour target reads as a placeholder")
            }
            out.append(c)
        }
        return out
    }

    /// The kept-query pair's second replacement must be the first without the query it inserts.
    static func isKeptQueryPair(withQuery first: String, withoutQuery second: String, source: Source) -> Bool {
        let group = "${\((source.isPrefix ? 1 : source.captureCount) + 3)}"
        for join in ["?", "&"] {
            guard let r = first.range(of: join + group) else { continue }
            if first.replacingCharacters(in: r, with: "") == second { return true }
        }
        return false
    }
}
