import DetourCore

/// Everything about the selected rule, below the table.
struct DetailPane {
    let state: AppState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        guard area.height >= 3 else { return }
        let s = state
        let theme = s.theme
        guard let index = s.selectedIndex else {
            Box.draw(area, title: "no rule selected", border: theme[.detailBorder], titleStyle: theme[.detailLabel], into: &buffer)
            return
        }
        let rule = s.rules[index]
        Box.draw(
            area, title: "\(rule.id) — rule \(index + 1) of \(s.rules.count)", border: theme[.detailBorder], titleStyle: theme[.detailLabel],
            into: &buffer)
        let inner = area.inset(1)
        var lines = detailLines(rule)
        // The rule's findings go right under source and target, where a short pane still shows them.
        let findings = s.findingsIndex?.findings(forRule: rule.id) ?? []
        if findings.isEmpty, rule.isInvalid {
            // Known from the file before any validation has run: what keeps the rule from working.
            lines.insert(contentsOf: rule.problems.prefix(3).map { [("\(Severity.error.glyph) DT070", $0.message)] }, at: min(2, lines.count))
        } else if !findings.isEmpty {
            let shown = findings.prefix(3).map { [("\($0.severity.glyph) \($0.check)", $0.message)] }
            var more: [[(String, String)]] = []
            if findings.count > 3 { more = [[("", "… \(findings.count - 3) more; ! lists them all")]] }
            lines.insert(contentsOf: shown + more, at: min(2, lines.count))
        }
        for (k, line) in lines.prefix(inner.height).enumerated() {
            var x = inner.x + 1
            for (n, (label, value)) in line.enumerated() {
                if n > 0 { x += 2 }
                // First labels line up in an 8-column gutter; a longer one ("examples") still gets its space.
                let labelText = Truncation.pad(label, width: n == 0 ? max(8, TextWidth.of(label) + 1) : TextWidth.of(label) + 1)
                x += buffer.write(labelText, x: x, y: inner.y + k, maxWidth: inner.maxX - x, style: theme[.detailLabel])
                x += buffer.write(value, x: x, y: inner.y + k, maxWidth: max(0, inner.maxX - x - 1), style: theme[.detailValue])
            }
        }
    }

    /// Label/value pairs per line, most important first, so a short pane shows what matters.
    func detailLines(_ r: Rule) -> [[(String, String)]] {
        var lines: [[(String, String)]] = []
        var kind: String =
            switch r.source.kind {
            case .exact: "exact"
            case .prefix: "prefix"
            case .regex: "regex"
            }
        if r.problems.contains(where: { $0.field == "source" }) { kind = "does not parse" }
        lines.append([("source", r.source.text + "  (\(kind)" + ((r.writtenHostText ?? r.host?.description).map { ", host \($0)" } ?? "") + ")")])
        lines.append([("target", r.target.text)])
        if let typed = r.problems.first(where: { $0.field == "code" })?.text {
            lines.append([("code", "\(typed) — not a redirect code this rule can use")])
        } else {
            lines.append([
                ("code", "\(r.code.rawValue) \(r.code.reasonPhrase) — \(r.code.isPermanent ? "permanent" : "temporary"), \(r.code.methodBehaviour)")
            ])
        }
        var flags: [(String, String)] = [("methods", r.methods?.joined(separator: ", ") ?? "all")]
        flags.append(("query", r.query.rawValue))
        flags.append(("cache", r.cache.text))
        flags.append(("enabled", r.enabled ? "yes" : "no"))
        lines.append(flags)
        var timing: [(String, String)] = [("rollout", r.rollout.map { "\($0.percentText)% by \($0.key)" } ?? "100%")]
        if let t = r.starts { timing.append(("starts", t.rfc3339)) }
        if let t = r.expires { timing.append(("expires", t.rfc3339)) }
        lines.append(timing)
        if !r.allConditions.isEmpty { lines.append([("when", ConditionText.format(r.allConditions))]) }
        if let n = r.note { lines.append([("note", n)]) }
        var who: [(String, String)] = []
        if let o = r.owner { who.append(("owner", o)) }
        if !r.tags.isEmpty { who.append(("tags", r.tags.joined(separator: ", "))) }
        if !r.examples.isEmpty { who.append(("examples", String(r.examples.count))) }
        if !who.isEmpty { lines.append(who) }
        return lines
    }
}
