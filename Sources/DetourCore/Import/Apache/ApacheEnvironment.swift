/// Environment variables that `RewriteRule … - [E=NAME:value]` sets for the rules after it, as
/// values Detour has words for: `%{ENV:NAME}` in a later `RewriteCond` or substitution then reads
/// the request's raw path, its host, its scheme, its query, or a flag set under conditions that
/// are tested in its place. What the import cannot follow is remembered with the reason, which
/// the report gives where the variable is read.
struct ApacheEnvironment {
    enum Value {
        /// The path as sent (from `%{THE_REQUEST}`).
        case rawPath
        /// The request host lower-cased, without port and trailing dot.
        case host
        /// The request's scheme; with a header name, that header's `http`/`https` when it has one.
        case scheme(header: String?)
        /// `prefix` + the query string when the request has one; unset otherwise.
        case nonEmptyQuery(prefix: String)
        /// `text` when every condition holds; unset otherwise.
        case literal(String, when: [ApacheRewriteCond])
        case unknown(ImportWhy)
    }

    private(set) var values: [String: Value] = [:]
    let maps: ApacheRewriteMaps

    init(maps: ApacheRewriteMaps) { self.maps = maps }

    subscript(name: String) -> Value? { values[name] }

    /// Records the `[E=…]` of a RewriteRule that does not redirect and goes on (`-` without `[L]`).
    mutating func apply(_ rule: ApacheRewriteRule, conds: [ApacheRewriteCond]) {
        for (name, text) in rule.environment {
            values[name] = value(name, text, rule: rule, conds: conds)
        }
    }

    private func value(_ name: String, _ text: String, rule: ApacheRewriteRule, conds: [ApacheRewriteCond]) -> Value {
        let line = rule.directive.line
        guard !rule.negated, ApacheRewritePass.catchAll.contains(rule.pattern) else {
            return .unknown(ImportWhy("\(name) is set only for some paths (RewriteRule at line \(line))"))
        }
        guard !conds.contains(where: \.orNext) else {
            return .unknown(ImportWhy("\(name) is set under [OR] conditions (line \(line)), which the import does not follow"))
        }
        let previous = values[name]
        if !text.contains("%") && !text.contains("$") {
            if previous != nil && !conds.isEmpty {
                return .unknown(ImportWhy("\(name) is set again under conditions at line \(line)"))
            }
            return .literal(text, when: conds)
        }
        if text == "%{REQUEST_SCHEME}" && conds.isEmpty { return .scheme(header: nil) }
        guard previous == nil || text.hasPrefix("${") else {
            return .unknown(ImportWhy("\(name) is set again at line \(line)"))
        }
        guard conds.count == 1, let capture = ApacheCapture.of(conds[0]) else {
            return .unknown(ImportWhy("the value '\(text)' given to \(name) at line \(line) is not one the import can follow"))
        }
        switch capture {
        case .rawPath where text == "%1": return .rawPath
        case .nonEmptyQuery where text.hasSuffix("%1") && !text.dropLast(2).contains(where: { $0 == "%" || $0 == "$" }):
            return .nonEmptyQuery(prefix: String(text.dropLast(2)))
        case .hostWithoutPort where lowerCased(text) == "%1" && previous == nil: return .host
        case .schemeWord(let header) where lowerCased(text) == "%1":
            if case .scheme(nil)? = previous { return .scheme(header: header) }
            return .unknown(ImportWhy("\(name) takes the \(header) header at line \(line) without the connection's scheme as its default"))
        default:
            return .unknown(ImportWhy("the value '\(text)' given to \(name) at line \(line) is not one the import can follow"))
        }
    }

    /// The argument of `${map:ARG}` when `map` lower-cases (`int:tolower`).
    private func lowerCased(_ text: String) -> String? {
        guard text.hasPrefix("${"), text.hasSuffix("}"), let colon = text.firstIndex(of: ":") else { return nil }
        let map = String(text[text.index(text.startIndex, offsetBy: 2)..<colon])
        guard case .lowerCase? = maps[map] else { return nil }
        return String(text[text.index(after: colon)..<text.index(before: text.endIndex)])
    }
}
