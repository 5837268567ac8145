/// A YAML rule file as loaded: the original bytes, their parse tree and the rules read from them.
/// It renders an edited `RuleSet` back by splicing: unchanged rules keep their exact text, changed
/// rules change only the lines of the changed fields, comments and blank lines stay where they were.
public struct YAMLRuleFile: Sendable {
    public let file: String
    public let bytes: [UInt8]
    public let ruleSet: RuleSet
    let root: YAMLNode?
    let index: LineIndex
    let comments: [Range<Int>]
    /// Whether each loaded rule had an `id:` written (parallel to `ruleSet.rules`).
    let idWritten: [Bool]
    /// The rule item nodes, parallel to `ruleSet.rules`.
    let ruleNodes: [YAMLNode]

    /// Parses and reads `bytes`; throws `RuleFileError` with every problem found.
    public static func parse(_ bytes: [UInt8], file: String) throws -> YAMLRuleFile {
        let index = LineIndex(bytes)
        try checkText(bytes, file: file, index: index)
        var parser = YAMLParser(bytes)
        let root: YAMLNode?
        do { root = try parser.parse() } catch let e as YAMLSyntaxError {
            throw syntaxError(e, file: file, index: index)
        }
        var reader = YAMLRuleReader(file: file, index: index)
        let set = reader.read(root: root)
        if !reader.diagnostics.isEmpty { throw RuleFileError(reader.diagnostics) }
        var nodes: [YAMLNode] = []
        if case .mapping(let entries)? = root?.value, let rules = entries.first(where: { $0.name == "rules" }),
            case .sequence(let items) = rules.value.value
        {
            nodes = items
        }
        return YAMLRuleFile(
            file: file, bytes: bytes, ruleSet: set, root: root, index: index, comments: parser.comments.sorted { $0.lowerBound < $1.lowerBound },
            idWritten: reader.idWritten, ruleNodes: nodes)
    }

    /// Refuses text that is not UTF-8 or holds a NUL byte, before any parsing.
    static func checkText(_ bytes: [UInt8], file: String, index: LineIndex) throws {
        if let bad = ByteScan.firstInvalidUTF8(bytes) {
            let p = index.position(of: bad)
            throw RuleFileError([
                Diagnostic(
                    file: file, line: p.line, column: p.column,
                    message: "the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true).leftPadded(2)))")
            ])
        }
        if let nul = bytes.firstIndex(of: 0) {
            let p = index.position(of: nul)
            throw RuleFileError([Diagnostic(file: file, line: p.line, column: p.column, message: "the file contains a NUL byte; is it a text file?")])
        }
    }

    static func syntaxError(_ e: YAMLSyntaxError, file: String, index: LineIndex) -> RuleFileError {
        let p = index.position(of: min(e.offset, index.bytes.count))
        return RuleFileError([Diagnostic(file: file, line: p.line, column: p.column, message: e.message)])
    }

    // MARK: - Rendering an edited rule set

