import DetourCore

/// `detour edit site.conf` (issue 16 §6): the rules a server configuration imports to, edited as
/// a new Detour file (`site.detour.yaml`) that does not exist yet — so the first save writes it
/// and never the server config — with each construct the import could not carry in the findings
/// panel, next to the validator's findings.
extension AppState {
    public init(imported opened: ImportOpening.Opened, size: Size, theme: Theme = .fallback, keymap: Keymap = .standard, themeNames: [String] = [])
        throws
    {
        let header = "# imported by detour from \(opened.source) (\(opened.format))\n"
        let bytes = Array(RuleYAMLWriter.document(opened.result.ruleSet, header: header).utf8)
        let document = try RuleFileDocument(path: opened.proposedPath, bytes: bytes, stamp: nil)
        self.init(document: document, size: size, theme: theme, keymap: keymap, themeNames: themeNames)
        // Positions are shown relative to the configuration's folder, as a user reads them there.
        let folder = opened.source.contains("/") ? String(opened.source[...opened.source.lastIndex(of: "/")!]) : ""
        importFindings = opened.result.report.notImported.map { Self.finding($0, relativeTo: folder) }
        // Nothing is on disk yet: the rules count as unsaved until the first save writes them.
        savedSerial = -1
        let left = opened.result.report.notImported.count
        status = .info(
            "imported \(opened.result.report.imported) rules from \(opened.source.dropFirst(folder.count)) (\(opened.format))"
                + (left > 0 ? ", \(left) not imported (see findings)" : "") + "; saving writes \(opened.proposedPath.dropFirst(folder.count))")
    }

    /// One report line as a finding: no rule of its own, the source position in the message.
    static func finding(_ n: ImportReport.NotImported, relativeTo folder: String) -> Finding {
        let file = !folder.isEmpty && n.file.hasPrefix(folder) ? String(n.file.dropFirst(folder.count)) : n.file
        return Finding(check: "import", severity: .warning, rules: [], lines: [], message: "\(file):\(n.line): \(n.construct)", why: n.why)
    }

    /// The validator's findings with the import's added (they do not change with edits).
    func withImportFindings(_ index: FindingsIndex) -> FindingsIndex {
        importFindings.isEmpty ? index : FindingsIndex(revision: index.revision, findings: index.sorted + importFindings)
    }
}
