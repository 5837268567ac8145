/// What the format detectors share: a configuration's directive lines (comments and blank lines
/// dropped, leading blanks trimmed), looked at only in the first part of a large file.
enum ImportDetection {
    static func directiveLines(_ contents: String, limit: Int = 400) -> [Substring] {
        var out: [Substring] = []
        for raw in contents.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingSpacesSub()
            if line.isEmpty || line.hasPrefix("#") { continue }
            out.append(line)
            if out.count >= limit { break }
        }
        return out
    }

    /// The first word of a line, lower-cased.
    static func firstWord(_ line: Substring) -> String {
        String(line.prefix { $0 != " " && $0 != "\t" && $0 != "{" && $0 != ";" }).lowercased()
    }
}
