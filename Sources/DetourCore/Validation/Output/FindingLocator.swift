/// Finds where in a YAML rule file a finding points: the line of the field it is about inside the
/// rule (`target:` …), or the rule's first line, with the column of the key.
public struct FindingLocator: Sendable {
    let lines: [[UInt8]]
    let isYAML: Bool

    public init(fileBytes: [UInt8], isYAML: Bool) {
        lines = fileBytes.split(separator: 0x0a, omittingEmptySubsequences: false).map(Array.init)
        self.isYAML = isYAML
    }

    /// 1-based (line, column).
    public func locate(_ f: Finding) -> (line: Int, column: Int) {
        if let p = f.position { return (p.line, p.column) }
        let start = f.line
        guard start >= 1, start <= lines.count else { return (max(start, 1), 1) }
        let first = indent(lines[start - 1])
        guard isYAML, let field = f.field else { return (start, first + 1) }
        let dash = first
        // The rule's keys sit after "- " on the first line and at dash+2 on the following lines.
        let key = Array((field.rawValue + ":").utf8)
        if Array(lines[start - 1].dropFirst(dash + 2)).starts(with: key) { return (start, dash + 3) }
        var n = start
        while n < lines.count {
            let l = lines[n]
            let ind = indent(l)
            let blank = ind == l.count || l[ind] == 0x23
            if !blank && ind <= dash { break }
            if ind == dash + 2, Array(l.dropFirst(ind)).starts(with: key) { return (n + 1, ind + 1) }
            n += 1
        }
        return (start, first + 1)
    }

    private func indent(_ l: [UInt8]) -> Int { l.prefix { $0 == 0x20 }.count }
}
