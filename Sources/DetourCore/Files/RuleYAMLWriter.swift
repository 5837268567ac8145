/// Writes rules and site settings in Detour's one canonical YAML style. Each field becomes an
/// entry of lines relative to its mapping's indentation, so a save can splice a single field.
public enum RuleYAMLWriter {
    /// One `key: value` entry; `lines[0]` starts with the key, later lines are indented relative
    /// to the mapping (two spaces per level).
    public struct Entry: Equatable {
        public let key: String
        public let lines: [String]
    }

    /// The entries of a rule in canonical order, omitting fields at their defaults.
    /// `writeID` false leaves out an id that was generated rather than written.
    public static func entries(for rule: Rule, writeID: Bool = true) -> [Entry] {
        RuleFields.rule.compactMap { entry(rule, field: $0, writeID: writeID) }
    }

    /// One field's entry, or nil when the field is at its default (and so not written).
    public static func entry(_ rule: Rule, field: String, writeID: Bool = true) -> Entry? {
        func one(_ v: String) -> Entry { Entry(key: field, lines: ["\(field): \(v)"]) }
        let s = { (t: String) in YAMLScalarWriter.string(t) }
        // Scalar fields are written as their column's text, and omitted when the column says default.
        func columnText() -> String { RuleFieldTable.column(field)?.text(rule) ?? "" }
        // A field that did not parse is written as it was typed, so a rewrite keeps it for fixing.
        if rule.isInvalid, RuleProblem.scalarFields.contains(field), let p = rule.problems.first(where: { $0.field == field }) {
            return one(s(p.text))
        }
        switch field {
        case "id": return writeID ? one(s(columnText())) : nil
        case "enabled": return rule.enabled ? nil : one("false")
        case "host", "scheme", "owner", "cache": return RuleFieldTable.column(field)!.isDefault(rule) ? nil : one(s(columnText()))
        case "source", "target": return one(s(columnText()))
        case "code", "query", "starts", "expires": return RuleFieldTable.column(field)!.isDefault(rule) ? nil : one(columnText())
        case "methods": return rule.methods.map { one(YAMLScalarWriter.flowList($0)) }
        case "when":
            guard !rule.conditions.isEmpty else { return nil }
            var lines = ["when:"]
            for kind in Condition.Kind.allCases {
                let pairs = rule.conditions.filter { $0.kind == kind }.map { ($0.name, $0.value.description) }
                if !pairs.isEmpty { lines.append("  \(kind.rawValue): " + YAMLScalarWriter.flowMap(pairs)) }
            }
            return Entry(key: field, lines: lines)
        case "rollout":
            guard let r = rule.rollout else { return nil }
            if r.key == .ip && r.salt == nil { return one(r.percentText + "%") }
            var pairs = [("percent", r.percentText), ("by", YAMLScalarWriter.string(r.key.description, inFlow: true))]
            if let salt = r.salt { pairs.append(("salt", YAMLScalarWriter.string(salt, inFlow: true))) }
            return one(YAMLScalarWriter.flowMap(rendered: pairs))
        case "note": return rule.note.map { Entry(key: field, lines: text(field, $0)) }
        case "tags": return rule.tags.isEmpty ? nil : one(YAMLScalarWriter.flowList(rule.tags))
        case "examples":
            guard !rule.examples.isEmpty else { return nil }
            var lines = ["examples:"]
            for ex in rule.examples {
                lines.append("  - request: " + s(ex.requestText))
                if !ex.headers.isEmpty { lines.append("    headers: " + YAMLScalarWriter.flowMap(ex.headers)) }
                lines.append("    expect: " + s(ex.expect.description))
            }
            return Entry(key: field, lines: lines)
        default: return nil
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
