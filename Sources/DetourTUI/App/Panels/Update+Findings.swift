import DetourCore

// The findings panel (`!`) and the fix preview: jump to a finding's rule, apply its fix as one
// undoable edit, simulate its witness.
extension Editor {
    static func openFindings(_ s: inout AppState) -> [Effect] {
        guard let index = s.findingsIndex else {
            s.status = .info(s.validatingRevision != nil ? "checking the rules…; ! again in a moment" : "no validation results yet")
            return []
        }
        var panel = FindingsPanelState()
        // Start at the selected rule's worst finding, so `!` from a flagged row lands on it.
        if let id = s.selectedRule?.id, let first = index.byRule[id]?.first { panel.selected = first }
        s.mode = .findings(panel)
        clampFindingsPanel(&s)
        if index.sorted.isEmpty { s.status = .info("no findings: every check passes") }
        return []
    }

    /// Rows of the findings list one screen shows (two lines per finding).
    static func findingsPageSize(_ s: AppState) -> Int {
        max(1, FindingsPanelLayout(area: ScreenLayout(size: s.size).formArea).listHeight / 2)
    }

    static func clampFindingsPanel(_ s: inout AppState) {
        guard case .findings(var panel) = s.mode else { return }
        let count = s.findingsIndex?.sorted.count ?? 0
        panel.selected = max(0, min(panel.selected, count - 1))
        let page = findingsPageSize(s)
        if panel.selected < panel.scroll { panel.scroll = panel.selected }
        if panel.selected >= panel.scroll + page { panel.scroll = panel.selected - page + 1 }
        panel.scroll = max(0, min(panel.scroll, max(0, count - page)))
        s.mode = .findings(panel)
    }

    static func findingsKey(_ key: Key, _ panel: FindingsPanelState, _ s: inout AppState) -> [Effect] {
        guard let command = s.keymap.command(for: key, in: .findings) else { return [] }
        var panel = panel
        let sorted = s.findingsIndex?.sorted ?? []
        let selected = panel.selected < sorted.count ? sorted[panel.selected] : nil
        s.status = nil
        switch command {
        case .moveDown: panel.selected += 1
        case .moveUp: panel.selected -= 1
        case .pageDown: panel.selected += findingsPageSize(s)
        case .pageUp: panel.selected -= findingsPageSize(s)
        case .moveToTop: panel.selected = 0
        case .moveToBottom: panel.selected = sorted.count - 1
        case .closePanel:
            s.mode = .table
            return []
        case .jumpToRule:
            guard let finding = selected else { return [] }
            if finding.rules.isEmpty {
                // An import finding: the construct became no rule, its place is in the server config.
                s.status = .info("not imported, no rule to show: \(finding.message)")
                break
            }
            guard let id = finding.rules.first, let i = s.rules.firstIndex(where: { $0.id == id }) else {
                s.status = .error("rule \(finding.rules.first ?? "?") is no longer in the file")
                break
            }
            s.mode = .table
            if let f = s.filter, !f.isEmpty, !f.matches.contains(i) { s.filter = nil }
            select(rule: i, &s)
            s.status = .info("\(finding.check) \(finding.message)")
            return []
        case .previewFix:
            guard let finding = selected else { return [] }
            guard s.findingsAreCurrent else {
                s.status = .info("the findings are being updated after your edit; f again in a moment")
                break
            }
            guard let fix = finding.fix else {
                s.status = .info("\(finding.check) has no automatic fix; enter jumps to the rule")
                break
            }
            guard let preview = fixPreview(finding, fix, panel, s) else {
                s.status = .error("the fix names rules that are no longer in the file")
                break
            }
            s.mode = .fixPreview(preview)
            return []
        case .simulateWitness:
            guard let finding = selected else { return [] }
            guard let request = finding.witness.first else {
                s.status = .info("\(finding.check) has no witness request to simulate")
                break
            }
            return simulateWitness(request, &s)
        default: break
        }
        s.mode = .findings(panel)
        clampFindingsPanel(&s)
        return []
    }

    static func fixPreviewKey(_ key: Key, _ preview: FixPreview, _ s: inout AppState) -> [Effect] {
        switch s.keymap.command(for: key, in: .fixPreview) {
        case .applyFix:
            perform(preview.edit, &s)
            s.mode = .findings(preview.panel)
            clampFindingsPanel(&s)
            s.status = .info("fixed \(preview.finding.check): \(preview.finding.fix?.description ?? "") (u undoes it)")
        case .cancelFix:
            s.mode = .findings(preview.panel)
            s.status = .info("fix not applied")
        default: break
        }
        return []
    }

    /// The fix as one editor edit (a single rule replaced or removed, or the whole list replaced
    /// when it touches several rules), with before/after text for the preview.
    static func fixPreview(_ finding: Finding, _ fix: Fix, _ panel: FindingsPanelState, _ s: AppState) -> FixPreview? {
        var ids: [String] = []
        for e in fix.edits where !ids.contains(e.ruleID) { ids.append(e.ruleID) }
        var indices: [Int] = []
        for id in ids {
            guard let i = s.rules.firstIndex(where: { $0.id == id }) else { return nil }
            indices.append(i)
        }
        indices.sort()
        // Apply the fix to just the rules it names: copying 10⁶ rules for one edit is wasteful.
        let touched = RuleSet(site: s.site, rules: indices.map { s.rules[$0] })
        let fixed = fix.apply(to: touched)
        let after: [String: Rule] = Dictionary(fixed.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let changes = indices.map { i in
            (id: s.rules[i].id, before: ruleSummary(s.rules[i]), after: after[s.rules[i].id].map(ruleSummary))
        }
        let edit: RuleEdit
        if indices.count == 1, let i = indices.first {
            if let new = after[s.rules[i].id] {
                edit = .replace(index: i, old: s.rules[i], new: new)
            } else {
                edit = .remove(index: i, rule: s.rules[i])
            }
        } else {
            var rules = s.rules
            for i in indices.reversed() {
                if let new = after[rules[i].id] { rules[i] = new } else { rules.remove(at: i) }
            }
            edit = .replaceAll(old: s.rules, new: rules)
        }
        return FixPreview(finding: finding, edit: edit, changes: changes, panel: panel)
    }

    /// The fields a fix can change, one per line, for the before/after preview.
    static func ruleSummary(_ r: Rule) -> [String] {
        var lines = [
            "source   \(r.source.text)",
            "target   \(r.target.text)",
            "code     \(r.code.rawValue) \(r.code.reasonPhrase)",
            "cache    \(r.cache.text)",
            "enabled  \(r.enabled ? "yes" : "no")"
        ]
        if let e = r.expires { lines.append("expires  \(e.rfc3339)") }
        return lines
    }
}
