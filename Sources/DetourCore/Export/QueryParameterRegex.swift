/// A `when: {query: {NAME: VALUE}}` condition with an exact or `*` value as one regex over the raw
/// query string, in the syntax PCRE and RE2 share (no lookahead): Detour compares the first value
/// of NAME, raw as sent, in the query split at `&` only (DESIGN §2.2). Server helpers differ from
/// that — HAProxy's `url_param` also ends a value at `;`, Caddy's `{http.request.uri.query.NAME}`
/// decodes it and drops pairs holding `;` — so an exact value with `;`, `#`, `%` or `+` would
/// disagree; matched on the raw query it cannot. The loop in front is unambiguous (each pair
/// fails the name at exactly one place), so no engine backtracks on it.
enum QueryParameterRegex {
    /// The regex for `value` of the parameter `name`; nil for a regex value.
    static func pattern(name: String, value: ConditionValue) -> String? {
        let n = Array(name.utf8)
        switch value {
        case .present: return "(?:^|&)" + hex(n) + "(?:[=&]|$)"
        case .exact(let v): return "^(?:" + otherPair(n) + "&)*" + hex(n) + (v.isEmpty ? "=?" : "=" + hex(Array(v.utf8))) + "(?:&|$)"
        case .regex: return nil
        }
    }

    /// A pair (no `&`) that is neither `name` nor starts with `name=`: it leaves the name at one
    /// place, or stops inside it, or goes on after it with something other than `=`.
    private static func otherPair(_ name: [UInt8]) -> String {
        var alternatives: [String] = []
        for i in name.indices {
            alternatives.append(hex(Array(name[..<i])) + "(?:[^&" + hex([name[i]]) + "][^&]*)?")
        }
        alternatives.append(hex(name) + "[^&=][^&]*")
        return "(?:" + alternatives.joined(separator: "|") + ")"
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map {
            RegexEmitter.isPlain($0) && $0 != 0x2d ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: true).leftPadded(2)
        }
        .joined()
    }
}
