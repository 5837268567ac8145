/// Reads a Netlify `_redirects` file: one rule a line, `FROM [PARAM=VALUE…] TO [STATUS[!]]
/// [CONDITION=V1,V2…]`, with `#` comment lines and blank lines. A comment directly above a rule
/// becomes its note.
enum NetlifyRedirectsFile {
    static func parse(_ bytes: [UInt8], file: String) throws -> [NetlifyEntry] {
        let text = String(decoding: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var entries: [NetlifyEntry] = []
        for (k, raw) in lines.enumerated() {
            let line = k + 1
            let fields = Self.fields(raw)
            guard let first = fields.first, !first.text.hasPrefix("#") else { continue }
            func fail(_ column: Int, _ message: String) -> ImportError { ImportError(file: file, line: line, column: column, message: message) }
            guard first.text.hasPrefix("/") || first.text.hasPrefix("http://") || first.text.hasPrefix("https://") else {
                throw fail(first.column, "a rule starts with a path (/old) or a URL (https://host/old), found '\(first.text)'")
            }
            // A field starting with '#' ends the rule: the rest of the line is a comment.
            let used = fields.prefix { !$0.text.hasPrefix("#") }
            var entry = NetlifyEntry(from: first.text, to: "", file: file, line: line)
            var i = 1
            while i < used.count, Self.isParameter(used[i].text) {
                let kv = used[i].text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                entry.query.append((String(kv[0]), String(kv[1])))
                i += 1
            }
            guard i < used.count else {
                let end = (used.last.map { $0.column + $0.text.count }) ?? 1
                throw fail(end, "the rule has no destination (FROM TO [STATUS])")
            }
            entry.to = used[i].text
            i += 1
            if i < used.count, let (status, force) = Self.status(used[i].text) {
                entry.status = status
                entry.force = force
                i += 1
            }
            while i < used.count {
                let f = used[i]
                let kv = f.text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                    throw fail(f.column, "expected a status code (301, 302!) or a condition like Country=us,ca, found '\(f.text)'")
                }
                entry.conditions.append((String(kv[0]), kv[1].split(separator: ",").map(String.init)))
                i += 1
            }
            entry.note = ImportFileReader.commentAbove(line, in: lines)
            entries.append(entry)
        }
        return entries
    }

    /// The whitespace-separated fields of a line with their 1-based columns.
    static func fields(_ line: Substring) -> [(text: String, column: Int)] {
        var out: [(String, Int)] = []
        var current = ""
        var start = 0
        var column = 0
        for c in line {
            column += 1
            if c == " " || c == "\t" {
                if !current.isEmpty { out.append((current, start)) }
                current = ""
            } else {
                if current.isEmpty { start = column }
                current.append(c)
            }
        }
        if !current.isEmpty { out.append((current, start)) }
        return out
    }

    /// `id=:id` between FROM and TO: a query parameter to match (a destination never has this shape).
    private static func isParameter(_ f: String) -> Bool {
        !f.hasPrefix("/") && !f.hasPrefix("http://") && !f.hasPrefix("https://") && f.contains("=")
    }

    /// `301`, `302!`: the status and whether the rule is forced.
    private static func status(_ f: String) -> (Int, Bool)? {
        let force = f.hasSuffix("!")
        let digits = force ? f.dropLast() : Substring(f)
        guard digits.count == 3, let n = Int(digits) else { return nil }
        return (n, force)
    }
}
