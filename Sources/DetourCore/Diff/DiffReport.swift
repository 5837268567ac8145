/// Why a region of requests is answered differently after a change (issue 17 §1), named after the
/// rules involved.
public enum DiffChangeKind: String, Sendable, Hashable, CaseIterable {
    case added
    case removed
    case retargeted
    case codeChanged = "code changed"
    case cacheChanged = "cache changed"
    case windowChanged = "window changed"
    case rolloutChanged = "rollout changed"
    case matchChanged = "match changed"
    case shadowedNow = "shadowed now"
    case unshadowed = "un-shadowed"
    case siteChanged = "site changed"

    /// The order groups are listed in.
    var rank: Int { DiffChangeKind.allCases.firstIndex(of: self)! }
}

/// A rule as one side of a diff names it.
public struct DiffRuleRef: Sendable, Hashable {
    public let id: String
    /// 1-based line in its file; 0 when unknown.
    public let line: Int
    public let source: String
}

/// One region of requests whose first hop changes, with one request of it as the witness.
public struct DiffRegion: Sendable {
    public let kind: DiffChangeKind
    /// Every kind that applies, `kind` first (a rule may be retargeted and recoded at once).
    public let kinds: [DiffChangeKind]
    /// The rule that answered before (nil: the request reached the origin).
    public let before: DiffRuleRef?
    /// The rule that answers after (nil: the request reaches the origin).
    public let after: DiffRuleRef?
    public let request: HTTPRequest
    public let oldResponse: SimulatedResponse
    public let newResponse: SimulatedResponse
    /// Which parts of the request matter beyond method and URL (time, client, headers), so a
    /// report shows them only when they do.
    public let shows: Set<DiffRequestPart>
}

/// Parts of a witness request a report shows when the rules involved read them.
public enum DiffRequestPart: String, Sendable, Hashable {
    case time, client, headers
}

/// What `BehaviourDiff` found: the changed regions, grouped and ordered, the change in findings, and
/// what could not be decided exactly.
public struct BehaviourDiffReport: Sendable {
    public var regions: [DiffRegion]
    /// Parts of the request space the search could not settle within its budget, described.
    public var undecided: [String]
    public var findings: FindingsDelta?
    /// The view both files were simulated under.
    public var viewName: String
    public var now: Timestamp

    /// Whether any request is answered differently.
    public var changesBehaviour: Bool { !regions.isEmpty }
}

/// Findings present only after the change (new) and only before it (fixed).
public struct FindingsDelta: Sendable {
    public var new: [Finding]
    public var fixed: [Finding]

    /// Compares findings by check, rules and field: line numbers and wording that move with a
    /// reordering are not a change.
    public init(old: [Finding], new: [Finding]) {
        func key(_ f: Finding) -> String { f.check + "|" + f.rules.sorted().joined(separator: ",") + "|" + (f.field?.rawValue ?? "") }
        var oldCounts: [String: Int] = [:]
        for f in old { oldCounts[key(f), default: 0] += 1 }
        var newCounts: [String: Int] = [:]
        for f in new { newCounts[key(f), default: 0] += 1 }
        var seenNew: [String: Int] = [:]
        self.new = new.filter {
            seenNew[key($0), default: 0] += 1
            return seenNew[key($0)]! > oldCounts[key($0), default: 0]
        }
        var seenOld: [String: Int] = [:]
        fixed = old.filter {
            seenOld[key($0), default: 0] += 1
            return seenOld[key($0)]! > newCounts[key($0), default: 0]
        }
    }

    public var isEmpty: Bool { new.isEmpty && fixed.isEmpty }
}
