/// One rule as a `redirects` entry of `vercel.json`: `source`, `destination`, `statusCode`, and
/// `has` for the host and the header, cookie and query conditions. Vercel passes the request's
/// query on to every configuration redirect, so a rule that drops it is refused here (a bulk
/// redirect can drop it: `VercelBulkPlan`).
struct VercelRedirect: Sendable {
    let source: String
    let destination: String
    let status: Int
    /// `(type, key, value)`; key nil for `host`, value nil for presence.
    let has: [(type: String, key: String?, value: String?)]

    static func make(_ r: PreparedRule) throws -> VercelRedirect {
        func refuse(_ feature: ExportFeature, _ why: String) -> ExportError {
            ExportError.unsupportedFeature(rule: r.id, line: r.line, feature: feature, why: why)
        }
        let source: VercelSource
        do { source = try VercelSource.make(r) } catch VercelSource.Failure.refused(let feature, let why) { throw refuse(feature, why) }
        if r.rule.query == .drop {
            throw refuse(
                .queryDrop,
                "Vercel passes the request's query on to every configuration redirect; only a bulk redirect (an exact rule with a constant target and no condition) drops it"
            )
        }
        if r.targetHasQuery, r.rule.query == .keep {
            throw refuse(.queryKeep, "Vercel merges the request's query into the destination's own parameters instead of appending it")
        }
        let destination = try self.destination(r, groups: source.groups, refuse: refuse)
        var has: [(type: String, key: String?, value: String?)] = []
        if let host = r.rule.host {
            switch host {
            case .exact(let name): has.append(("host", nil, wholeValue(name)))
            case .suffix(let s): has.append(("host", nil, "[^.]+(?:\\.[^.]+)*" + wholeValue("." + s)))
            }
        }
        for c in r.conditions {
            switch c.value {
            case .present: has.append((c.kind.rawValue, c.name, nil))
            case .exact(let v): has.append((c.kind.rawValue, c.name, wholeValue(v)))
            case .regex(let re):
                // Vercel matches a `has` value as ^VALUE$; a Detour regex searches.
                has.append((c.kind.rawValue, c.name, ".*(?:" + re.pattern + ").*"))
            }
        }
        let limit = VercelLimits.configString
        guard source.text.utf8.count <= limit.maximum, destination.utf8.count <= limit.maximum else {
            throw refuse(
                r.exactPath != nil ? .exact : r.prefix != nil ? .prefix : .regex,
                "its source or destination is longer than the \(limit.maximum) \(limit.what) (\(limit.source))")
        }
        return VercelRedirect(source: source.text, destination: destination, status: r.code, has: has)
    }

    /// A literal value as the regex Vercel compiles from it (`^VALUE$`): punctuation escaped.
    static func wholeValue(_ v: String) -> String { v.utf8.map(VercelRegexText.literal).joined() }

    private static func destination(_ r: PreparedRule, groups: [Int], refuse: (ExportFeature, String) -> ExportError) throws -> String {
        let feature: ExportFeature = r.exactPath != nil ? .exact : r.prefix != nil ? .prefix : .regex
        var out = ""
        for piece in r.target {
            switch piece {
            case .literal(let t):
                // '$' and a digit would be read as a capture; ':' and a letter as a parameter.
                if hasCaptureSyntax(t) {
                    throw refuse(feature, "the target holds '$' and a digit, which Vercel fills with a capture")
                }
                out += t
            case .capture(let n):
                guard n >= 1, n <= groups.count else { throw refuse(feature, "the target uses capture \(n), which the source does not have") }
                out += "$\(groups[n - 1])"
            case .host:
                throw refuse(feature, "a Vercel destination names the request's host only through a named 'has' capture, which Detour does not write")
            case .path: throw refuse(feature, "a Vercel destination cannot hold the request's path ({path}) except through a capture")
            case .query: throw refuse(.queryKeep, "Vercel appends the request's query itself; {query} cannot be placed")
            }
        }
        return out.isEmpty ? "/" : out
    }

    /// `$` followed by a digit: Vercel's router fills it with a capture.
    static func hasCaptureSyntax(_ t: String) -> Bool {
        let b = Array(t.utf8)
        return b.indices.contains { b[$0] == 0x24 && $0 + 1 < b.count && b[$0 + 1] >= 0x30 && b[$0 + 1] <= 0x39 }
    }

    /// The entry as one line of JSON.
    var json: String {
        var fields = ["\"source\": \(JSON.string(source))", "\"destination\": \(JSON.string(destination))", "\"statusCode\": \(status)"]
        if !has.isEmpty {
            let items = has.map { h -> String in
                var f = ["\"type\": \(JSON.string(h.type))"]
                if let k = h.key { f.append("\"key\": \(JSON.string(k))") }
                if let v = h.value { f.append("\"value\": \(JSON.string(v))") }
                return "{" + f.joined(separator: ", ") + "}"
            }
            fields.append("\"has\": [" + items.joined(separator: ", ") + "]")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}
