/// `detour fmt`: the canonical form of a YAML rule file with every comment kept. Site settings and
/// each rule are rewritten (canonical key order, spelling, two-space indentation); a comment moves
/// with the key it stands above or beside; text outside them is left as written.
extension YAMLRuleFile {
    /// The formatted text of this loaded file (see `formatStreaming` for the command's path, which
    /// produces the same bytes without holding the parse tree).
    public func formatted() -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 1)
        // Appending to an array cannot fail.
        try? formatted { result.append(contentsOf: $0) }
        return result
    }

    /// The formatted text of this loaded file, in pieces.
    func formatted(into sink: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var output = FormattedOutput(original: bytes, sink: sink)
        guard case .mapping(let top)? = root?.value else { return try output.finish() }
        var edits: [(Range<Int>, String)] = []
        if let site = top.first(where: { $0.name == "site" }), let edit = formattedSite(site, settings: ruleSet.site) {
            edits.append(edit)
        }
        if let rules = top.first(where: { $0.name == "rules" }), case .sequence(let items) = rules.value.value, !rules.value.isFlow, !items.isEmpty {
            edits.append(formattedRulesKeyLine(rules.key))
            var previousEnd = index.lineEnd(of: rules.key.start)
            for (k, item) in items.enumerated() {
                let text = formattedRuleItem(
                    item, dash: rules.value.dashes[k], rule: ruleSet.rules[k], idWritten: idWritten[k], after: previousEnd, first: k == 0)
                edits.append((previousEnd..<entryEnd(item), text))
                previousEnd = entryEnd(item)
            }
        }
        for (range, text) in edits.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) { try output.replace(range, with: text) }
        try output.finish()
    }

    /// The site block in canonical form, replacing its lines; nil when `site:` is not a mapping.
    func formattedSite(_ site: YAMLEntry, settings: SiteSettings) -> (Range<Int>, String)? {
        guard case .mapping = site.value.value else { return nil }
        let entries = RuleYAMLWriter.siteEntries(settings)
        let block = "site:\n" + formatMapping(site.value, canonical: entries, order: RuleFields.site, indent: 2, firstPrefix: "  ")
        return (index.lineStart(of: site.key.start)..<entryEnd(site.value), block)
    }

    /// The `rules:` line, its trailing comment kept.
    func formattedRulesKeyLine(_ key: YAMLNode) -> (Range<Int>, String) {
        let lineEnd = index.lineEnd(of: key.start)
        return (index.lineStart(of: key.start)..<lineEnd, "rules:" + (trailingComment(after: key.end + 1, before: lineEnd) ?? "") + "\n")
    }

    /// One rule of the block list in canonical form, with what stood between it and the previous
    /// rule (from `previousEnd`): comments stay, runs of blank lines become one, none before the
    /// first rule.
    func formattedRuleItem(_ item: YAMLNode, dash: Int, rule: Rule, idWritten: Bool, after previousEnd: Int, first: Bool) -> String {
        let gap = previousEnd..<index.lineStart(of: dash)
        var out =
            Self.blankGap(bytes[gap], first: first)
            ?? normaliseGap(text(gap), first: first, indent: 2, originalIndent: dash - index.lineStart(of: dash))
        let entries = RuleYAMLWriter.entries(for: rule, writeID: idWritten)
        if rule.isInvalid {
            // A rule that cannot work as written (DT070) stays exactly as typed, for fixing.
            out += text(index.lineStart(of: dash)..<entryEnd(item))
        } else if case .mapping = item.value, !hasComment(in: dash..<entryEnd(item)) {
            // Without comments to place, the canonical mapping is the canonical item.
            out += RuleYAMLWriter.item(entries, indent: 2)
        } else if case .mapping = item.value {
            out += formatMapping(item, canonical: entries, order: RuleFields.rule, indent: 4, firstPrefix: "  - ")
        } else {
            out += RuleYAMLWriter.item(entries, indent: 2)
        }
        return out
    }

    /// `text` with no spaces, tabs or carriage returns at line ends and exactly one final newline.
    static func trimmingLineEnds(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 1)
        var trimmer = LineEndTrimmer()
        let append: (UnsafeBufferPointer<UInt8>) -> Void = { out.append(contentsOf: $0) }
        text.withUnsafeBufferPointer { trimmer.feed($0, into: append) }
        trimmer.finish(into: append)
        return out
    }

    /// `normaliseGap` of a gap of nothing but spaces, tabs and line breaks (what stands between the
    /// rules of a formatted file), read from the bytes without splitting a string: one blank line,
    /// none before the first rule. nil for any other gap.
    static func blankGap(_ gap: ArraySlice<UInt8>, first: Bool) -> String? {
        var lineBreak = false
        for b in gap {
            if b == 0x0a {
                lineBreak = true
            } else if b != 0x20 && b != 0x09 {
                return nil
            }
        }
        return lineBreak && !first ? "\n" : ""
    }

    /// Whether a comment starts inside `range`.
    func hasComment(in range: Range<Int>) -> Bool {
        let k = firstComment(from: range.lowerBound)
        return k < comments.count && comments[k].lowerBound < range.upperBound
    }

    func normaliseGap(_ gap: String, first: Bool, indent: Int, originalIndent: Int) -> String {
        var out = ""
        var blank = false
        for line in gap.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let t = line.trimmingSpacesSub()
            if t.isEmpty {
                blank = true
                continue
            }
            if blank && !(first && out.isEmpty) { out += "\n" }
            blank = false
            // A comment indented under the rule above stays with that rule.
            let deeper = line.prefix(while: { $0 == " " }).count > originalIndent
            out += String(repeating: " ", count: deeper ? indent + 2 : indent) + t + "\n"
        }
        if blank && !first { out += "\n" }
        return out
    }

    /// A mapping in canonical form: each canonical entry preceded by the comments that stood above
    /// (or inside) its original, its trailing comment kept on its line.
    func formatMapping(_ node: YAMLNode, canonical: [RuleYAMLWriter.Entry], order: [String], indent: Int, firstPrefix: String) -> String {
        guard case .mapping(let entries) = node.value else { return "" }
        let pad = String(repeating: " ", count: indent)
        var leading: [String: [String]] = [:]
        var trailing: [String: String] = [:]
        var orphan: [String] = []
        var verbatim: [String: [String]] = [:]
        var spanStart = entries.first?.key.start ?? node.start
        for e in entries {
            let end = entryEnd(e.value.isNull ? e.key : e.value)
            let valueEnd = e.value.isNull ? e.key.end : e.value.end
            let t = trailingComment(after: valueEnd, before: end)
            var above = comments(in: spanStart..<end, except: t).map { text($0) }
            if let c = canonical.first(where: { $0.key == e.name }), let kept = keptBlock(e, canonical: c, indent: indent) {
                // Already canonical but for comments inside it: keep those comments where they stand.
                verbatim[e.name] = kept
                above = comments(in: spanStart..<index.lineStart(of: e.key.start), except: nil).map { text($0) }
            }
            if canonical.contains(where: { $0.key == e.name }) {
                leading[e.name] = orphan + above
                orphan = []
                if let t { trailing[e.name] = t }
            } else {
                // A default-valued field disappears; its comments go to the next entry written.
                orphan += above + (t.map { [$0.trimmingSpaces()] } ?? [])
            }
            spanStart = end
        }
        var out = ""
        for (n, e) in canonical.enumerated() {
            for c in leading[e.key] ?? [] { out += (n == 0 ? String(repeating: " ", count: indent - 2) : pad) + c + "\n" }
            if let kept = verbatim[e.key] {
                for (k, line) in kept.enumerated() { out += (n == 0 && k == 0 ? firstPrefix : (k == 0 ? pad : "")) + line + "\n" }
                continue
            }
            for (k, line) in e.lines.enumerated() {
                let prefix = n == 0 && k == 0 ? firstPrefix : (line.isEmpty ? "" : pad)
                out += prefix + line
                if k == e.lines.count - 1, let t = trailing[e.key] { out += t }
                out += "\n"
            }
        }
        for c in orphan { out += pad + c + "\n" }
        return out
    }

    /// The lines of a block-valued entry (like `examples:` or `when:`) re-indented to `indent`, when
    /// its content is already canonical and only comments stand inside it; nil otherwise.
    private func keptBlock(_ e: YAMLEntry, canonical: RuleYAMLWriter.Entry, indent: Int) -> [String]? {
        guard !e.value.isFlow, canonical.lines.count > 1 else { return nil }
        switch e.value.value {
        case .scalar: return nil
        default: break
        }
        let start = index.lineStart(of: e.key.start)
        let end = entryEnd(e.value)
        let inner = comments(in: (e.key.start + 1)..<end, except: nil)
        guard !inner.isEmpty else { return nil }
        let base = e.key.start - start
        var content: [String] = []
        var kept: [String] = []
        var lineStart = start
        for lineEnd in index.lineStarts.drop(while: { $0 <= start }).prefix(while: { $0 <= end }) {
            let raw = text(lineStart..<(lineEnd - 1))
            let leadingSpaces = raw.prefix(while: { $0 == " " }).count
            let body = raw.dropFirst(leadingSpaces)
            let relative = String(repeating: " ", count: max(0, leadingSpaces - base))
            if body.hasPrefix("#") {
                kept.append(relative + body)
            } else {
                var code = Substring(body)
                if let c = inner.first(where: { $0.lowerBound >= lineStart + leadingSpaces && $0.lowerBound < lineEnd }) {
                    code = code.prefix(c.lowerBound - lineStart - leadingSpaces)
                }
                while code.last == " " { code = code.dropLast() }
                content.append(relative + code)
                kept.append(relative + body)
            }
            lineStart = lineEnd
        }
        guard content == canonical.lines else { return nil }
        let pad = String(repeating: " ", count: indent)
        return kept.enumerated().map { k, l in k == 0 ? l : (l.isEmpty ? "" : pad + l) }
    }
}
