/// `detour fmt`: the canonical form of a YAML rule file with every comment kept. Site settings and
/// each rule are rewritten (canonical key order, spelling, two-space indentation); a comment moves
/// with the key it stands above or beside; text outside them is left as written.
extension YAMLRuleFile {
    public func formatted() -> [UInt8] {
        guard case .mapping(let top)? = root?.value else { return bytes }
        var edits: [(Range<Int>, String)] = []
        if let site = top.first(where: { $0.name == "site" }), case .mapping = site.value.value {
            let entries = RuleYAMLWriter.siteEntries(ruleSet.site)
            let block = "site:\n" + formatMapping(site.value, canonical: entries, order: RuleFields.site, indent: 2, firstPrefix: "  ")
            edits.append((index.lineStart(of: site.key.start)..<entryEnd(site.value), block))
        }
        if let rules = top.first(where: { $0.name == "rules" }), case .sequence(let items) = rules.value.value, !rules.value.isFlow, !items.isEmpty {
            var out = ""
            var previousEnd = index.lineEnd(of: rules.key.start)
            for (k, item) in items.enumerated() {
                let dash = rules.value.dashes[k]
                // Comments between rules stay; runs of blank lines become one, none before the first rule.
                let between = text(previousEnd..<index.lineStart(of: dash))
                out += normaliseGap(between, first: k == 0, indent: 2, originalIndent: dash - index.lineStart(of: dash))
                let rule = ruleSet.rules[k]
                let entries = RuleYAMLWriter.entries(for: rule, writeID: idWritten[k])
                if rule.isInvalid {
                    // A rule that cannot work as written (DT070) stays exactly as typed, for fixing.
                    out += text(index.lineStart(of: dash)..<entryEnd(item))
                } else if case .mapping = item.value {
                    out += formatMapping(item, canonical: entries, order: RuleFields.rule, indent: 4, firstPrefix: "  - ")
                } else {
                    out += RuleYAMLWriter.item(entries, indent: 2)
                }
                previousEnd = entryEnd(item)
            }
            edits.append((index.lineEnd(of: rules.key.start)..<previousEnd, out))
            edits.append(
                (
                    index.lineStart(of: rules.key.start)..<index.lineEnd(of: rules.key.start),
                    "rules:" + (trailingComment(after: rules.key.end + 1, before: index.lineEnd(of: rules.key.start)) ?? "") + "\n"
                ))
        }
        return Self.trimmingLineEnds(apply(edits))
    }

    /// `text` with no spaces, tabs or carriage returns at line ends and exactly one final newline,
    /// in one pass over the bytes (a 10⁶-rule file is about 100 MB).
    static func trimmingLineEnds(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 1)
        var contentEnd = 0
        text.withUnsafeBufferPointer { bytes in
            var lineStart = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0a { lineEnd += 1 }
                var end = lineEnd
                while end > lineStart, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0d { end -= 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                // Blank lines at the very end are dropped: remember where the last non-blank one ended.
                if end > lineStart { contentEnd = out.count + 1 }
                out.append(0x0a)
                lineStart = lineEnd + 1
            }
        }
        out.removeSubrange(contentEnd...)
        if out.isEmpty { out.append(0x0a) }
        return out
    }

    private func normaliseGap(_ gap: String, first: Bool, indent: Int, originalIndent: Int) -> String {
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
    private func formatMapping(_ node: YAMLNode, canonical: [RuleYAMLWriter.Entry], order: [String], indent: Int, firstPrefix: String) -> String {
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
