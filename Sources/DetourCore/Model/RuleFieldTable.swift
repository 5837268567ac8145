/// Every rule field, declared once: the YAML reader and writer, the CSV columns, the editor's form,
/// "did you mean" suggestions, and (checked by tests) `schema/redirects.schema.json` and
/// `docs/rule-file.md` all follow this table.
public enum RuleFieldTable {
    /// The fields in canonical YAML order (the order `fmt` and new rules write them).
    public static let fields: [RuleField] = [
        RuleField(
            name: "id", type: "`[A-Za-z0-9._-]+`, unique", defaultText: "`rule-LINE`",
            meaning: "stable name in findings, exports and traces", isRequired: false, schemaDefault: nil, columns: [id]),
        RuleField(
            name: "enabled", type: "bool", defaultText: "`true`",
            meaning: "a disabled rule is kept but never matches and is not exported", isRequired: false, schemaDefault: "true", columns: [enabled]),
        RuleField(
            name: "host", type: "host or `*.suffix`", defaultText: "any of the site's",
            meaning: "the request host the rule applies to", isRequired: false, schemaDefault: nil, columns: [host]),
        RuleField(
            name: "scheme", type: "`http` or `https`", defaultText: "either",
            meaning: "the scheme the request must arrive with (`scheme: http` + an https target is the http→https redirect)", isRequired: false,
            schemaDefault: nil, columns: [scheme]),
        RuleField(
            name: "source", type: "exact, prefix or regex", defaultText: "required",
            meaning: "the request path (and optionally query) that matches; see below", isRequired: true, schemaDefault: nil, columns: [source]),
        RuleField(
            name: "target", type: "path or absolute URL", defaultText: "required",
            meaning: "where the client is sent; see below", isRequired: true, schemaDefault: nil, columns: [target]),
        RuleField(
            name: "code", type: "301, 302, 303, 307, 308", defaultText: "required",
            meaning: "301/308 permanent; 307/308 keep method and body", isRequired: true, schemaDefault: nil, columns: [code]),
        RuleField(
            name: "methods", type: "list", defaultText: "all",
            meaning: "the rule matches only these request methods, e.g. `[GET, HEAD]`", isRequired: false, schemaDefault: nil, columns: [methods]),
        RuleField(
            name: "when", type: "`header:`, `cookie:`, `query:` maps", defaultText: "none",
            meaning: "all must hold; a value is exact, `~regex` or `\"*\"` (present)", isRequired: false, schemaDefault: nil, columns: [when]),
        RuleField(
            name: "query", type: "`keep` or `drop`", defaultText: "`keep`",
            meaning: "whether the request's query string is carried to the target", isRequired: false, schemaDefault: "keep", columns: [query]),
        RuleField(
            name: "cache", type: "`none`, `no-store`, `max-age=N`, `\"public, max-age=N\"`, `\"private, max-age=N\"`", defaultText: "`none`",
            meaning: "the `Cache-Control` of the redirect", isRequired: false, schemaDefault: "none", columns: [cache]),
        RuleField(
            name: "rollout", type: "`20%` or `{percent, by, salt}`", defaultText: "100 %",
            meaning: "share of clients, by `ip`, `cookie:NAME` or `header:NAME`; salt defaults to the id", isRequired: false, schemaDefault: nil,
            columns: [rollout, rolloutBy, rolloutSalt]),
        RuleField(
            name: "starts", type: "RFC 3339 UTC", defaultText: "none",
            meaning: "from when the rule is active", isRequired: false, schemaDefault: nil, columns: [starts]),
        RuleField(
            name: "expires", type: "RFC 3339 UTC", defaultText: "none",
            meaning: "until when the rule is active", isRequired: false, schemaDefault: nil, columns: [expires]),
        RuleField(
            name: "note", type: "text", defaultText: "none",
            meaning: "why the rule exists", isRequired: false, schemaDefault: nil, columns: [note]),
        RuleField(
            name: "tags", type: "list of text", defaultText: "none",
            meaning: "labels to filter and group rules by", isRequired: false, schemaDefault: nil, columns: [tags]),
        RuleField(
            name: "owner", type: "text", defaultText: "none",
            meaning: "who owns the rule", isRequired: false, schemaDefault: nil, columns: [owner]),
        RuleField(
            name: "examples", type: "list of `{request, headers, expect}`", defaultText: "none",
            meaning: "`request: \"POST /api/v1/orders\"`, `expect: \"307 https://…\"` or `expect: origin`", isRequired: false, schemaDefault: nil,
            columns: [examples])
    ]

    /// The YAML keys of a rule, in canonical order.
    public static let names: [String] = fields.map(\.name)

