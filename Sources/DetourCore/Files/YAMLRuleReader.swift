/// Turns a parsed YAML rule file into a `RuleSet`, collecting every problem with its position
/// instead of stopping at the first.
struct YAMLRuleReader {
    let file: String
    let index: LineIndex
    private(set) var diagnostics: [Diagnostic] = []
    /// Whether each rule's id was written in the file (false: generated).
    private(set) var idWritten: [Bool] = []
    /// The problems of the rule being read: a field whose text is readable but gives no value
    /// makes the rule invalid (a DT070 finding), not the file unreadable.
    private var ruleProblems: [RuleProblem] = []

    init(file: String, index: LineIndex) {
        self.file = file
        self.index = index
    }

    mutating func error(_ offset: Int, _ message: String) {
        let p = index.position(of: offset)
        diagnostics.append(Diagnostic(file: file, line: p.line, column: p.column, message: message))
    }

    /// A field value that does not work: a problem of the rule being read.
    mutating func valueError(_ offset: Int, field: String, text: String, _ message: String) {
        let p = index.position(of: offset)
        ruleProblems.append(RuleProblem(field: field, text: text, message: message, line: p.line, column: p.column))
    }

    /// Offset of character `k` inside a scalar node's text (for errors inside sources and targets).
    func offset(in node: YAMLNode, character k: Int) -> Int {
        guard case .scalar(let s, let style) = node.value, style == .plain || style == .singleQuoted || style == .doubleQuoted else {
            return node.start
        }
        let prefix = s.prefix(k).utf8.count
        return node.start + (style == .plain ? 0 : 1) + prefix
    }

    mutating func read(root: YAMLNode?) -> RuleSet {
        var set = RuleSet()
        guard let root else {
            error(0, "the file is empty; a rule file has 'site:' and 'rules:' (run 'detour new FILE' for a starter)")
            return set
        }
        guard case .mapping(let entries) = root.value else {
            error(root.start, "expected a mapping with 'site:' and 'rules:' at the top, found \(root.kindName)")
            return set
        }
        checkKeys(entries, allowed: RuleFields.topLevel, context: "at the top level")
        var sawRules = false
        for e in entries {
            switch e.name {
            case "site": set.site = readSite(e.value)
            case "rules":
                sawRules = true
                guard let items = ruleItems(e.value) else { break }
                var seen: [String: Int] = [:]
                for (n, item) in items.enumerated() {
                    guard let rule = readListedRule(item, number: n + 1, seen: &seen) else { continue }
                    set.rules.append(rule)
                    set.lines.append(index.line(of: item.start))
                }
            default: break
            }
        }
        if !sawRules { error(root.start, "missing 'rules:' (a list of rules)") }
        return set
    }

    /// The items of a `rules:` value; nil for none (an error when the value is not a list).
    mutating func ruleItems(_ value: YAMLNode) -> [YAMLNode]? {
        if value.isNull { return nil }
        guard case .sequence(let items) = value.value else {
            error(value.start, "'rules' must be a list of rules, found \(value.kindName)")
            return nil
        }
        return items
    }

    /// Reads item `number` (1-based) of a `rules:` list. An id already in `seen` (id → line) is an
    /// error, but the rule is still returned so that later checks see it.
    mutating func readListedRule(_ item: YAMLNode, number: Int, seen: inout [String: Int]) -> Rule? {
        guard let (rule, idOffset) = readRule(item, number: number) else { return nil }
        if let first = seen[rule.id] {
            error(idOffset, "duplicate id '\(rule.id)' (first used by the rule at line \(first))")
        } else {
            seen[rule.id] = index.line(of: item.start)
        }
        return rule
    }

    mutating func checkKeys(_ entries: [YAMLEntry], allowed: [String], context: String) {
        var seen: Set<String> = []
        for e in entries {
            guard let name = e.key.scalar else {
                error(e.key.start, "keys must be plain text")
                continue
            }
            if !allowed.contains(name) {
                error(e.key.start, "unknown key '\(name)' \(context)" + Suggestion.didYouMean(name, in: allowed))
            } else if !seen.insert(name).inserted {
                error(e.key.start, "duplicate key '\(name)' \(context)")
            }
        }
    }

    // MARK: - Typed scalars

    mutating func string(_ node: YAMLNode, field: String) -> String? {
        guard let s = node.scalar, !node.isNull else {
            error(node.start, "'\(field)' must be text, found \(node.kindName)")
            return nil
        }
        return s
    }

