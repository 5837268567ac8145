import DetourCore

/// Suggestions opened beside the rules (`detour edit FILE --beside SUGGESTIONS.yaml`): which are
/// accepted, skipped or already in the file, and what accepting each would do. The suggestions
/// file itself is never written.
public struct BesideState: Sendable {
    /// Which pane has the keys (and, when the terminal only shows one, which one is shown).
    public enum Pane: Sendable, Equatable { case rules, suggestions }

    /// Where a suggestion stands.
    public enum Status: Sendable, Equatable {
        case pending, accepted, skipped
        /// The file already had this rule when the editor opened (accepted in an earlier session).
        case inFile
    }

    public let review: SuggestionReview
    public var selected = 0
    public var scroll = 0
    public var focus: Pane = .suggestions
    /// Item index → undo serial of the edit that accepted it: accepted while that edit is done,
    /// so `u` makes the suggestion pending again and ctrl+r accepts it again.
    public var accepted: [Int: Int] = [:]
    public var skipped: Set<Int> = []
    public let inFile: Set<Int>
    /// Latest assessment of each item and the rules' revision it was made for.
    public var impacts: [Int: SuggestionImpact] = [:]
    public var impactRevisions: [Int: Int] = [:]
    /// The background assessment running (its job id and the revision it assesses).
    public var assessing: (job: Int, revision: Int)?
    /// Revision the last finished assessment covered (nil before the first).
    public var assessedRevision: Int?

    public init(review: SuggestionReview, rules: [Rule]) {
        self.review = review
        var present: Set<Int> = []
        var byID: [String: Rule] = [:]
        for r in rules { byID[r.id] = r }
        for (i, item) in review.items.enumerated() {
            if let r = byID[item.rule.id], r.source.text == item.rule.source.text, r.target.text == item.rule.target.text { present.insert(i) }
        }
        inFile = present
    }

    public var items: [SuggestionReview.Item] { review.items }
    public var fileName: String { review.path.split(separator: "/").last.map(String.init) ?? review.path }

    public func status(of item: Int, undo: UndoStack) -> Status {
        if inFile.contains(item) { return .inFile }
        if let serial = accepted[item], undo.isDone(serial: serial) { return .accepted }
        return skipped.contains(item) ? .skipped : .pending
    }

    /// The item's assessment if it was made for the rules as they are at `revision`.
    public func currentImpact(of item: Int, revision: Int) -> SuggestionImpact? {
        impactRevisions[item] == revision ? impacts[item] : nil
    }

    /// Items an assessment should cover: every one not accepted or in the file.
    public func itemsToAssess(undo: UndoStack) -> [Int] {
        items.indices.filter { [.pending, .skipped].contains(status(of: $0, undo: undo)) }
    }

    public func counts(undo: UndoStack) -> (accepted: Int, skipped: Int, pending: Int) {
        var a = 0
        var k = 0
        var p = 0
        for i in items.indices {
            switch status(of: i, undo: undo) {
            case .accepted, .inFile: a += 1
            case .skipped: k += 1
            case .pending: p += 1
            }
        }
        return (a, k, p)
    }
}

/// How the two panes share the screen: side by side when wide, stacked when tall, else one at a
/// time (tab switches), so 80×24 still shows everything of the pane in front.
public enum BesideArrangement: Sendable, Equatable {
    case sideBySide, stacked, toggle

    public static func of(_ size: Size) -> BesideArrangement {
        if size.width >= 150 { return .sideBySide }
        if size.height >= 40 { return .stacked }
        return .toggle
    }
}

extension UndoStack {
    /// Whether the edit recorded with `serial` is applied (done, not undone). Serials grow, so
    /// this is a binary search, cheap to ask for every row drawn.
    public func isDone(serial: Int) -> Bool {
        var lo = 0
        var hi = done.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if done[mid].serial < serial { lo = mid + 1 } else { hi = mid }
        }
        return lo < done.count && done[lo].serial == serial
    }
}

extension AppState {
    /// Opens `review` beside the rules with the keys in the suggestions pane; the loop then
    /// assesses every suggestion in the background.
    public mutating func openBeside(_ review: SuggestionReview) {
        beside = BesideState(review: review, rules: rules)
        if case .table = mode { mode = .suggestions }
        let n = review.items.count
        status = .info(
            "\(n) suggestion\(n == 1 ? "" : "s") beside the rules: a accepts, s skips, e edits first, tab switches panes")
    }
}