    /// The file text for `new`: this file's text with only what changed rewritten. Rules are matched
    /// to the loaded ones by id.
    public func render(_ new: RuleSet) -> [UInt8] {
        guard case .mapping(let top)? = root?.value else {
            return Array(RuleYAMLWriter.document(new).utf8)
        }
        var edits: [(Range<Int>, String)] = []

        // Site settings: splice changed fields.
        if new.site != ruleSet.site {
            if let siteEntry = top.first(where: { $0.name == "site" }), case .mapping = siteEntry.value.value, !siteEntry.value.isFlow {
                let changed = RuleFields.site.filter {
                    RuleYAMLWriter.siteEntry(new.site, field: $0) != RuleYAMLWriter.siteEntry(ruleSet.site, field: $0)
                }
                let text = spliceMapping(
                    siteEntry.value, head: nil, changedKeys: changed,
                    entry: { RuleYAMLWriter.siteEntry(new.site, field: $0) }, order: RuleFields.site)
                edits.append((siteEntry.value.start..<entryEnd(siteEntry.value), text ?? ""))
            } else {
                let block = "site:\n" + RuleYAMLWriter.siteEntries(new.site).flatMap { $0.lines.map { "  " + $0 + "\n" } }.joined()
                if let siteEntry = top.first(where: { $0.name == "site" }) {
                    edits.append((index.lineStart(of: siteEntry.key.start)..<entryEnd(siteEntry.value), block))
                } else {
                    edits.append((0..<0, block))
                }
            }
        }

        // Rules.
        if let rulesEntry = top.first(where: { $0.name == "rules" }), case .sequence(let items) = rulesEntry.value.value,
            !rulesEntry.value.isFlow, !items.isEmpty
        {
            let seq = rulesEntry.value
            let seqIndent = seq.dashes[0] - index.lineStart(of: seq.dashes[0])
            let keyIndent = items[0].start - index.lineStart(of: items[0].start)
            let regionStart = index.lineEnd(of: rulesEntry.key.start)
            var chunkStarts: [Int] = []
            var chunkEnds: [Int] = []
            for (k, item) in items.enumerated() {
                chunkStarts.append(k == 0 ? regionStart : chunkEnds[k - 1])
                chunkEnds.append(entryEnd(item))
            }
            let separator = items.count > 1 && isBlankLine(chunkStarts[1]) ? "\n" : ""
            var byID: [String: Int] = [:]
            for (k, r) in ruleSet.rules.enumerated() where k < items.count { byID[r.id] = k }
            var out = ""
            for (n, rule) in new.rules.enumerated() {
                if let k = byID[rule.id] {
                    let original = ruleSet.rules[k]
                    let leading = text(chunkStarts[k]..<index.lineStart(of: seq.dashes[k]))
                    // A rule moved to the top keeps its own leading comment but must not start with a blank line.
                    let lead =
                        n == 0 && k != 0
                        ? String(leading.drop(while: { $0 == "\n" }))
                        : (n != 0 && k == 0 && !separator.isEmpty && !leading.hasPrefix("\n") ? separator + leading : leading)
                    if rule == original {
                        out += lead + text(index.lineStart(of: seq.dashes[k])..<chunkEnds[k])
                    } else {
                        let writeID = idWritten[k] || rule.id != original.id
                        // A field that did not parse and now does is written anew: its old text is
                        // not what the rule's value says.
                        let fixed = Set(original.problems.map(\.key)).subtracting(rule.problems.map(\.key))
                        let changed = RuleFields.rule.filter {
                            fixed.contains($0)
                                || RuleYAMLWriter.entry(rule, field: $0, writeID: writeID)
                                    != RuleYAMLWriter.entry(original, field: $0, writeID: idWritten[k])
                        }
                        let head = text(index.lineStart(of: seq.dashes[k])..<items[k].start)
                        if case .mapping = items[k].value, !items[k].isFlow,
                            let body = spliceMapping(
                                items[k], head: head, changedKeys: changed,
                                entry: { RuleYAMLWriter.entry(rule, field: $0, writeID: writeID) }, order: RuleFields.rule)
                        {
                            out += lead + head + body
                        } else {
                            out +=
                                lead
                                + RuleYAMLWriter.item(RuleYAMLWriter.entries(for: rule, writeID: writeID), indent: seqIndent, keyIndent: keyIndent)
                        }
                    }
                } else {
                    out += (n == 0 ? "" : separator) + RuleYAMLWriter.item(RuleYAMLWriter.entries(for: rule), indent: seqIndent, keyIndent: keyIndent)
                }
            }
            var region = regionStart..<chunkEnds.last!
            if new.rules.isEmpty {
                // An empty block list is not YAML: write `rules: []` on the key line.
                region = rulesEntry.key.start..<chunkEnds.last!
                out = "rules: []\n"
            }
            edits.append((region, out))
        } else {
            let body =
                new.rules.isEmpty
                ? "rules: []\n"
                : "rules:\n"
                    + new.rules.enumerated().map { (n, r) in
                        (n == 0 ? "" : "\n") + RuleYAMLWriter.item(RuleYAMLWriter.entries(for: r), indent: 2)
                    }.joined()
            if let rulesEntry = top.first(where: { $0.name == "rules" }) {
                if !rulesEntry.value.isFlow, case .sequence = rulesEntry.value.value {
                } else if rulesEntry.value.isNull || rulesEntry.value.isFlow || ruleSet.rules.isEmpty {
                    edits.append(
                        (index.lineStart(of: rulesEntry.key.start)..<entryEnd(rulesEntry.value.isNull ? rulesEntry.key : rulesEntry.value), body))
                }
                if case .sequence(let items) = rulesEntry.value.value, items.isEmpty, !rulesEntry.value.isFlow {
                    edits.append((index.lineStart(of: rulesEntry.key.start)..<entryEnd(rulesEntry.value), body))
                }
            } else {
                let needsBreak = !bytes.isEmpty && bytes.last != 0x0a
                edits.append((bytes.count..<bytes.count, (needsBreak ? "\n" : "") + body))
            }
        }
        return apply(edits)
    }

    func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

    func isBlankLine(_ offset: Int) -> Bool {
        var k = offset
        while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0d { k += 1 }
        return k < bytes.count && bytes[k] == 0x0a
    }

    /// Offset just past the line where a node's content ends (its trailing comment included).
    func entryEnd(_ node: YAMLNode) -> Int {
        node.end == 0 ? 0 : index.lineEnd(of: max(node.end - 1, node.start))
    }