    mutating func bool(_ node: YAMLNode, field: String) -> Bool? {
        if case .scalar(let s, .plain) = node.value {
            switch s {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        error(node.start, "'\(field)' must be true or false, found \(node.scalar.map { "'\($0)'" } ?? node.kindName)")
        return nil
    }

    mutating func stringList(_ node: YAMLNode, field: String) -> [(String, YAMLNode)]? {
        if case .sequence(let items) = node.value {
            var out: [(String, YAMLNode)] = []
            for it in items { if let s = string(it, field: field + " item") { out.append((s, it)) } }
            return out
        }
        if !node.isNull, let s = node.scalar { return [(s, node)] }
        error(node.start, "'\(field)' must be a list, found \(node.kindName)")
        return nil
    }

    mutating func stringMap(_ node: YAMLNode, field: String) -> [(String, String, YAMLNode)]? {
        guard case .mapping(let entries) = node.value else {
            error(node.start, "'\(field)' must be a mapping of name: value, found \(node.kindName)")
            return nil
        }
        var out: [(String, String, YAMLNode)] = []
        var seen: Set<String> = []
        for e in entries {
            if !seen.insert(e.name).inserted { error(e.key.start, "duplicate key '\(e.name)' in '\(field)'") }
            if let v = string(e.value, field: "\(field).\(e.name)") { out.append((e.name, v, e.value)) }
        }
        return out
    }

    mutating func hostPatterns(_ node: YAMLNode, field: String, site: inout SiteSettings) -> [HostPattern] {
        guard let items = stringList(node, field: field) else { return [] }
        var out: [HostPattern] = []
        for ((s, n), pattern) in zip(items, site.parseHosts(items.map(\.0))) {
            if let h = pattern {
                out.append(h)
            } else {
                error(n.start, "'\(s)' in '\(field)' is not a host name (example.com or *.example.com)")
            }
        }
        return out
    }

    // MARK: - Site

    mutating func readSite(_ node: YAMLNode) -> SiteSettings {
        var site = SiteSettings()
        if node.isNull { return site }
        guard case .mapping(let entries) = node.value else {
            error(node.start, "'site' must be a mapping, found \(node.kindName)")
            return site
        }
        checkKeys(entries, allowed: RuleFields.site, context: "in 'site'")
        for e in entries {
            let v = e.value
            switch e.name {
            case "hosts": site.hosts = hostPatterns(v, field: "hosts", site: &site)
            case "allow": site.allow = hostPatterns(v, field: "allow", site: &site)
            case "scheme":
                if let s = string(v, field: "scheme") {
                    if s == "http" || s == "https" { site.scheme = s } else { error(v.start, "'scheme' must be http or https, found '\(s)'") }
                }
            case "scheme_header":
                if let s = string(v, field: "scheme_header") {
                    if SiteSettings.isValidHeaderName(s) {
                        site.schemeHeader = s
                    } else {
                        error(v.start, "'scheme_header' must be a header name like X-Forwarded-Proto, found '\(s)'")
                    }
                }
            case "trailing_slash":
                if let s = string(v, field: "trailing_slash") {
                    if let t = SiteSettings.TrailingSlash(rawValue: s) {
                        site.trailingSlash = t
                    } else {
                        error(v.start, "'trailing_slash' must be exact or fold, found '\(s)'")
                    }
                }
            case "case":
                if let s = string(v, field: "case") {
                    if let c = SiteSettings.PathCase(rawValue: s) {
                        site.pathCase = c
                    } else {
                        error(v.start, "'case' must be sensitive or insensitive, found '\(s)'")
                    }
                }
            case "exports": site.exports = readExports(v)
            default: break
            }
        }
        return site
    }

    mutating func readExports(_ node: YAMLNode) -> [ExportTarget] {
        guard case .sequence(let items) = node.value else {
            error(node.start, "'exports' must be a list like [{to: nginx, path: out/nginx}], found \(node.kindName)")
            return []
        }
        var out: [ExportTarget] = []
        for it in items {
            if let s = it.scalar, !it.isNull {
                out.append(ExportTarget(server: s))
                continue
            }
            guard let pairs = stringMap(it, field: "exports item") else { continue }
            guard let to = pairs.first(where: { $0.0 == "to" }) else {
                error(it.start, "an 'exports' item needs 'to: SERVER'")
                continue
            }
            var options: [String: String] = [:]
            for p in pairs where p.0 != "to" { options[p.0] = p.1 }
            out.append(ExportTarget(server: to.1, options: options))
        }
        return out
    }

    // MARK: - Rules

    /// Reads one rule; returns it with the offset of its id (for duplicate-id errors), or nil when
    /// a required field is missing or unreadable.
    mutating func readRule(_ node: YAMLNode, number: Int) -> (Rule, Int)? {
        guard case .mapping(let entries) = node.value else {
            error(node.start, "rule \(number) must be a mapping (id:, source:, target:, code:), found \(node.kindName)")
            idWritten.append(false)
            return nil
        }
        checkKeys(entries, allowed: RuleFields.rule, context: "in rule \(number)")
        func entry(_ k: String) -> YAMLEntry? { entries.first { $0.name == k } }

        var id = "rule-\(index.line(of: node.start))"
        var idOffset = node.start
        if let e = entry("id"), let s = string(e.value, field: "id") {
            idOffset = e.value.start
            if Rule.isValidID(s) { id = s } else { error(e.value.start, "id '\(s)' may only use letters, digits, '.', '_' and '-'") }
        }

        // Source and target are read by their table columns; the target needs the source first.
        var rule = Rule(id: id, source: Source(kind: .exact("/"), text: "/"), target: Target(parts: [], text: ""), code: .found)
        ruleProblems = []
        var hasSource = false
        var hasTarget = false
        var sourceParsed = false
        if let e = entry("source") {
            if let s = string(e.value, field: "source") {
                hasSource = true
                sourceParsed = readRequired(e.value, text: s, column: "source", into: &rule)
                if !sourceParsed { rule.source = .unparsed(s) }
            }
        } else {
            error(node.start, "rule '\(id)' has no 'source'")
        }
        if let e = entry("target") {
            if let s = string(e.value, field: "target") {
                hasTarget = true
                // A target's placeholders are checked against its source's captures: without a
                // source there is nothing to check it against.
                if !sourceParsed || !readRequired(e.value, text: s, column: "target", into: &rule) { rule.target = .unparsed(s) }
            }
        } else {
            error(node.start, "rule '\(id)' has no 'target'")
        }

        var code: StatusCode? = nil
        if let e = entry("code") {
            if case .scalar(let s, .plain) = e.value.value, let n = Int(s), let c = StatusCode(rawValue: n) {
                code = c
            } else if let s = e.value.scalar, !e.value.isNull {
                code = .found
                valueError(e.value.start, field: "code", text: s, "'code' must be one of 301, 302, 303, 307, 308, found '\(s)'")
            } else {
                error(e.value.start, "'code' must be one of 301, 302, 303, 307, 308, found \(e.value.kindName)")
            }
        } else {
            error(node.start, "rule '\(id)' has no 'code' (301, 302, 303, 307 or 308)")
        }

        rule.code = code ?? .found
        for e in entries {
            let v = e.value
            switch e.name {
            case "enabled": if let b = bool(v, field: "enabled") { rule.enabled = b }
            case "host", "scheme", "query", "cache", "starts", "expires": readText(v, column: e.name, into: &rule)
            case "methods":
                if let items = stringList(v, field: "methods") {
                    var ms: [String] = []
                    for (m, n) in items {
                        let up = m.uppercased()
                        if RuleFields.methods.contains(up) {
                            ms.append(up)
                        } else {
                            valueError(
                                n.start, field: "methods", text: m, "unknown method '\(m)'" + Suggestion.didYouMean(up, in: RuleFields.methods))
                        }
                    }
                    rule.methods = ms
                }
            case "when": rule.conditions = readConditions(v)
            case "rollout": rule.rollout = readRollout(v)
            case "note": rule.note = string(v, field: "note")
            case "owner": rule.owner = string(v, field: "owner")
            case "tags": rule.tags = stringList(v, field: "tags")?.map(\.0) ?? []
            case "examples": rule.examples = readExamples(v)
            default: break
            }
        }
        idWritten.append(entry("id") != nil)
        if !hasSource || !hasTarget || code == nil {
            // The rule cannot be kept: its field problems are reported with the rest, all at once.
            for p in ruleProblems { diagnostics.append(Diagnostic(file: file, line: p.line, column: p.column, message: p.message)) }
            return nil
        }
        if !ruleProblems.isEmpty { rule.problems = ruleProblems }
        return (rule, idOffset)
    }

    /// A source or target, read by its table column; an error points at the character it is about.
    mutating func readRequired(_ node: YAMLNode, text: String, column name: String, into rule: inout Rule) -> Bool {
        guard let column = RuleFieldTable.column(name) else { return false }
        do { try column.read(text, into: &rule) } catch let problem {
            valueError(offset(in: node, character: problem.offset), field: name, text: text, problem.message)
            return false
        }
        return true
    }

    /// A field written as one scalar, read by its column of the rule field table.
    mutating func readText(_ node: YAMLNode, column name: String, into rule: inout Rule) {
        guard let column = RuleFieldTable.column(name), let s = string(node, field: name) else { return }
        do { try column.read(s, into: &rule) } catch let problem {
            valueError(node.start, field: name, text: s, problem.quotedMessage)
        }
    }

    mutating func readConditions(_ node: YAMLNode) -> [Condition] {
        guard case .mapping(let entries) = node.value else {
            error(node.start, "'when' must be a mapping with header:, cookie: or query:, found \(node.kindName)")
            return []
        }
        checkKeys(entries, allowed: RuleFields.when, context: "in 'when'")
        var out: [Condition] = []
        for e in entries {
            guard let kind = Condition.Kind(rawValue: e.name), let pairs = stringMap(e.value, field: "when.\(e.name)") else { continue }
            for (name, value, vnode) in pairs {
                do { out.append(Condition(kind: kind, name: name, value: try ConditionValue.parse(value))) } catch let err as RegexSyntaxError {
                    valueError(
                        offset(in: vnode, character: err.offset + 1), field: "when", text: "\(kind.rawValue):\(name)=\(value)",
                        "when.\(e.name).\(name): " + err.message)
                } catch {}
            }
        }
        return out
    }

    mutating func readRollout(_ node: YAMLNode) -> Rollout? {
        if let s = node.scalar, !node.isNull {
            guard let bp = Rollout.parsePercent(s) else {
                valueError(
                    node.start, field: "rollout", text: s, "'rollout' percent must be a number from 0 to 100 with at most two decimals, found '\(s)'")
                return nil
            }
            return Rollout(basisPoints: bp)
        }
        guard case .mapping(let entries) = node.value else {
            error(node.start, "'rollout' must be a percentage like 20% or {percent: 20, by: \"cookie:uid\"}, found \(node.kindName)")
            return nil
        }
        checkKeys(entries, allowed: RuleFields.rollout, context: "in 'rollout'")
        var bp: Int? = nil
        var key = Rollout.Key.ip
        var salt: String? = nil
        for e in entries {
            switch e.name {
            case "percent":
                if let s = string(e.value, field: "rollout.percent") {
                    if let p = Rollout.parsePercent(s) {
                        bp = p
                    } else {
                        valueError(
                            e.value.start, field: "rollout", text: s,
                            "'rollout.percent' must be a number from 0 to 100 with at most two decimals, found '\(s)'")
                    }
                }
            case "by":
                if let s = string(e.value, field: "rollout.by") {
                    if let k = Rollout.Key(text: s) {
                        key = k
                    } else {
                        valueError(e.value.start, field: "rollout_by", text: s, "'rollout.by' must be ip, cookie:NAME or header:NAME, found '\(s)'")
                    }
                }
            case "salt": salt = string(e.value, field: "rollout.salt")
            default: break
            }
        }
        guard let bp else {
            if entries.allSatisfy({ $0.name != "percent" }) { error(node.start, "'rollout' needs 'percent'") }
            return nil
        }
        return Rollout(basisPoints: bp, key: key, salt: salt)
    }

    mutating func readExamples(_ node: YAMLNode) -> [RuleExample] {
        guard case .sequence(let items) = node.value else {
            error(node.start, "'examples' must be a list of {request, expect}, found \(node.kindName)")
            return []
        }
        var out: [RuleExample] = []
        for it in items {
            guard case .mapping(let entries) = it.value else {
                error(it.start, "an example must be a mapping with request: and expect:, found \(it.kindName)")
                continue
            }
            checkKeys(entries, allowed: RuleFields.example, context: "in an example")
            var req: (String, String)? = nil
            var expect: RuleExample.Expectation? = nil
            var headers: [(String, String)] = []
            for e in entries {
                switch e.name {
                case "request":
                    if let s = string(e.value, field: "request") {
                        if let r = RuleExample.parseRequest(s) {
                            req = r
                        } else {
                            valueError(
                                e.value.start, field: "examples", text: s, "'request' must be 'METHOD URL' like \"POST /api/v1/orders\", found '\(s)'"
                            )
                        }
                    }
                case "expect":
                    if let s = string(e.value, field: "expect") {
                        if let x = RuleExample.Expectation.parse(s) {
                            expect = x
                        } else {
                            valueError(
                                e.value.start, field: "examples", text: s,
                                "'expect' must be 'CODE LOCATION' like \"307 https://example.com/x\" or 'origin', found '\(s)'")
                        }
                    }
                case "headers": headers = stringMap(e.value, field: "headers")?.map { ($0.0, $0.1) } ?? []
                default: break
                }
            }
            if req == nil, !entries.contains(where: { $0.name == "request" }) { error(it.start, "an example needs 'request'") }
            if expect == nil, !entries.contains(where: { $0.name == "expect" }) { error(it.start, "an example needs 'expect'") }
            if let req, let expect { out.append(RuleExample(method: req.0, url: req.1, headers: headers, expect: expect)) }
        }
        return out
    }
}
