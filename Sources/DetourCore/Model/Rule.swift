/// One redirect rule with every field of DESIGN §2.2. Order in the owning `RuleSet` is precedence.
///
/// The fields every rule has are stored inline; the optional ones live in one shared, copy-on-write
/// box that plain rules do not allocate, which keeps a 10⁶-rule map small.
public struct Rule: Sendable, Hashable {
    public var id: String
    public var source: Source
    public var target: Target
    private var box: ExtrasBox?
    // The one-byte fields last, where they share one word instead of padding two.
    public var code: StatusCode
    public var enabled: Bool = true

    /// The optional fields, defaults included.
    struct Extras: Sendable, Hashable {
        var host: HostPattern?
        /// The `host` field as typed when that is not the pattern's ASCII name (`bücher.example`).
        var typedHost: String?
        var scheme: String?
        var methods: [String]?
        var conditions: [Condition] = []
        var query: QueryMode = .keep
        var cache: CachePolicy = .none
        var rollout: Rollout?
        var starts: Timestamp?
        var expires: Timestamp?
        var note: String?
        var tags: [String] = []
        var owner: String?
        var examples: [RuleExample] = []
        var problems: [RuleProblem] = []
    }

    final class ExtrasBox: @unchecked Sendable {
        var value: Extras
        init(_ value: Extras) { self.value = value }
    }

    private static let defaults = Extras()

    private var extras: Extras {
        get { box?.value ?? Rule.defaults }
        set {
            if newValue == Rule.defaults {
                box = nil
                return
            }
            if box == nil || !isKnownUniquelyReferenced(&box!) { box = ExtrasBox(newValue) } else { box!.value = newValue }
        }
    }

    public init(id: String, source: Source, target: Target, code: StatusCode) {
        self.id = id
        self.source = source
        self.target = target
        self.code = code
    }

    /// nil: any of the site's hosts. The `host` field, else the host of a source written as a URL
    /// (`http://example.com/*`); setting it sets the field.
    public var host: HostPattern? {
        get { box?.value.host ?? source.origin?.host }
        set { setHost(newValue, typed: nil) }
    }
    /// The `host` field as written (nil when absent, even if the source names a host).
    public var writtenHost: HostPattern? { box?.value.host }
    /// The `host` field as the user typed it, for the editor and saves: a Unicode name stays
    /// `bücher.example` while `host` holds `xn--bcher-kva.example` for matching and exports.
    public var writtenHostText: String? { box?.value.typedHost ?? box?.value.host?.description }

    /// Sets the `host` field and the text it was typed as; `typed` is kept only when it says
    /// more than the pattern's own name (non-ASCII), so ASCII hosts carry no extra text.
    public mutating func setHost(_ host: HostPattern?, typed: String?) {
        var e = extras
        e.host = host
        e.typedHost = host != nil && typed.map(IRI.hasNonASCII) == true ? typed : nil
        extras = e
    }
    /// nil: either scheme. `http` or `https`: the scheme the request must arrive with, as the server
    /// sees it (DESIGN §4) — the `scheme` field, else the scheme of a source written as a URL.
    public var scheme: String? {
        get { box?.value.scheme ?? source.origin?.scheme }
        set { extras.scheme = newValue }
    }
    /// The `scheme` field as written (nil when absent, even if the source names a scheme).
    public var writtenScheme: String? { box?.value.scheme }
    /// nil: every method. Upper-case method names.
    public var methods: [String]? {
        get { box?.value.methods }
        set { extras.methods = newValue }
    }
    /// All must hold (`when`); query requirements of the source are in `source.query`.
    public var conditions: [Condition] {
        get { box?.value.conditions ?? [] }
        set { extras.conditions = newValue }
    }
    public var query: QueryMode {
        get { box?.value.query ?? .keep }
        set { extras.query = newValue }
    }
    public var cache: CachePolicy {
        get { box?.value.cache ?? .none }
        set { extras.cache = newValue }
    }
    /// nil: 100 % of clients.
    public var rollout: Rollout? {
        get { box?.value.rollout }
        set { extras.rollout = newValue }
    }
    public var starts: Timestamp? {
        get { box?.value.starts }
        set { extras.starts = newValue }
    }
    public var expires: Timestamp? {
        get { box?.value.expires }
        set { extras.expires = newValue }
    }
    public var note: String? {
        get { box?.value.note }
        set { extras.note = newValue }
    }
    public var tags: [String] {
        get { box?.value.tags ?? [] }
        set { extras.tags = newValue }
    }
    public var owner: String? {
        get { box?.value.owner }
        set { extras.owner = newValue }
    }
    public var examples: [RuleExample] {
        get { box?.value.examples ?? [] }
        set { extras.examples = newValue }
    }

    /// What keeps the rule from working as written (empty for a working rule); see `RuleProblem`.
    public var problems: [RuleProblem] {
        get { box?.value.problems ?? [] }
        set { extras.problems = newValue }
    }

    /// Whether the rule has problems: it is kept and reported (DT070) but never matched or exported.
    public var isInvalid: Bool { box.map { !$0.value.problems.isEmpty } ?? false }

    public static func == (a: Rule, b: Rule) -> Bool {
        a.id == b.id && a.enabled == b.enabled && a.code == b.code && a.source == b.source && a.target == b.target
            && (a.box === b.box || (a.box != nil && b.box != nil && a.box!.value == b.box!.value))
    }

    public func hash(into h: inout Hasher) {
        h.combine(id)
        h.combine(enabled)
        h.combine(source)
        h.combine(target)
        h.combine(code)
        h.combine(extras)
    }

    /// Every condition that must hold: the source's query requirements, then `when`.
    public var allConditions: [Condition] { source.query + conditions }

    /// True when the rule applies to every client (no rollout, or 100 %).
    public var isFullRollout: Bool { rollout.map(\.isFull) ?? true }

    /// The rollout salt in effect (the rule id unless set).
    public var rolloutSalt: String { rollout?.salt ?? id }

    /// Whether an id has the allowed shape `[A-Za-z0-9._-]+`.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty
            && id.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2e || $0 == 0x5f || $0 == 0x2d
            }
    }
}

/// Whether a rule carries the request's query string to the target.
public enum QueryMode: String, Sendable, Hashable, CaseIterable {
    case keep, drop
}

extension Rule {
    /// Whether every optional field is at its default (none stored): a CSV save, which asks each
    /// rule which columns it needs, skips such rules without asking the columns.
    var hasOnlyRequiredFields: Bool { enabled && box == nil }
}
