/// `detour check --format sarif`: SARIF 2.1.0 for code-scanning tools — one run, every check as a
/// reporting descriptor, every finding as a result with its physical location in the rule file,
/// related locations for the other rules involved, and fixes as text replacements.
public enum SARIFReport {
    /// `fixedText` renders the whole file after a fix (the rule file's own writer keeps everything
    /// else byte for byte), from which the replaced lines are computed; nil when not available.
    public static func render(
        _ findings: [Finding], checks: [any Check], file: String, fileBytes: [UInt8], isYAML: Bool,
        version: String, fixedText: (Fix) -> [UInt8]?
    ) -> String {
        let locator = FindingLocator(fileBytes: fileBytes, isYAML: isYAML)
        let ruleIndex = Dictionary(uniqueKeysWithValues: checks.enumerated().map { ($1.id, $0) })
        var out = "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
        out +=
            "    \"tool\": {\"driver\": {\"name\": \"detour\", \"version\": \(JSON.string(version)), \"informationUri\": \"https://github.com/detour/detour\", \"rules\": [\n"
        out += checks.map { c in
            "      {\"id\": \(JSON.string(c.id)), \"name\": \(JSON.string(c.name)), \"shortDescription\": {\"text\": \(JSON.string(c.summary))}, "
                + "\"fullDescription\": {\"text\": \(JSON.string(c.summary))}, \"defaultConfiguration\": {\"level\": \(JSON.string(level(c.severity)))}, "
                + "\"help\": {\"text\": \(JSON.string("See DESIGN §5, check \(c.id).")) }}"
        }.joined(separator: ",\n")
        out += "\n    ]}},\n"
        out += "    \"artifacts\": [{\"location\": {\"uri\": \(JSON.string(uri(file)))}}],\n"
        out += "    \"results\": [\n"
        var results: [String] = []
        for f in findings {
            let (line, column) = locator.locate(f)
            var r = "      {\"ruleId\": \(JSON.string(f.check))"
            if let idx = ruleIndex[f.check] { r += ", \"ruleIndex\": \(idx)" }
            r += ", \"level\": \(JSON.string(level(f.severity)))"
            var text = f.message + " — " + f.why
            if !f.witness.isEmpty { text += " Witness: " + f.witness.map { "\($0.method) \($0.url)" }.joined(separator: ", ") + "." }
            r += ", \"message\": {\"text\": \(JSON.string(text))}"
            r += ", \"locations\": [\(physical(file, line: line, column: column))]"
            if f.lines.count > 1 {
                let related = zip(f.rules, f.lines).dropFirst().enumerated().map { k, pair in
                    "{\"id\": \(k), \"physicalLocation\": {\"artifactLocation\": {\"uri\": \(JSON.string(uri(file))), \"index\": 0}, \"region\": {\"startLine\": \(max(pair.1, 1))}}, \"message\": {\"text\": \(JSON.string("rule " + pair.0))}}"
                }
                r += ", \"relatedLocations\": [" + related.joined(separator: ", ") + "]"
            }
            r += ", \"partialFingerprints\": {\"detourFinding/v1\": \(JSON.string(f.check + ":" + f.rules.joined(separator: ",")))}"
            r += ", \"properties\": {\"rules\": \(JSON.array(f.rules)), \"why\": \(JSON.string(f.why))}"
            if let fix = f.fix, let after = fixedText(fix), let change = replacement(fileBytes, after) {
                r +=
                    ", \"fixes\": [{\"description\": {\"text\": \(JSON.string(fix.description))}, \"artifactChanges\": [{\"artifactLocation\": {\"uri\": \(JSON.string(uri(file))), \"index\": 0}, \"replacements\": [\(change)]}]}]"
            }
            r += "}"
            results.append(r)
        }
        out += results.joined(separator: ",\n")
        out += "\n    ]\n  }]\n}\n"
        return out
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func uri(_ file: String) -> String {
        var s = file
        while s.hasPrefix("./") { s.removeFirst(2) }
        return s.unicodeScalars.map { u -> String in
            let c = Character(u)
            if u.isASCII, c.isLetter || c.isNumber || "-._~/".contains(c) { return String(c) }
            return Array(String(c).utf8).map { "%" + String($0, radix: 16, uppercase: true).leftPadded(2) }.joined()
        }.joined()
    }

    static func physical(_ file: String, line: Int, column: Int) -> String {
        "{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \(JSON.string(uri(file))), \"index\": 0}, \"region\": {\"startLine\": \(max(line, 1)), \"startColumn\": \(max(column, 1))}}}"
    }

    /// The changed lines between two versions of the file as one SARIF replacement.
    static func replacement(_ before: [UInt8], _ after: [UInt8]) -> String? {
        let a = before.split(separator: 0x0a, omittingEmptySubsequences: false)
        let b = after.split(separator: 0x0a, omittingEmptySubsequences: false)
        guard a != b else { return nil }
        var p = 0
        while p < a.count, p < b.count, a[p] == b[p] { p += 1 }
        var s = 0
        while s < a.count - p, s < b.count - p, a[a.count - 1 - s] == b[b.count - 1 - s] { s += 1 }
        let deletedEnd = a.count - s  // exclusive, 0-based
        let inserted = b[p..<(b.count - s)].map { String(decoding: $0, as: UTF8.self) + "\n" }.joined()
        let region = "{\"startLine\": \(p + 1), \"startColumn\": 1, \"endLine\": \(deletedEnd + 1), \"endColumn\": 1}"
        return "{\"deletedRegion\": \(region), \"insertedContent\": {\"text\": \(JSON.string(inserted))}}"
    }
}
