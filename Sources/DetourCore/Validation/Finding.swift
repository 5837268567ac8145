/// How serious a finding is: errors fail `check`, warnings fail it only with `--strict`.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case error, warning, info

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The rule field a finding is about, so output can point at the line of that field.
public enum RuleFieldName: String, Sendable, Hashable {
    case id, source, target, code, methods, when, cache, rollout, starts, expires, examples, host, query
}

/// One problem found in a rule file (DESIGN §5): stable check id, severity, the rules involved with
/// their file lines, a one-line message, why it matters, requests that show it, and a fix.
public struct Finding: Sendable {
    public var check: String
    public var severity: Severity
    /// Ids of the rules involved, the primary one first.
    public var rules: [String]
    /// File line of each rule in `rules`.
    public var lines: [Int]
    public var field: RuleFieldName?
    public var message: String
    public var why: String
    /// Requests that show the problem; `simulate` reproduces it.
    public var witness: [HTTPRequest]
    public var fix: Fix?
    /// The exact line and column the finding is about, when a check knows it (a field that did not
    /// parse); otherwise output places it by `line` and `field`.
    public var position: FilePosition?

    public init(
        check: String, severity: Severity, rules: [String], lines: [Int], field: RuleFieldName? = nil,
        message: String, why: String, witness: [HTTPRequest] = [], fix: Fix? = nil
    ) {
        self.check = check
        self.severity = severity
        self.rules = rules
        self.lines = lines
        self.field = field
        self.message = message
        self.why = why
        self.witness = witness
        self.fix = fix
    }

    /// The line of the primary rule.
    public var line: Int { lines.first ?? 0 }
}

/// A 1-based line and column in a rule file.
public struct FilePosition: Sendable, Hashable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A machine-applicable repair: a description and the rule edits that perform it.
public struct Fix: Sendable, Hashable {
    public var description: String
    public var edits: [RuleEdit]

    public init(_ description: String, _ edits: [RuleEdit]) {
        self.description = description
        self.edits = edits
    }

    /// The rule set with every edit applied (edits naming a rule that is gone are skipped).
    public func apply(to set: RuleSet) -> RuleSet {
        var out = set
        for e in edits { e.apply(to: &out) }
        return out
    }
}

/// One change to one rule, by id.
public enum RuleEdit: Sendable, Hashable {
    case setTarget(rule: String, Target)
    case setCode(rule: String, StatusCode)
    case setCache(rule: String, CachePolicy)
    case setExpires(rule: String, Timestamp?)
    case setEnabled(rule: String, Bool)
    case remove(rule: String)

    public var ruleID: String {
        switch self {
        case .setTarget(let r, _), .setCode(let r, _), .setCache(let r, _), .setExpires(let r, _), .setEnabled(let r, _), .remove(let r): return r
        }
    }

    func apply(to set: inout RuleSet) {
        guard let i = set.rules.firstIndex(where: { $0.id == ruleID }) else { return }
        switch self {
        case .setTarget(_, let t): set.rules[i].target = t
        case .setCode(_, let c): set.rules[i].code = c
        case .setCache(_, let c): set.rules[i].cache = c
        case .setExpires(_, let t): set.rules[i].expires = t
        case .setEnabled(_, let e): set.rules[i].enabled = e
        case .remove:
            set.rules.remove(at: i)
            set.lines.remove(at: i)
        }
    }
}
