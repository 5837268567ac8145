import DetourCore

/// The whole state of the editor as one value: `update` changes it, views draw it.
public struct AppState: Sendable {
    public let path: String
    /// The file as last loaded or saved (its text, comments and stamp), so a save changes only
    /// the edited rules' lines; nil for rules that come from no file (views, benchmarks), which
    /// cannot be saved.
    public var document: RuleFileDocument?
    public var site: SiteSettings
    public var rules: [Rule]
    /// Selected row in the visible list (all rules, or the filter's matches).
    public var cursor = 0
    /// First visible row of the table.
    public var scrollOffset = 0
    /// The `/` filter; nil when no filter is applied.
    public var filter: FilterState?
    public var mode: Mode = .table
    public var undo = UndoStack()
    /// Undo serial of the last save (or load).
    public var savedSerial = 0
    public var status: StatusMessage?
    public var size: Size
    public var theme: Theme
    public var keymap: Keymap
    public var findings: FindingsSummary?
    /// The latest validation results (possibly of an older revision while a new run is going).
    public var findingsIndex: FindingsIndex?
    /// What `detour edit site.conf` could not import, shown in the findings panel.
    public var importFindings: [Finding] = []
    /// The revision the validator is working on, if any.
    public var validatingRevision: Int?
    /// The simulator panel as it was last left, so `r` reopens it with the same request.
    public var simulator = SimulatorState()
    /// URLs simulated so far, newest last (up/down in the URL field walks them).
    public var urlHistory: [String] = []
    /// The export dialog as last left (target and directory are kept).
    public var exportDialog: ExportDialogState?
    /// Id for the next background job.
    public var nextJobID = 1
    /// Completion candidates shown under the command line after an ambiguous tab.
    public var completions: [String] = []
    /// Theme names for `:theme` completion.
    public var themeNames: [String]
    /// Set by `:q` and friends; the loop exits when it is true.
    public var isQuitting = false
    /// A save is running (in the background for big files); edits can go on meanwhile.
    public var isSaving = false
    /// The file is being read again (in the background); input goes on meanwhile.
    public var isReloading = false
    /// When the recovery file is next written.
    public var recovery = RecoverySchedule()
    /// Whether the file on disk changed under the editor.
    public var disk = DiskWatch()
    /// Suggestions opened beside the rules (`--beside`); nil when none are.
    public var beside: BesideState?

    public init(
        path: String, ruleSet: RuleSet, size: Size, theme: Theme = .fallback,
        keymap: Keymap = .standard, themeNames: [String] = []
    ) {
        self.path = path
        self.site = ruleSet.site
        self.rules = ruleSet.rules
        self.size = size
        self.theme = theme
        self.keymap = keymap
        self.themeNames = themeNames
    }

    /// The state of an editor opened on `document`.
    public init(
        document: RuleFileDocument, size: Size, theme: Theme = .fallback,
        keymap: Keymap = .standard, themeNames: [String] = []
    ) {
        self.init(
            path: document.path, ruleSet: document.ruleSet, size: size, theme: theme,
            keymap: keymap, themeNames: themeNames)
        self.document = document
    }

    public var hasUnsavedChanges: Bool { undo.currentSerial != savedSerial }

    /// The rules' revision, for validation: the undo serial names one content of the rules.
    public var revision: Int { undo.currentSerial }

    /// Whether the findings shown describe the rules as they are now.
    public var findingsAreCurrent: Bool { findingsIndex?.revision == revision }

    public var ruleSet: RuleSet { RuleSet(site: site, rules: rules) }

    // MARK: - Visible rows

    /// Rows the table shows: every rule, or only the filter's matches.
    public var visibleCount: Int {
        if let f = filter, !f.isEmpty { return f.matches.count }
        return rules.count
    }

    /// The rule index shown in visible row `row`.
    public func ruleIndex(atRow row: Int) -> Int? {
        guard row >= 0, row < visibleCount else { return nil }
        if let f = filter, !f.isEmpty { return f.matches[row] }
        return row
    }

    /// The visible row of rule `index` (or the nearest row after it).
    public func row(ofRule index: Int) -> Int {
        if let f = filter, !f.isEmpty { return min(f.lowerBound(index), max(0, f.matches.count - 1)) }
        return index
    }

    public var selectedIndex: Int? { ruleIndex(atRow: cursor) }
    public var selectedRule: Rule? { selectedIndex.map { rules[$0] } }

    public var isFilterScanning: Bool {
        guard let f = filter, !f.isEmpty else { return false }
        return !f.isComplete(total: rules.count)
    }
}
