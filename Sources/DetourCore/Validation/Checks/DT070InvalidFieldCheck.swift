/// DT070: fields that cannot work as written. A rule whose field text gives no value (a regex
/// outside the portable subset, a placeholder without a group, a code of 305, a bad timestamp) is
/// kept by the loader with its problems and reported here at the field's line and column; this
/// check also covers what parses yet is still wrong.
public struct InvalidFieldCheck: Check {
    public init() {}
    public let id = "DT070"
    public let name = "invalid-field"
    public let severity = Severity.error
    public let summary =
        "Invalid rule: a field that does not give a value (regex outside the portable subset, placeholder without a group, code, timestamp, cache policy, method) or a malformed escape or URL; the rule is kept as written and left out of simulate, export and verify."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out = InvalidFieldCheck.unparsedFields(context)
        let rules = context.rules
        for i in rules.indices {
            // One pass over the target decides whether any of the slower questions need asking.
            // A target with non-ASCII text is an IRI, sent as its URI (IRI.uri): nothing to report.
            let (hasPercent, slashFirst) = rules[i].target.storedText.withUTF8 { b -> (Bool, Bool) in
                (b.contains(0x25), b.first == 0x2f)
            }
            if !hasPercent && slashFirst && rules[i].methods.map({ !$0.isEmpty }) ?? true && rules[i].examples.isEmpty,
                let p = rules[i].source.exactPath, !p.contains(byte: 0x25)
            {
                continue
            }
            let rule = rules[i]
            if let bad = InvalidFieldCheck.badPercent(rule.target.text) {
                out.append(
                    finding(
                        context, rule: i, field: .target, message: "target has a malformed percent-escape '\(bad)'",
                        why:
                            "'%' must be followed by two hex digits; servers and clients disagree on what else means, so the Location is unpredictable."
                    ))
            }
            if case .regex = rule.source.kind, let bad = rule.source.text.first(where: { !$0.isASCII }) {
                out.append(
                    finding(
                        context, rule: i, field: .source,
                        message:
                            "regex source contains '\(bad)' (outside ASCII); write it percent-encoded (\(IRI.percentEncodeNonASCII(Substring(String(bad)))))",
                        why:
                            "Servers run a regex on the decoded path (nginx, Apache) or on the path as sent (HAProxy): a non-ASCII character matches on some and not on others; the percent-encoded form matches alike everywhere."
                    ))
            }
            if case .exact(let p) = rule.source.kind, let bad = InvalidFieldCheck.badPercent(p) {
                out.append(
                    finding(
                        context, rule: i, field: .source, message: "source has a malformed percent-escape '\(bad)'",
                        why: "No request path carries a malformed escape, so the rule can never match."))
            }
            if rule.target.text.utf8.first.map({ $0 != 0x2f }) ?? false, rule.target.isAbsolute,
                let auth = InvalidFieldCheck.authority(rule.target.text), auth.contains("@")
            {
                out.append(
                    finding(
                        context, rule: i, field: .target, message: "target URL carries userinfo ('\(auth)')",
                        why: "Credentials in a redirect are sent to the next host and logged everywhere; browsers refuse them for CORS requests."))
            }
            if let m = rule.methods, m.isEmpty {
                out.append(
                    finding(
                        context, rule: i, field: .methods, message: "methods is an empty list, so the rule matches no request",
                        why: "Leave out methods to take every method, or list the ones the rule is for."))
            }
            for ex in rule.examples
            where HTTPRequest.parseURL(ex.url, defaultScheme: context.ruleSet.site.scheme, defaultHost: context.ruleSet.site.primaryHost) == nil {
                out.append(
                    finding(
                        context, rule: i, field: .examples, message: "example request '\(ex.requestText)' is not a path or an http(s) URL",
                        why: "An example that cannot be sent proves nothing in check or verify."))
            }
        }
        return out
    }

    /// One finding per field of a rule that did not parse, placed at the field.
    static func unparsedFields(_ context: ValidationContext) -> [Finding] {
        context.invalidRules.flatMap { entry in
            entry.rule.problems.map { p in
                var f = Finding(
                    check: "DT070", severity: .error, rules: [entry.rule.id], lines: [entry.line], field: RuleFieldName(rawValue: p.field),
                    message: p.message,
                    why:
                        "The rule cannot work as written, so simulate, export and verify leave it out until it is fixed; the other rules are checked without it."
                )
                f.position = FilePosition(line: p.line, column: p.column)
                return f
            }
        }
    }

    static func badPercent(_ s: String) -> String? {
        guard s.containsByte(0x25) else { return nil }
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == 0x25 {
                guard i + 2 < b.count, FirstMatchEvaluator.hex(b[i + 1]) != nil, FirstMatchEvaluator.hex(b[i + 2]) != nil else {
                    return String(decoding: b[i..<min(b.count, i + 3)], as: UTF8.self)
                }
                i += 3
            } else {
                i += 1
            }
        }
        return nil
    }

    static func authority(_ text: String) -> String? {
        guard let r = text.firstRange(of: "://") else { return nil }
        let rest = text[r.upperBound...]
        return String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }
}
