/// WordPress Redirection's CSV export (`source,target,regex,code,type,hits,title,status`), read
/// as-is into rules: regexes anchored the way Redirection matches them, the title as the note,
/// disabled redirects disabled. Saving writes Detour's own CSV.
enum WordPressRedirectionCSV {
    /// Whether a header's lower-cased column names are Redirection's.
    static func isHeader(_ names: [String]) -> Bool {
        names.starts(with: ["source", "target", "regex", "code", "type"])
    }

    /// The rule of one row (columns found by `col`), or nil after reporting why there is none.
    static func readRow(_ row: CSVReader.Row, col: [String: Int], report: (Int, String) -> Void) -> Rule? {
        func value(_ name: String) -> CSVReader.Field? {
            guard let k = col[name], k < row.fields.count else { return nil }
            return row.fields[k]
        }
        guard let s = value("source"), !s.value.isEmpty, let t = value("target"), let c = value("code") else {
            report(row.range.lowerBound, "the row lacks source, target or code")
            return nil
        }
        guard let n = Int(c.value), let code = StatusCode(rawValue: n) else {
            report(c.offset, "code must be one of 301, 302, 303, 307, 308, found '\(c.value)'")
            return nil
        }
        let isRegex = value("regex")?.value == "1"
        // Redirection stores regexes unanchored and as PCRE; Detour anchors them the way Redirection matches.
        var source = s.value
        if isRegex {
            var p = source
            if !p.hasPrefix("^") { p = "^" + p }
            source = "~" + p
        }
        var target = t.value
        if !isRegex, target.contains("$") { target = target.replacingDollar() }
        guard
            var rule = CSVRuleFile.makeRule(
                id: "wp-\(row.line)", source: source, sourceOffset: s.offset, target: target, targetOffset: t.offset, code: code, report: report)
        else { return nil }
        if let st = value("status")?.value { rule.enabled = st != "disabled" }
        if let title = value("title")?.value, !title.isEmpty { rule.note = title }
        return rule
    }
}

extension String {
    /// WordPress plain targets never hold captures; a literal `$` stays literal.
    func replacingDollar() -> String { self }
}
