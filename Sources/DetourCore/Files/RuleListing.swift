/// The `list` views of a rule set: an aligned text table and a JSON document.
public enum RuleListing {
    /// One line per rule: line, id, code, source → target and the notable extras.
    public static func table(_ set: RuleSet) -> String {
        var rows: [[String]] = [["LINE", "ID", "CODE", "SOURCE", "TARGET", "EXTRAS"]]
        for (k, r) in set.rules.enumerated() {
            var extras: [String] = []
            if !r.enabled { extras.append("disabled") }
            // A source URL shows its own host and scheme in the source column.
            if let h = r.writtenHost { extras.append("host=\(h)") }
            if let s = r.writtenScheme { extras.append("scheme=\(s)") }
            if let m = r.methods { extras.append(m.joined(separator: ",")) }
            // The source's own query conditions already show in SOURCE; the `when` list is written out
            // as the CSV column and the form write it, so a reader sees what gates the rule.
            if !r.conditions.isEmpty { extras.append("when=\"\(ConditionText.format(r.conditions))\"") }
            if r.query == .drop { extras.append("query=drop") }
            if r.cache != .none { extras.append("cache=\(r.cache.text)") }
            if let ro = r.rollout { extras.append("rollout=\(ro.percentText)%/\(ro.key)") }
            if let s = r.starts { extras.append("starts=\(s)") }
            if let e = r.expires { extras.append("expires=\(e)") }
            rows.append([String(set.lines[k]), r.id, String(r.code.rawValue), r.source.text, r.target.text, extras.joined(separator: " ")])
        }
        var widths = Array(repeating: 0, count: 6)
        for row in rows { for (c, v) in row.enumerated() where c < 5 { widths[c] = min(max(widths[c], v.count), 60) } }
        var out = ""
        for row in rows {
            var line = ""
            for (c, v) in row.enumerated() {
                line += c == 5 ? v : v + String(repeating: " ", count: max(1, widths[c] - v.count + 2))
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// `{"file": …, "site": {…}, "rules": [{…}, …]}` with every field that is set.
    public static func json(_ set: RuleSet, file: String) -> String {
        var out =
            "{\"file\": \(JSON.string(file)), \"site\": {\"hosts\": \(JSON.array(set.site.hosts.map(\.description))), \"allow\": \(JSON.array(set.site.allow.map(\.description))), \"scheme\": \(JSON.string(set.site.scheme))}, \"rules\": ["
        for (k, r) in set.rules.enumerated() {
            if k > 0 { out += ", " }
            var fields: [String] = [
                "\"id\": \(JSON.string(r.id))", "\"line\": \(set.lines[k])", "\"enabled\": \(r.enabled)",
                "\"source\": \(JSON.string(r.source.text))", "\"target\": \(JSON.string(r.target.text))", "\"code\": \(r.code.rawValue)"
            ]
            if let h = r.host { fields.append("\"host\": \(JSON.string(h.description))") }
            if let s = r.scheme { fields.append("\"scheme\": \(JSON.string(s))") }
            if let m = r.methods { fields.append("\"methods\": \(JSON.array(m))") }
            if !r.conditions.isEmpty {
                fields.append(
                    "\"when\": ["
                        + r.conditions.map {
                            "{\"kind\": \(JSON.string($0.kind.rawValue)), \"name\": \(JSON.string($0.name)), \"value\": \(JSON.string($0.value.description))}"
                        }.joined(separator: ", ") + "]")
            }
            fields.append("\"query\": \(JSON.string(r.query.rawValue))")
            fields.append("\"cache\": \(JSON.string(r.cache.text))")
            if let ro = r.rollout {
                fields.append(
                    "\"rollout\": {\"percent\": \(ro.percentText), \"by\": \(JSON.string(ro.key.description)), \"salt\": \(JSON.string(ro.salt ?? r.id))}"
                )
            }
            if let s = r.starts { fields.append("\"starts\": \(JSON.string(s.rfc3339))") }
            if let e = r.expires { fields.append("\"expires\": \(JSON.string(e.rfc3339))") }
            if let n = r.note { fields.append("\"note\": \(JSON.string(n))") }
            if let o = r.owner { fields.append("\"owner\": \(JSON.string(o))") }
            if !r.tags.isEmpty { fields.append("\"tags\": \(JSON.array(r.tags))") }
            out += "{" + fields.joined(separator: ", ") + "}"
        }
        return out + "]}"
    }
}

/// Minimal JSON text writing for Detour's machine-readable outputs (stable key order, exact escaping).
public enum JSON {
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += "\\u" + String(u.value, radix: 16).leftPadded(4) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    public static func array(_ xs: [String]) -> String { "[" + xs.map(string).joined(separator: ", ") + "]" }
}
