import DetourCore

extension ProbeReport {
    /// The SARIF rule ids of probe results.
    static let sarifRules: [(id: String, text: String)] = [
        ("probe/differs", "The live deployment answers a request differently from the rule file."),
        ("probe/unreachable", "The live deployment gave no answer to any request made for the rule."),
        ("probe/chain", "A redirect chain of the live deployment ends in 4xx/5xx, off-site, loops or takes more than one hop.")
    ]

    /// `--format sarif`: SARIF 2.1.0, one result per rule that differs or was unreachable and one
    /// per chain with a problem, located at the rule's line in the rule file.
    public func sarif(file: String, version: String) -> String {
        let uri = JSON.string(Self.sarifURI(file))
        var out = "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
        out += "    \"tool\": {\"driver\": {\"name\": \"detour probe\", \"version\": \(JSON.string(version)), \"rules\": [\n"
        out += Self.sarifRules.map { "      {\"id\": \(JSON.string($0.id)), \"shortDescription\": {\"text\": \(JSON.string($0.text))}}" }
            .joined(separator: ",\n")
        out += "\n    ]}},\n    \"artifacts\": [{\"location\": {\"uri\": \(uri)}}],\n    \"results\": [\n"
        var results: [String] = []
        let lines = Dictionary(rules.compactMap { r in r.ruleID.map { ($0, r.line) } }, uniquingKeysWith: { a, _ in a })
        for r in rules where r.verdict != .agree {
            let id = r.verdict == .differs ? "probe/differs" : "probe/unreachable"
            let index = r.verdict == .differs ? 0 : 1
            var text = r.ruleID.map { "Rule \($0)" } ?? "Requests no rule names"
            if r.verdict == .differs {
                text += ": \(r.differing.count) of \(r.answers.count) requests differ on \(endpoint)."
                if let a = r.differing.first {
                    text += " \(a.request.method) \(a.request.url): expected \(Self.expectedText(a.expected)), got \(Self.observedText(a.observed))."
                }
            } else {
                text += ": no answer from \(endpoint) (\(Self.reason(r.answers.first?.observed)))."
            }
            results.append(Self.sarifResult(id, index: index, text: text, uri: uri, line: r.line, rule: r.ruleID))
        }
        for c in problemChains {
            let text = "Redirect chain \(c.problems.map(\.rawValue).joined(separator: ", ")): \(c.text)"
            results.append(Self.sarifResult("probe/chain", index: 2, text: text, uri: uri, line: c.ruleID.flatMap { lines[$0] } ?? 0, rule: c.ruleID))
        }
        out += results.joined(separator: ",\n")
        out += "\n    ]\n  }]\n}\n"
        return out
    }

    static func sarifResult(_ id: String, index: Int, text: String, uri: String, line: Int, rule: String?) -> String {
        "      {\"ruleId\": \(JSON.string(id)), \"ruleIndex\": \(index), \"level\": \"error\", \"message\": {\"text\": \(JSON.string(text))}, "
            + "\"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \(uri), \"index\": 0}, \"region\": {\"startLine\": \(max(line, 1))}}}], "
            + "\"properties\": {\"rule\": \(rule.map(JSON.string) ?? "null")}}"
    }

    /// The file as a relative URI reference: unreserved characters and `/` as they are.
    static func sarifURI(_ file: String) -> String {
        var s = file
        while s.hasPrefix("./") { s.removeFirst(2) }
        return s.utf8.map { b -> String in
            let c = Character(Unicode.Scalar(b))
            if b < 0x80, c.isLetter || c.isNumber || "-._~/".contains(c) { return String(c) }
            let hex = String(b, radix: 16, uppercase: true)
            return "%" + (hex.count == 1 ? "0" + hex : hex)
        }.joined()
    }
}