    /// The text columns in the order of the editor's form and of a new CSV file's header (which puts
    /// the required `source,target,code` right after `id`).
    public static let columns: [RuleFieldColumn] = [
        id, enabled, host, scheme, source, target, code, methods, when, query, cache,
        rollout, rolloutBy, rolloutSalt, starts, expires, note, owner, tags, examples
    ]

    public static func field(_ name: String) -> RuleField? { fields.first { $0.name == name } }

    public static func column(_ name: String) -> RuleFieldColumn? { columnsByName[name] }

    private static let columnsByName = Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0) })

    // MARK: - Columns

    static func expected(_ column: String, _ what: String, _ text: String, brief: String) -> RuleFieldTextError {
        RuleFieldTextError(column: column, problem: .expected(what), found: text, brief: brief)
    }

    static let id = RuleFieldColumn(name: "id", label: "id", placeholder: "", inForm: true, text: { $0.id }) {
        (text, rule) throws(RuleFieldTextError) in
        guard Rule.isValidID(text) else {
            throw RuleFieldTextError(
                column: "id", problem: .detail("id '\(text)' may only use letters, digits, '.', '_' and '-'"), found: text,
                brief: text.isEmpty ? "required" : "letters, digits, '.', '_' and '-' only")
        }
        rule.id = text
    }

    static let enabled = RuleFieldColumn(
        name: "enabled", label: "enabled", placeholder: "", inForm: true,
        isDefault: { $0.enabled },
        text: { $0.enabled ? "" : "false" }
    ) { (text, rule) throws(RuleFieldTextError) in
        switch text.lowercased() {
        case "", "true", "yes", "1": rule.enabled = true
        case "false", "no", "0": rule.enabled = false
        default: throw expected("enabled", "true or false", text, brief: "true or false")
        }
    }

    /// The field as written: a source URL's host is the source's text, not this column's.
    static let host = RuleFieldColumn(
        name: "host", label: "host", placeholder: "any of the site's hosts", inForm: true,
        isDefault: { $0.writtenHost == nil },
        text: { $0.writtenHostText ?? "" }
    ) { (text, rule) throws(RuleFieldTextError) in
        if text.isEmpty {
            rule.host = nil
            return
        }
        guard let h = HostPattern(text: text) else {
            throw expected("host", "a host name (example.com or *.example.com)", text, brief: "not a host name or *.suffix")
        }
        if let o = rule.source.origin, o.host != h {
            throw RuleFieldTextError(
                column: "host", problem: .detail("'\(h)' contradicts the source URL's host '\(o.host)'; write one of them"), found: text,
                brief: "contradicts the source URL's host")
        }
        rule.setHost(h, typed: text)
    }

    /// The field as written; a source URL's scheme is the source's text, not this column's.
    static let scheme = RuleFieldColumn(
        name: "scheme", label: "scheme", placeholder: "either (http or https)", inForm: true,
        isDefault: { $0.writtenScheme == nil },
        text: { $0.writtenScheme ?? "" }
    ) { (text, rule) throws(RuleFieldTextError) in
        if text.isEmpty {
            rule.scheme = nil
            return
        }
        let s = text.lowercased()
        guard s == "http" || s == "https" else { throw expected("scheme", "http or https", text, brief: "http or https") }
        if let o = rule.source.origin, o.scheme != s {
            throw RuleFieldTextError(
                column: "scheme", problem: .detail("'\(s)' contradicts the source URL's scheme '\(o.scheme)'; write one of them"), found: text,
                brief: "contradicts the source URL's scheme")
        }
        rule.scheme = s
    }

    /// Read after `host` and `scheme`: a source URL must not contradict them.
    static let source = RuleFieldColumn(
        name: "source", label: "source", placeholder: "", inForm: true,
        text: { $0.source.text }
    ) { (text, rule) throws(RuleFieldTextError) in
        let parsed: Source
        do { parsed = try Source.parse(text) } catch let e as SourceSyntaxError {
            throw RuleFieldTextError(
                column: "source", problem: .detail(e.message), found: text, brief: e.message + (e.offset > 0 ? " (at \(e.offset + 1))" : ""),
                offset: e.offset)
        } catch {
            throw RuleFieldTextError(column: "source", problem: .detail("\(error)"), found: text, brief: "\(error)")
        }
        if let o = parsed.origin {
            if let h = rule.writtenHost, h != o.host {
                throw RuleFieldTextError(
                    column: "source", problem: .detail("the URL's host '\(o.host)' contradicts 'host: \(h)'; write one of them"), found: text,
                    brief: "the URL's host contradicts the host field")
            }
            if let s = rule.writtenScheme, s != o.scheme {
                throw RuleFieldTextError(
                    column: "source", problem: .detail("the URL's scheme '\(o.scheme)' contradicts 'scheme: \(s)'; write one of them"), found: text,
                    brief: "the URL's scheme contradicts the scheme field")
            }
        }
        rule.source = parsed
    }

    /// Read after `source`: a target is checked against its source's captures.
    static let target = RuleFieldColumn(
        name: "target", label: "target", placeholder: "", inForm: true,
        text: { $0.target.text }
    ) { (text, rule) throws(RuleFieldTextError) in
        var isPrefix = false
        if case .prefix = rule.source.kind { isPrefix = true }
        do { rule.target = try Target.parse(text, captureCount: rule.source.captureCount, sourceIsPrefix: isPrefix) } catch let e as TargetSyntaxError
        {
            throw RuleFieldTextError(
                column: "target", problem: .detail(e.message), found: text, brief: e.message + (e.offset > 0 ? " (at \(e.offset + 1))" : ""),
                offset: e.offset)
        } catch {
            throw RuleFieldTextError(column: "target", problem: .detail("\(error)"), found: text, brief: "\(error)")
        }
    }

    static let code = RuleFieldColumn(
        name: "code", label: "code", placeholder: "", inForm: true,
        text: { String($0.code.rawValue) }
    ) { (text, rule) throws(RuleFieldTextError) in
        guard let n = Int(text), let c = StatusCode(rawValue: n) else {
            throw expected("code", "one of 301, 302, 303, 307, 308", text, brief: text.isEmpty ? "required" : "one of 301, 302, 303, 307, 308")
        }
        rule.code = c
    }

    static let methods = RuleFieldColumn(
        name: "methods", label: "methods", placeholder: "all methods (e.g. GET, HEAD)", inForm: true,
        isDefault: { $0.methods == nil },
        text: { $0.methods?.joined(separator: " ") ?? "" }
    ) { (text, rule) throws(RuleFieldTextError) in
        let list = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "|" }).map { $0.uppercased() }
        if list.isEmpty {
            rule.methods = nil
            return
        }
        if let bad = list.first(where: { !RuleFields.methods.contains($0) }) {
            let isName = bad.allSatisfy { $0.isASCII && $0.isLetter }
            throw RuleFieldTextError(
                column: "methods", problem: .detail("unknown method '\(bad)'" + Suggestion.didYouMean(bad, in: RuleFields.methods)), found: text,
                brief: isName ? "unknown method '\(bad)'" : "'\(bad)' is not a method name")
        }
        rule.methods = list
    }

    static let when = RuleFieldColumn(
        name: "when", label: "when", placeholder: "none (e.g. header:X-Env=beta; cookie:uid=*)", inForm: true,
        isDefault: { $0.conditions.isEmpty },
        text: { ConditionText.format($0.conditions) }
    ) { (text, rule) throws(RuleFieldTextError) in
        do throws(ConditionText.Failure) { rule.conditions = try ConditionText.parse(text) } catch {
            throw RuleFieldTextError(column: "when", problem: .detail(error.message), found: text, brief: error.brief)
        }
    }

    static let query = RuleFieldColumn(
        name: "query", label: "query", placeholder: "", inForm: true,
        isDefault: { $0.query == .keep },
        text: { $0.query == .keep ? "" : $0.query.rawValue }
    ) { (text, rule) throws(RuleFieldTextError) in
        if text.isEmpty {
            rule.query = .keep
            return
        }
        guard let q = QueryMode(rawValue: text) else { throw expected("query", "keep or drop", text, brief: "keep or drop") }
        rule.query = q
    }

    static let cache = RuleFieldColumn(
        name: "cache", label: "cache", placeholder: "", inForm: true,
        isDefault: { $0.cache == .none },
        text: { $0.cache == .none ? "" : $0.cache.text }
    ) { (text, rule) throws(RuleFieldTextError) in
        if text.isEmpty {
            rule.cache = .none
            return
        }
        guard let c = CachePolicy(text: text) else {
            throw expected(
                "cache", "none, no-store, max-age=N, public, max-age=N or private, max-age=N", text,
                brief: "none, no-store or [public|private, ]max-age=N")
        }
        rule.cache = c
    }

    /// The percentage; a rule that had a rollout keeps its key and salt (the form edits only this).
    static let rollout = RuleFieldColumn(
        name: "rollout", label: "rollout %", placeholder: "100 (every client)", inForm: true,
        isDefault: { $0.rollout == nil },
        text: { $0.rollout?.percentText ?? "" }
    ) { (text, rule) throws(RuleFieldTextError) in
        if text.isEmpty {
            rule.rollout = nil
            return
        }
        guard let bp = Rollout.parsePercent(text) else {
            throw expected("rollout", "a percentage from 0 to 100 with at most two decimals", text, brief: "a percentage 0–100, at most two decimals")
        }
        rule.rollout = Rollout(basisPoints: bp, key: rule.rollout?.key ?? .ip, salt: rule.rollout?.salt)
    }

    /// Read after `rollout`.
    static let rolloutBy = RuleFieldColumn(
        name: "rollout_by", label: "rollout by", placeholder: "ip (or cookie:NAME, header:NAME)", inForm: true,
        isDefault: { ($0.rollout?.key ?? .ip) == .ip },
        text: { $0.rollout.map { $0.key == .ip ? "" : $0.key.description } ?? "" }
    ) { (text, rule) throws(RuleFieldTextError) in
        guard let key = text.isEmpty ? .ip : Rollout.Key(text: text) else {
            throw expected("rollout_by", "ip, cookie:NAME or header:NAME", text, brief: "ip, cookie:NAME or header:NAME")
        }
        guard let r = rule.rollout else {
            if text.isEmpty { return }
            throw RuleFieldTextError(
                column: "rollout_by", problem: .detail("needs a rollout percentage"), found: text, brief: "set a percentage for 'rollout by'")
        }
        rule.rollout = Rollout(basisPoints: r.basisPoints, key: key, salt: r.salt)
    }

    /// Read after `rollout`; not in the form, which keeps the rule's salt.
    static let rolloutSalt = RuleFieldColumn(
        name: "rollout_salt", label: "rollout salt", placeholder: "the rule's id", inForm: false,
        isDefault: { $0.rollout?.salt == nil },
        text: { $0.rollout?.salt ?? "" }
    ) { (text, rule) throws(RuleFieldTextError) in
        guard let r = rule.rollout else {
            if text.isEmpty { return }
            throw RuleFieldTextError(
                column: "rollout_salt", problem: .detail("needs a rollout percentage"), found: text, brief: "set a percentage for the salt")
        }
        rule.rollout = Rollout(basisPoints: r.basisPoints, key: r.key, salt: text.isEmpty ? nil : text)
    }

    static func timestamp(_ name: String, _ keyPath: WritableKeyPath<Rule, Timestamp?> & Sendable) -> RuleFieldColumn {
        RuleFieldColumn(
            name: name, label: name, placeholder: "none (2026-12-31T00:00:00Z; ctrl+t: now)", inForm: true,
            isDefault: { $0[keyPath: keyPath] == nil },
            text: { $0[keyPath: keyPath]?.rfc3339 ?? "" }
        ) { (text, rule) throws(RuleFieldTextError) in
            if text.isEmpty {
                rule[keyPath: keyPath] = nil
                return
            }
            guard let t = Timestamp(rfc3339: text) else {
                throw expected(name, "an RFC 3339 UTC timestamp like 2026-12-31T00:00:00Z", text, brief: "RFC 3339 UTC, like 2026-12-31T00:00:00Z")
            }
            rule[keyPath: keyPath] = t
        }
    }

    static let starts = timestamp("starts", \.starts)
    static let expires = timestamp("expires", \.expires)

    /// Kept as written, spaces included (blank is no note).
    static let note = RuleFieldColumn(
        name: "note", label: "note", placeholder: "", inForm: true, trimsSpaces: false,
        isDefault: { $0.note == nil },
        text: { $0.note ?? "" }
    ) { text, rule in rule.note = text.trimmingSpaces().isEmpty ? nil : text }

    static let owner = RuleFieldColumn(
        name: "owner", label: "owner", placeholder: "", inForm: true,
        isDefault: { $0.owner == nil },
        text: { $0.owner ?? "" }
    ) { text, rule in rule.owner = text.isEmpty ? nil : text }

    /// Tags separated by spaces, or by commas when a tag holds a space.
    static let tags = RuleFieldColumn(
        name: "tags", label: "tags", placeholder: "none (comma separated)", inForm: true,
        isDefault: { $0.tags.isEmpty },
        text: { r in r.tags.joined(separator: r.tags.contains { $0.contains(" ") || $0.contains(",") } ? ", " : " ") }
    ) { text, rule in
        let items = text.contains(",") ? text.split(separator: ",") : text.split(separator: " ")
        rule.tags = items.map { String($0.trimmingSpacesSub()) }.filter { !$0.isEmpty }
    }

    static let examples = RuleFieldColumn(
        name: "examples", label: "examples", placeholder: "none", inForm: false,
        isDefault: { $0.examples.isEmpty },
        text: { ExampleText.format($0.examples) }
    ) { (text, rule) throws(RuleFieldTextError) in
        do throws(ExampleText.Failure) { rule.examples = try ExampleText.parse(text) } catch {
            throw RuleFieldTextError(column: "examples", problem: .detail(error.message), found: text, brief: error.message)
        }
    }
}
