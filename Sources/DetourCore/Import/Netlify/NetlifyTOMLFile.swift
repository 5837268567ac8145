import TOMLKit

/// Reads the `[[redirects]]` tables of a `netlify.toml` (`from`, `to`, `status`, `force`, `query`,
/// `conditions`). TOMLKit knows where a syntax error is but not where a table is, so each table's
/// line is found by counting the `[[redirects]]` headers in the text; the comment lines above a
/// header become the rule's note.
enum NetlifyTOMLFile {
    static func parse(_ bytes: [UInt8], file: String) throws -> [NetlifyEntry] {
        let text = String(decoding: bytes, as: UTF8.self)
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ImportError(file: file, line: e.source.begin.line, column: e.source.begin.column, message: TOMLErrorMessage.clean(e.description))
        }
        guard let value = root["redirects"] else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let headerLines = lines.indices.filter { lines[$0].trimmingSpacesSub().hasPrefix("[[redirects]]") }.map { $0 + 1 }
        let keyLine = (lines.firstIndex { $0.trimmingSpacesSub().hasPrefix("redirects") && $0.contains("=") } ?? 0) + 1
        guard let array = value.array else {
            throw ImportError(file: file, line: keyLine, column: 1, message: "redirects must be an array of tables ([[redirects]])")
        }
        var entries: [NetlifyEntry] = []
        for k in 0..<array.count {
            let line = k < headerLines.count ? headerLines[k] : keyLine
            func fail(_ message: String) -> ImportError { ImportError(file: file, line: line, column: 1, message: message) }
            guard let table = array[k].table else { throw fail("each redirects entry must be a table") }
            guard let from = table["from"]?.string, !from.isEmpty else { throw fail("this [[redirects]] table has no 'from' string") }
            guard let to = table["to"]?.string, !to.isEmpty else { throw fail("this [[redirects]] table has no 'to' string") }
            var entry = NetlifyEntry(from: from, to: to, file: file, line: line)
            if let s = table["status"] {
                guard let n = s.int else { throw fail("status must be a number like 301") }
                entry.status = n
            }
            if let f = table["force"] {
                guard let b = f.bool else { throw fail("force must be true or false") }
                entry.force = b
            }
            if let q = table["query"] {
                guard let t = q.table else { throw fail("query must be a table like {id = \":id\"}") }
                for name in t.keys.sorted() {
                    guard let v = t[name]?.string else { throw fail("query value of '\(name)' must be a string") }
                    entry.query.append((name, v))
                }
            }
            if let c = table["conditions"] {
                guard let t = c.table else { throw fail("conditions must be a table like {Country = [\"US\"]}") }
                for name in t.keys.sorted() {
                    guard let v = t[name] else { continue }
                    if let a = v.array {
                        entry.conditions.append((name, (0..<a.count).compactMap { a[$0].string }))
                    } else if let s = v.string {
                        entry.conditions.append((name, [s]))
                    } else {
                        throw fail("condition '\(name)' must be a list of strings")
                    }
                }
            }
            if k < headerLines.count { entry.note = ImportFileReader.commentAbove(line, in: lines) }
            entries.append(entry)
        }
        return entries
    }
}
