import DetourCore

/// The `x` dialog: the chosen target, the directory to write to, the export as previewed (with a
/// verdict for every rule the target cannot carry natively), which file is shown and how far it is
/// scrolled, and the running job (preview, write or verify).
public struct ExportDialogState: Sendable {
    public enum Focus: Sendable, Equatable { case preview, directory }

    public var server = 0
    public var focus: Focus = .preview
    public var directory: TextField
    public var preview: ExportPreview?
    public var fileIndex = 0
    public var scroll = 0
    public var running: RunningJob?
    /// Files of the export that already exist in the directory; non-nil while asking to overwrite.
    public var overwriteQuestion: [String]?
    /// `w` was pressed once with error findings and told why it refused: the next `w` writes anyway
    /// (as `detour export --allow-findings`).
    public var findingsOverride = false
    /// The last `verify` run's summary lines.
    public var verifyReport: [String] = []
    /// Requests sent and to send by the verify run going on; nil before its first report.
    public var verifyProgress: (sent: Int, total: Int)?
    /// Every target's sentence on what it keeps of the rules (`ServerKind.allCases` order), for
    /// the list of targets; nil until the background job answers.
    public var targetSummaries: [String]?
    /// The summaries job running, and the rules revision the summaries (or the job) are for.
    public var summaryJob: Int?
    public var summaryRevision: Int?

    public init(server: Int, directory: String) {
        self.server = server
        self.directory = TextField(directory)
    }

    public var serverKind: ServerKind { ServerKind.allCases[server] }

    /// The dialog for a file: the site's first export target, written next to the file.
    public static func initial(path: String, site: SiteSettings) -> ExportDialogState {
        let first = site.exports.first.flatMap { ServerKind(rawValue: $0.server.lowercased()) } ?? .nginx
        let server = ServerKind.allCases.firstIndex(of: first) ?? 0
        return ExportDialogState(server: server, directory: defaultDirectory(path: path, server: first))
    }

    static func defaultDirectory(path: String, server: ServerKind) -> String {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        return folder + "/export-" + server.name
    }
}

/// One rule the target cannot carry natively: refused (left out) or exported with a workaround.
public struct RuleVerdict: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case refused, workaround }
    public let rule: String
    public let kind: Kind
    public let text: String
}

/// A lenient export of the current rules to one server, with the verdicts the dialog lists.
public struct ExportPreview: Sendable {
    public let output: ExportOutput
    /// Refused rules first, then those with a workaround; at most `verdictLimit`.
    public let verdicts: [RuleVerdict]
    public let refusedCount: Int
    public let workaroundCount: Int
    /// Each file split into lines once, here in the background, so scrolling a 10⁶-rule export
    /// does not split 100 MB per frame.
    public let fileLines: [[Substring]]

    init(output: ExportOutput, verdicts: [RuleVerdict], refusedCount: Int, workaroundCount: Int) {
        self.output = output
        self.verdicts = verdicts
        self.refusedCount = refusedCount
        self.workaroundCount = workaroundCount
        fileLines = output.files.map { $0.contents.split(separator: "\n", omittingEmptySubsequences: false) }
    }
    public static let verdictLimit = 1000

    /// Exports leniently and judges every rule against the target's capability table.
    public static func make(
        _ set: RuleSet, server: ServerKind, directory: String, sourceFile: String, sourceSHA256: String = "",
        now: Timestamp = .now()
    ) throws -> ExportPreview {
        let exporter = Exporters.exporter(for: server)
        let options = ExportOptions(directory: directory, sourceFile: sourceFile, sourceSHA256: sourceSHA256, now: now, lenient: true)
        let output = try exporter.export(set, options: options)
        var refused: [RuleVerdict] = output.omissions.prefix(verdictLimit).map {
            RuleVerdict(rule: $0.ruleID, kind: .refused, text: $0.reason)
        }
        let refusedIDs = Set(output.omissions.map(\.ruleID))
        var workaround: [RuleVerdict] = []
        var workaroundCount = 0
        let support = exporter.capabilities.support
        for rule in set.rules where rule.enabled && !refusedIDs.contains(rule.id) {
            let used = ExportPreview.features(of: rule)
            guard
                let f = used.first(where: {
                    if case .workaround = support[$0] { return true }
                    return false
                })
            else { continue }
            workaroundCount += 1
            if workaround.count + refused.count < verdictLimit {
                workaround.append(RuleVerdict(rule: rule.id, kind: .workaround, text: "\(f): \(support[f]!.explanation)"))
            }
        }
        refused += workaround
        return ExportPreview(output: output, verdicts: refused, refusedCount: output.omissions.count, workaroundCount: workaroundCount)
    }

    /// The capability-table features a rule uses (DESIGN §7.2).
    static func features(of r: Rule) -> [ExportFeature] {
        var out: [ExportFeature] = []
        switch r.source.kind {
        case .exact: out.append(.exact)
        case .prefix: out.append(.prefix)
        case .regex: out.append(.regex)
        }
        if r.host != nil { out.append(.host) }
        if r.methods != nil { out.append(.methods) }
        if !r.allConditions.isEmpty { out.append(.conditions) }
        out.append(r.query == .keep ? .queryKeep : .queryDrop)
        if r.cache.headerValue != nil { out.append(.cacheHeader) }
        if let rollout = r.rollout, rollout.basisPoints < 10000 {
            switch rollout.key {
            case .ip: out.append(.rolloutByIP)
            case .cookie: out.append(.rolloutByCookie)
            case .header: out.append(.rolloutByHeader)
            }
        }
        if r.starts != nil || r.expires != nil { out.append(.timeWindow) }
        return out
    }
}
