/// Writes rules and site settings in Detour's one canonical YAML style. Each field becomes an
/// entry of lines relative to its mapping's indentation, so a save can splice a single field.
public enum RuleYAMLWriter {
    /// One `key: value` entry; `lines[0]` starts with the key, later lines are indented relative
    /// to the mapping (two spaces per level).
    public struct Entry: Equatable, Sendable {
        public let key: String
        public let lines: [String]
    }

    /// The entries of a rule in canonical order, omitting fields at their defaults.
    /// `writeID` false leaves out an id that was generated rather than written.
    public static func entries(for rule: Rule, writeID: Bool = true) -> [Entry] {
        let invalid = rule.isInvalid
        return ruleWriters.compactMap { field, write in (invalid ? asTyped(rule, field: field) : nil) ?? write(rule, writeID) }
    }

    /// One field's entry, or nil when the field is at its default (and so not written).
    public static func entry(_ rule: Rule, field: String, writeID: Bool = true) -> Entry? {
        (rule.isInvalid ? asTyped(rule, field: field) : nil) ?? writer(for: field)(rule, writeID)
    }

    /// A field that did not parse is written as it was typed, so a rewrite keeps it for fixing.
    private static func asTyped(_ rule: Rule, field: String) -> Entry? {
        guard RuleProblem.scalarFields.contains(field), let p = rule.problems.first(where: { $0.field == field }) else { return nil }
        return Entry(key: field, lines: ["\(field): " + YAMLScalarWriter.string(p.text)])
    }

    /// Each rule field's writer in canonical order, chosen once: `fmt` and `convert` write every
    /// field of 10⁶ rules, and choosing by the field's name each time was a fifth of `fmt`'s time.
    private static let ruleWriters: [(String, @Sendable (Rule, Bool) -> Entry?)] = RuleFields.rule.map { ($0, writer(for: $0)) }

    /// How one field is written: its entry for a rule (and whether its id was written), nil at the default.
    private static func writer(for field: String) -> @Sendable (Rule, Bool) -> Entry? {
        @Sendable func one(_ v: String) -> Entry { Entry(key: field, lines: ["\(field): \(v)"]) }
        let s = { @Sendable (t: String) in YAMLScalarWriter.string(t) }
        // Scalar fields are written as their column's text, and omitted when the column says default.
        let column = RuleFieldTable.column(field)
        switch field {
        case "id": return { rule, writeID in writeID ? one(s(column!.text(rule))) : nil }
        case "enabled": return { rule, _ in rule.enabled ? nil : one("false") }
        case "host", "scheme", "owner", "cache": return { rule, _ in column!.isDefault(rule) ? nil : one(s(column!.text(rule))) }
        case "source", "target": return { rule, _ in one(s(column!.text(rule))) }
        case "code", "query", "starts", "expires": return { rule, _ in column!.isDefault(rule) ? nil : one(column!.text(rule)) }
        case "methods": return { rule, _ in rule.methods.map { one(YAMLScalarWriter.flowList($0)) } }
        case "when":
            return { rule, _ in
                guard !rule.conditions.isEmpty else { return nil }
                var lines = ["when:"]
                for kind in Condition.Kind.allCases {
                    let pairs = rule.conditions.filter { $0.kind == kind }.map { ($0.name, $0.value.description) }
                    if !pairs.isEmpty { lines.append("  \(kind.rawValue): " + YAMLScalarWriter.flowMap(pairs)) }
                }
                return Entry(key: field, lines: lines)
            }
        case "rollout":
            return { rule, _ in
                guard let r = rule.rollout else { return nil }
                if r.key == .ip && r.salt == nil { return one(r.percentText + "%") }
                var pairs = [("percent", r.percentText), ("by", YAMLScalarWriter.string(r.key.description, inFlow: true))]
                if let salt = r.salt { pairs.append(("salt", YAMLScalarWriter.string(salt, inFlow: true))) }
                return one(YAMLScalarWriter.flowMap(rendered: pairs))
            }
        case "note": return { rule, _ in rule.note.map { Entry(key: field, lines: text(field, $0)) } }
        case "tags": return { rule, _ in rule.tags.isEmpty ? nil : one(YAMLScalarWriter.flowList(rule.tags)) }
        case "examples":
            return { rule, _ in
                guard !rule.examples.isEmpty else { return nil }
                var lines = ["examples:"]
                for ex in rule.examples {
                    lines.append("  - request: " + s(ex.requestText))
                    if !ex.headers.isEmpty { lines.append("    headers: " + YAMLScalarWriter.flowMap(ex.headers)) }
                    lines.append("    expect: " + s(ex.expect.description))
                }
                return Entry(key: field, lines: lines)
            }
        default: return { _, _ in nil }
        }
    }

