/// Reads a source file for an importer; a file that cannot be read is an `ImportError` naming it.
enum ImportFileReader {
    static func read(_ path: String) throws -> [UInt8] {
        do { return try AtomicFile.read(path) } catch {
            // The failure's own text starts with the path, which the error already names.
            var why = "\(error)"
            if why.hasPrefix(path + ": ") { why.removeFirst(path.count + 2) }
            throw ImportError(file: path, line: 0, column: 0, message: why)
        }
    }

    /// The comment lines directly above `line` (1-based) in `lines`, without their `marker`,
    /// joined by spaces: what becomes an imported rule's note. Nil when there are none.
    static func commentAbove(_ line: Int, in lines: [Substring], marker: Character = "#") -> String? {
        var k = line - 2
        var found: [String] = []
        while k >= 0 {
            let t = lines[k].trimmingSpacesSub()
            guard t.first == marker else { break }
            found.insert(String(t.dropFirst().trimmingSpacesSub()), at: 0)
            k -= 1
        }
        let text = found.filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? nil : text
    }
}
