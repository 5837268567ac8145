/// Reads a Vercel bulk redirects file (`bulkRedirectsPath` of vercel.json): a JSON array of
/// objects, or JSON Lines (one object a line), each with `source`, `destination` and optionally
/// `permanent`, `statusCode`, `caseSensitive` and `query` (vercel.com/docs/redirects/bulk-redirects).
/// Every entry is an exact path; the defaults are Vercel's: 307, case-insensitive, query dropped.
enum VercelBulkFile {
    struct Entry {
        let source: String
        let destination: String
        let status: Int
        let caseSensitive: Bool
        let keepsQuery: Bool
        let line: Int
    }

    static func parse(_ bytes: [UInt8], file: String) throws -> [Entry] {
        if file.hasSuffix(".csv") {
            throw ImportError(
                file: file, line: 1, column: 1, message: "CSV bulk redirect files are not read yet; write the bulk redirects as JSON or JSONL")
        }
        if file.hasSuffix(".jsonl") {
            var out: [Entry] = []
            var start = 0
            var line = 1
            for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0a {
                let piece = Array(bytes[start..<i])
                if piece.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0d }) {
                    let node = try PositionedJSON.parse(piece, file: file)
                    out.append(try entry(node, file: file, line: line))
                }
                start = i + 1
                line += 1
            }
            return out
        }
        let root = try PositionedJSON.parse(bytes, file: file)
        guard let items = root.array else {
            throw ImportError(
                file: file, line: root.line, column: root.column, message: "a bulk redirects file is a list of objects, found \(root.kindName)")
        }
        return try items.map { try entry($0, file: file, line: $0.line) }
    }

    private static func entry(_ node: ConfigNode, file: String, line: Int) throws -> Entry {
        func fail(_ n: ConfigNode, _ message: String) -> ImportError { ImportError(file: file, line: line, column: n.column, message: message) }
        guard node.entries != nil else { throw fail(node, "each bulk redirect must be an object, found \(node.kindName)") }
        guard let s = node["source"], case .string(let source) = s.value else { throw fail(node, "this bulk redirect has no \"source\" string") }
        guard let d = node["destination"], case .string(let destination) = d.value else {
            throw fail(node, "this bulk redirect has no \"destination\" string")
        }
        func flag(_ key: String) throws -> Bool? {
            guard let v = node[key] else { return nil }
            guard let b = v.bool else { throw fail(v, "\(key) must be true or false, found \(v.kindName)") }
            return b
        }
        var status = try flag("permanent") == true ? 308 : 307
        if let c = node["statusCode"] {
            guard let n = c.int else { throw fail(c, "statusCode must be a number, found \(c.kindName)") }
            status = n
        }
        let caseSensitive = try flag("caseSensitive") ?? false
        let keepsQuery = try flag("query") ?? false
        return Entry(source: source, destination: destination, status: status, caseSensitive: caseSensitive, keepsQuery: keepsQuery, line: line)
    }
}