    /// Multi-line text as a `|` block, single-line text as a scalar.
    static func text(_ key: String, _ value: String) -> [String] {
        guard value.contains("\n") else { return ["\(key): " + YAMLScalarWriter.string(value)] }
        let body = value.hasSuffix("\n") ? String(value.dropLast()) : value
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        let safe =
            !value.hasSuffix("\n\n") && lines.first.map { !$0.hasPrefix(" ") && !$0.isEmpty } == true
            && lines.allSatisfy { l in !l.hasSuffix(" ") && !l.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" } }
        guard safe else { return ["\(key): " + YAMLScalarWriter.doubleQuoted(value)] }
        return ["\(key): " + (value.hasSuffix("\n") ? "|" : "|-")] + lines.map { $0.isEmpty ? "" : "  " + $0 }
    }

    /// The entries of the site settings in canonical order, omitting defaults.
    public static func siteEntries(_ site: SiteSettings) -> [Entry] {
        RuleFields.site.compactMap { siteEntry(site, field: $0) }
    }

    public static func siteEntry(_ site: SiteSettings, field: String) -> Entry? {
        func one(_ v: String) -> Entry { Entry(key: field, lines: ["\(field): \(v)"]) }
        switch field {
        case "hosts": return site.hosts.isEmpty ? nil : one(YAMLScalarWriter.flowList(site.hosts.map(site.typedText)))
        case "allow": return site.allow.isEmpty ? nil : one(YAMLScalarWriter.flowList(site.allow.map(site.typedText)))
        case "scheme": return site.scheme == "https" ? nil : one(site.scheme)
        case "scheme_header": return site.schemeHeader.map { one(YAMLScalarWriter.string($0)) }
        case "trailing_slash": return site.trailingSlash == .exact ? nil : one(site.trailingSlash.rawValue)
        case "case": return site.pathCase == .sensitive ? nil : one(site.pathCase.rawValue)
        case "exports":
            guard !site.exports.isEmpty else { return nil }
            var lines = ["exports:"]
            for e in site.exports {
                let pairs = [("to", e.server)] + e.options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                lines.append("  - " + YAMLScalarWriter.flowMap(pairs))
            }
            return Entry(key: field, lines: lines)
        default: return nil
        }
    }

    /// A rule as a block sequence item at `indent` spaces (`- id: …` then the other keys).
    public static func item(_ entries: [Entry], indent: Int, keyIndent: Int? = nil) -> String {
        let pad = String(repeating: " ", count: indent)
        let inner = String(repeating: " ", count: keyIndent ?? indent + 2)
        var out = ""
        for (n, e) in entries.enumerated() {
            for (k, line) in e.lines.enumerated() {
                if n == 0 && k == 0 { out += pad + "- " + line + "\n" } else { out += line.isEmpty ? "\n" : inner + line + "\n" }
            }
        }
        return out
    }

    /// A whole file in canonical form without comments: what `detour new`, `convert` and saves of
    /// files that had no YAML text use.
    public static func document(_ set: RuleSet, header: String = "") -> String {
        var out = ""
        document(set, header: header) { out += $0 }
        return out
    }

    /// `document(set)` handed to `emit` in pieces (a rule at a time), so that a 10⁶-rule file is
    /// written without being held whole in memory.
    public static func document(_ set: RuleSet, header: String = "", _ emit: (String) throws -> Void) rethrows {
        var head = header
        let site = siteEntries(set.site)
        if !site.isEmpty {
            head += "site:\n"
            for e in site { for l in e.lines { head += "  " + l + "\n" } }
        }
        if set.rules.isEmpty { return try emit(head + "rules: []\n") }
        try emit(head + "rules:\n")
        for (n, r) in set.rules.enumerated() {
            try emit((n > 0 ? "\n" : "") + item(entries(for: r), indent: 2))
        }
    }
}
