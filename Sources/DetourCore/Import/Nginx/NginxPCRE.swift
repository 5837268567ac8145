/// An nginx regex (PCRE syntax: lookahead, named groups, `\k<name>` back-references, `\xHH`)
/// run on concrete strings, so the importer can work out what a `map` or an `if` does with a
/// value instead of reading its text. nginx matches unanchored unless the pattern says `^`;
/// `~*` ignores case.
struct NginxPCRE {
    private let regex: Regex<AnyRegexOutput>

    /// nil when the pattern is not one the stdlib regex engine reads.
    init?(_ pattern: String, caseless: Bool = false) {
        guard let r = try? Regex(pattern) else { return nil }
        let scalar = r.matchingSemantics(.unicodeScalar)
        regex = caseless ? scalar.ignoresCase() : scalar
    }

    /// The captures of the first match (`"0"` the whole match, `"1"`… numbered, names as named),
    /// nil without a match. A group that took no part is absent.
    func captures(in text: String) -> [String: String]? {
        guard let m = try? regex.firstMatch(in: text) else { return nil }
        var out: [String: String] = [:]
        let output = m.output
        for i in 0..<output.count {
            guard let s = output[i].substring else { continue }
            out[String(i)] = String(s)
            if let name = output[i].name { out[name] = String(s) }
        }
        return out
    }

    func matches(_ text: String) -> Bool { (try? regex.firstMatch(in: text)) != nil }
}
