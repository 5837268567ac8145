import Synchronization

/// httpd's own regexes (PCRE with `RegexDefaultOptions DOTALL`) run on sample texts. The import
/// learns what a `RewriteCond` capture holds (`%1`: the raw path, the host without its port, a
/// cookie's value …) by running the pattern as written on requests whose answer it knows, so any
/// spelling that behaves the same is read, and one that does not is reported.
struct ApachePCRE {
    private let regex: Regex<AnyRegexOutput>

    /// nil when the pattern cannot be compiled.
    init?(_ pattern: String, caseless: Bool) {
        guard let r = try? Regex<AnyRegexOutput>(pattern) else { return nil }
        regex = r.matchingSemantics(.unicodeScalar).dotMatchesNewlines().ignoresCase(caseless)
    }

    /// The texts of the groups of the first match in `subject` (an unset group is empty), nil when
    /// the pattern does not match.
    func groups(in subject: String) -> [String]? {
        guard let match = try? regex.firstMatch(in: subject) else { return nil }
        return match.output.dropFirst().map { $0.substring.map(String.init) ?? "" }
    }

    static func groups(_ pattern: String, caseless: Bool, in subject: String) -> [String]? {
        ApachePCRE(pattern, caseless: caseless)?.groups(in: subject)
    }

    /// Answers already worked out: an export repeats the same few patterns on every rule.
    private static let known = Mutex<[String: Bool]>([:])

    /// Whether group 1 of `pattern` holds the expected text for every sample, and the pattern fails
    /// where nil is expected.
    static func capturesFirstGroup(_ pattern: String, caseless: Bool, _ samples: [(String, String?)]) -> Bool {
        let key = "\(caseless) \(pattern)\u{0}" + samples.map { "\($0.0)\u{1}\($0.1 ?? "\u{2}")" }.joined(separator: "\u{0}")
        if let answer = known.withLock({ $0[key] }) { return answer }
        guard let compiled = ApachePCRE(pattern, caseless: caseless) else { return false }
        let answer = samples.allSatisfy { subject, expected in
            let g = compiled.groups(in: subject)
            guard let expected else { return g == nil }
            return g?.first == expected
        }
        known.withLock { $0[key] = answer }
        return answer
    }

    /// Whether the pattern matches each of `matching` and none of `failing` (remembered like
    /// `capturesFirstGroup`).
    /// Whether the pattern matches each of `matching` and none of `failing` (remembered too).
    static func accepts(_ pattern: String, _ matching: [String], rejects failing: [String]) -> Bool {
        let key = "accepts \(pattern)\u{0}" + matching.joined(separator: "\u{1}") + "\u{0}" + failing.joined(separator: "\u{1}")
        if let answer = known.withLock({ $0[key] }) { return answer }
        let compiled = ApachePCRE(pattern, caseless: false)
        let answer =
            compiled.map { c in matching.allSatisfy { c.groups(in: $0) != nil } && failing.allSatisfy { c.groups(in: $0) == nil } } ?? false
        known.withLock { $0[key] = answer }
        return answer
    }
}