    func apply(_ edits: [(Range<Int>, String)]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        // A byte order mark stays first: an edit of the first line starts after it.
        let floor = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var pos = 0
        for (range, replacement) in edits.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            let lower = max(range.lowerBound, floor)
            out.append(contentsOf: bytes[pos..<lower])
            out.append(contentsOf: replacement.utf8)
            pos = max(range.upperBound, lower)
        }
        out.append(contentsOf: bytes[pos...])
        return out
    }

    /// The text of a block mapping from its first key to the end of its last line, with the entries
    /// named in `changedKeys` rewritten, inserted or removed and everything else left as it was.
    /// `head` is the text before the first key on its line (indentation or `- `). Returns nil when
    /// the mapping cannot be spliced (the first entry would vanish or something must go before it).
    func spliceMapping(
        _ node: YAMLNode, head: String?, changedKeys: [String],
        entry: (String) -> RuleYAMLWriter.Entry?, order: [String]
    ) -> String? {
        guard case .mapping(let entries) = node.value, !entries.isEmpty else { return nil }
        let changed = Set(changedKeys)
        let keyIndent = entries[0].key.start - index.lineStart(of: entries[0].key.start)
        let pad = String(repeating: " ", count: keyIndent)
        func lines(_ e: RuleYAMLWriter.Entry) -> String {
            e.lines.enumerated().map { (k, l) in k == 0 ? l : (l.isEmpty ? "" : pad + l) }.joined(separator: "\n")
        }
        let present = Set(entries.map(\.name))
        // Keys to add go after the last present key that precedes them in canonical order.
        var inserts: [String: [RuleYAMLWriter.Entry]] = [:]
        for key in order where changed.contains(key) && !present.contains(key) {
            guard let e = entry(key) else { continue }
            let rank = order.firstIndex(of: key)!
            guard let anchor = entries.last(where: { (order.firstIndex(of: $0.name) ?? Int.max) < rank }) else { return nil }
            inserts[anchor.name, default: []].append(e)
        }
        var out = ""
        var spanStart = entries[0].key.start
        for (j, e) in entries.enumerated() {
            let end = entryEnd(e.value.isNull ? e.key : e.value)
            let keyLineStart = j == 0 ? spanStart : index.lineStart(of: e.key.start)
            if changed.contains(e.name) {
                let valueEnd = e.value.isNull ? e.key.end : e.value.end
                let trailing = trailingComment(after: valueEnd, before: end)
                // Comments inside a rewritten value move above its key, so none is lost.
                let inner = comments(in: (e.key.start + 1)..<end, except: trailing)
                if let replacement = entry(e.name) {
                    out += text(spanStart..<keyLineStart)
                    if j > 0 {
                        for c in inner { out += pad + text(c) + "\n" }
                        out += text(keyLineStart..<e.key.start)
                    } else if !inner.isEmpty {
                        return nil
                    }
                    out += lines(replacement)
                    if let c = trailing {
                        if replacement.lines.count == 1 { out += c } else { out = out.replacingFirstLineEnd(after: e.name, with: c) }
                    }
                    out += "\n"
                } else {
                    if j == 0 { return nil }
                    out += text(spanStart..<keyLineStart)
                    for c in inner { out += pad + text(c) + "\n" }
                    if let t = trailing { out += pad + t.trimmingSpaces() + "\n" }
                }
            } else {
                out += text(spanStart..<end)
            }
            for ins in inserts[e.name] ?? [] { out += pad + lines(ins) + "\n" }
            spanStart = end
        }
        return out
    }

    /// A comment on the same line after `offset` (up to `limit`), with the spaces before it.
    func trailingComment(after offset: Int, before limit: Int) -> String? {
        let k = firstComment(from: offset)
        guard k < comments.count, comments[k].lowerBound < limit,
            index.line(of: comments[k].lowerBound) == index.line(of: max(offset - 1, 0))
        else { return nil }
        return text(offset..<comments[k].upperBound)
    }

    /// The comment ranges inside `range` other than the one ending at `trailingEnd`.
    func comments(in range: Range<Int>, except trailing: String?) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var k = firstComment(from: range.lowerBound)
        // Comments are in file order: only those starting inside the range are looked at.
        while k < comments.count, comments[k].lowerBound < range.upperBound {
            let c = comments[k]
            if !(trailing?.hasSuffix(text(c)) ?? false && index.line(of: c.lowerBound) == index.line(of: range.upperBound - 1)) { found.append(c) }
            k += 1
        }
        return found
    }

    /// The index of the first comment starting at or after `offset` (binary search).
    func firstComment(from offset: Int) -> Int {
        var lo = 0
        var hi = comments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if comments[mid].lowerBound < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension String {
    /// Appends `suffix` to the line that starts with `key:` (the last such line), for a trailing
    /// comment that belonged to a key whose value now spans several lines.
    func replacingFirstLineEnd(after key: String, with suffix: String) -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let k = lines.lastIndex(where: { $0.trimmingSpaces().hasPrefix(key + ":") }) else { return self + suffix }
        lines[k] += suffix
        return lines.joined(separator: "\n")
    }
}
