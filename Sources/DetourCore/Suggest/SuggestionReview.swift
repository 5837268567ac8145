/// A `detour suggest` file read back for review beside the rule file: each rule with the
/// confidence, reason, hits and covered paths its comments give (`SuggestionFile` writes them).
/// A hand-edited file without those comments still opens; its rules just have no confidence.
public struct SuggestionReview: Sendable {
    /// One suggested rule and what its comments say about it.
    public struct Item: Sendable {
        public var rule: Rule
        /// The line of the rule in the suggestions file.
        public var line: Int
        /// nil when the file has no `# confidence …` comment above the rule.
        public var confidence: Double?
        public var why: String?
        /// Hits in the log the comment names (all covered paths together).
        public var hits: Int?
        /// The logged 404 paths the rule sends somewhere, with hits; for a single-path rule, its
        /// own source. Paths the comment left out (`… N more`) are counted in `unlistedCovers`.
        public var covers: [RuleSuggestion.Covered]
        public var unlistedCovers: Int

        /// The confidence as the file writes it ("0.95").
        public var confidenceText: String? { confidence.map(PageMatcher.twoDecimals) }
    }

    public let path: String
    public var items: [Item]

    /// Reads the suggestions in `bytes` (YAML, as `detour suggest -o` writes it). Throws
    /// `RuleFileError` with positions, like any rule file.
    public init(path: String, bytes: [UInt8]) throws {
        self.path = path
        let set = try RuleFileDocument(path: path, bytes: bytes).ruleSet
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        items = set.rules.enumerated().map { i, rule in
            SuggestionReview.item(rule, line: set.lines[i], comments: SuggestionReview.comments(above: set.lines[i], in: lines))
        }
    }

    /// The comment lines right above line `line` (1-based), top first.
    static func comments(above line: Int, in lines: [String]) -> [String] {
        var out: [String] = []
        var k = line - 2
        while k >= 0, k < lines.count {
            let trimmed = lines[k].drop { $0 == " " }
            guard trimmed.hasPrefix("#") else { break }
            out.insert(String(trimmed.dropFirst()), at: 0)
            k -= 1
        }
        return out
    }

    static func item(_ rule: Rule, line: Int, comments: [String]) -> Item {
        var item = Item(rule: rule, line: line, confidence: nil, why: nil, hits: nil, covers: [], unlistedCovers: 0)
        for comment in comments {
            let text = comment.trimmingLeadingSpaces
            if text.hasPrefix("confidence "), let colon = text.firstIndex(of: ":") {
                item.confidence = Double(text[text.index(text.startIndex, offsetBy: 11)..<colon])
                var rest = String(text[text.index(after: colon)...]).trimmingLeadingSpaces
                if let semicolon = rest.range(of: "; ", options: .backwards) {
                    let tail = rest[semicolon.upperBound...]
                    if tail.hasSuffix(" in the log"), let n = Int(tail.split(separator: " ").first ?? "") {
                        item.hits = n
                        rest = String(rest[..<semicolon.lowerBound])
                    }
                }
                item.why = rest
            } else if text.hasPrefix("… "), text.hasSuffix(" more"), let n = Int(text.dropFirst(2).split(separator: " ").first ?? "") {
                item.unlistedCovers = n
            } else if let covered = covered(text) {
                item.covers.append(covered)
            }
        }
        if item.covers.isEmpty, case .exact(let path) = rule.source.kind, let hits = item.hits {
            item.covers = [RuleSuggestion.Covered(path: path, hits: hits, target: rule.target.text)]
        }
        return item
    }

    /// `PATH (HITS) → TARGET`.
    static func covered(_ text: String) -> RuleSuggestion.Covered? {
        guard let arrow = text.range(of: " → "), let open = text[..<arrow.lowerBound].range(of: " (", options: .backwards),
            text[..<arrow.lowerBound].hasSuffix(")"), let hits = Int(text[open.upperBound..<text.index(before: arrow.lowerBound)])
        else { return nil }
        return RuleSuggestion.Covered(path: String(text[..<open.lowerBound]), hits: hits, target: String(text[arrow.upperBound...]))
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
