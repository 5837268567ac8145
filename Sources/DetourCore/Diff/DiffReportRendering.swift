/// The three renderings of a behavioural diff `detour diff` prints: text for a terminal, JSON for
/// tools, Markdown for a pull-request comment. Each lists the regions grouped by kind, one witness
/// request each with the response before and after, then the change in findings.
public enum DiffReportRendering {
    /// The line a report opens with when nothing a request can see changed.
    public static let noChange = "no behavioural change"

    public static func text(_ report: BehaviourDiffReport, old: String, new: String) -> String {
        var out = "\(old) → \(new)  (as \(report.viewName), from \(report.now.rfc3339))\n"
        if !report.changesBehaviour {
            out += noChange + "\n"
        } else {
            out += "\(report.regions.count) region\(report.regions.count == 1 ? "" : "s") of requests answered differently\n"
        }
        for (kind, regions) in grouped(report.regions) {
            out += "\n\(kind.rawValue) (\(regions.count))\n"
            for r in regions {
                out += "  \(rules(r))\n"
                out += "    request  \(requestText(r))\n"
                out += "    before   \(responseText(r.oldResponse))\n"
                out += "    after    \(responseText(r.newResponse))\n"
            }
        }
        out += undecidedText(report.undecided, bullet: "  ")
        if let f = report.findings { out += findingsText(f, bullet: "  ") }
        return out
    }

    public static func markdown(_ report: BehaviourDiffReport, old: String, new: String) -> String {
        var out = "### Redirect changes: `\(old)` → `\(new)`\n\n"
        guard report.changesBehaviour else {
            out += "**\(noChange)** (as \(report.viewName))\n"
            out += undecidedText(report.undecided, bullet: "- ")
            if let f = report.findings { out += findingsText(f, bullet: "- ") }
            return out
        }
        out += "\(report.regions.count) region\(report.regions.count == 1 ? "" : "s") of requests answered differently (as \(report.viewName)).\n"
        for (kind, regions) in grouped(report.regions) {
            out += "\n#### \(kind.rawValue) (\(regions.count))\n\n| rules | request | before | after |\n|---|---|---|---|\n"
            for r in regions {
                out +=
                    "| \(cell(rules(r))) | `\(cell(requestText(r)))` | \(cell(responseText(r.oldResponse))) | \(cell(responseText(r.newResponse))) |\n"
            }
        }
        out += undecidedText(report.undecided, bullet: "- ")
        if let f = report.findings { out += findingsText(f, bullet: "- ") }
        return out
    }

    public static func json(_ report: BehaviourDiffReport, old: String, new: String) -> String {
        func s(_ v: String) -> String { JSON.string(v) }
        func rule(_ r: DiffRuleRef?) -> String {
            guard let r else { return "null" }
            return "{\"id\": \(s(r.id)), \"line\": \(r.line), \"source\": \(s(r.source))}"
        }
        func response(_ r: SimulatedResponse) -> String {
            guard let status = r.status else { return "{\"status\": null}" }
            return
                "{\"status\": \(status.rawValue), \"location\": \(s(r.locationHeader ?? "")), \"cache_control\": \(r.cacheControl.map(s) ?? "null")}"
        }
        func request(_ q: HTTPRequest) -> String {
            let headers = q.headers.map { "{\"name\": \(s($0.name)), \"value\": \(s($0.value))}" }.joined(separator: ", ")
            return
                "{\"method\": \(s(q.method)), \"url\": \(s(q.url)), \"headers\": [\(headers)], \"client\": \(s(q.clientAddress)), \"time\": \(s(q.time.rfc3339))}"
        }
        let regions = report.regions.map { r in
            "{\"kind\": \(s(r.kind.rawValue)), \"kinds\": [\(r.kinds.map { s($0.rawValue) }.joined(separator: ", "))], "
                + "\"before_rule\": \(rule(r.before)), \"after_rule\": \(rule(r.after)), \"request\": \(request(r.request)), "
                + "\"before\": \(response(r.oldResponse)), \"after\": \(response(r.newResponse))}"
        }
        func finding(_ f: Finding) -> String {
            "{\"check\": \(s(f.check)), \"severity\": \(s(f.severity.rawValue)), \"rules\": [\(f.rules.map(s).joined(separator: ", "))], \"message\": \(s(f.message))}"
        }
        var out = "{\"old\": \(s(old)), \"new\": \(s(new)), \"server\": \(s(report.viewName)), \"now\": \(s(report.now.rfc3339)),\n"
        out += " \"changed\": \(report.changesBehaviour),\n \"regions\": [" + regions.joined(separator: ",\n   ") + "],\n"
        out += " \"undecided\": [\(report.undecided.map(s).joined(separator: ", "))]"
        if let f = report.findings {
            out +=
                ",\n \"findings\": {\"new\": [\(f.new.map(finding).joined(separator: ", "))], \"fixed\": [\(f.fixed.map(finding).joined(separator: ", "))]}"
        }
        return out + "}"
    }

    static func grouped(_ regions: [DiffRegion]) -> [(DiffChangeKind, [DiffRegion])] {
        DiffChangeKind.allCases.compactMap { kind in
            let group = regions.filter { $0.kind == kind }
            return group.isEmpty ? nil : (kind, group)
        }
    }

    /// `old-id (line 4) → new-id (line 5)`, or `origin` for a side no rule answers.
    public static func rules(_ r: DiffRegion) -> String {
        func side(_ ref: DiffRuleRef?) -> String {
            guard let ref else { return "origin" }
            return ref.line > 0 ? "\(ref.id) (line \(ref.line))" : ref.id
        }
        var text = side(r.before) + " → " + side(r.after)
        if r.kinds.count > 1 { text += "  [" + r.kinds.map(\.rawValue).joined(separator: ", ") + "]" }
        return text
    }

    /// The witness: method and URL, and the headers, client and time when the rules read them.
    public static func requestText(_ r: DiffRegion) -> String {
        var text = r.request.method + " " + r.request.url
        if r.shows.contains(.headers) { for h in r.request.headers { text += " -H '\(h.name): \(h.value)'" } }
        if r.shows.contains(.client) { text += " from \(r.request.clientAddress)" }
        if r.shows.contains(.time) { text += " at \(r.request.time.rfc3339)" }
        return text
    }

    /// `301 → https://…  Cache-Control: …`, or `origin (no rule)`.
    public static func responseText(_ r: SimulatedResponse) -> String {
        guard let status = r.status else { return "origin (no rule applies)" }
        var text = "\(status.rawValue) → \(r.locationHeader ?? "")"
        if let cache = r.cacheControl { text += "  Cache-Control: \(cache)" }
        return text
    }

    private static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    private static func undecidedText(_ undecided: [String], bullet: String) -> String {
        guard !undecided.isEmpty else { return "" }
        return "\nnot decided (the search stopped at its budget; check these by hand)\n" + undecided.map { bullet + $0 + "\n" }.joined()
    }

    private static func findingsText(_ f: FindingsDelta, bullet: String) -> String {
        if f.isEmpty { return "\nfindings: unchanged\n" }
        var out = ""
        if !f.new.isEmpty {
            out += "\nnew findings (\(f.new.count))\n"
            for x in f.new { out += bullet + "\(x.check) \(x.severity.rawValue) [\(x.rules.joined(separator: ", "))]: \(x.message)\n" }
        }
        if !f.fixed.isEmpty {
            out += "\nfixed findings (\(f.fixed.count))\n"
            for x in f.fixed { out += bullet + "\(x.check) \(x.severity.rawValue) [\(x.rules.joined(separator: ", "))]: \(x.message)\n" }
        }
        return out
    }
}
