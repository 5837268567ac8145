/// Everything Detour knows about one server (DESIGN §7): its exporter and capability table, how it
/// sees requests for `simulate --as`, its rollout formula, and — as data, since DetourCore runs no
/// processes — how a standalone export is started and syntax-checked. Each server implements this
/// in its own folder under `Export/` and is listed once in `ServerTargets.all`.
public protocol ServerTarget: Sendable {
    /// The name users type (`--to`, `--as`, `--server`) and files use.
    var kind: ServerKind { get }
    /// Turns a rule set into this server's configuration.
    var exporter: any Exporter { get }
    /// What the server's regex engine cannot run (exponential backtracking on PCRE2, Go's repeat
    /// limits); export refuses those rules with DT080.
    var regexEngine: RegexEngineLimits { get }
    /// The server's own, untouched view of requests as the cookbook observed it (`ServerView.of`);
    /// the exporter compensates for what differs from DESIGN §4.
    var observedView: ServerView { get }
    /// The `Location` form of a relative target when the server runs Detour's export.
    var exportedLocationForm: ServerView.LocationForm { get }
    /// The formula the exported configuration decides rule rollouts with.
    var rollout: RolloutDecider { get }
    /// The program that runs the server, looked up on `PATH` (`apache2`, `varnishd`).
    var program: String { get }
    /// The distribution package that installs `program`, for "not installed" messages.
    var package: String { get }
    /// The main file of a standalone export (`nginx.conf`, `default.vcl`).
    var standaloneMainFile: String { get }
    /// The command that runs a standalone export in `directory` in the foreground (DESIGN §7.4);
    /// run with `directory` as the working directory. The first element is `program`.
    func startArguments(directory: String, listen: ListenAddress) -> [String]
    /// The server's own syntax check of a standalone export in `directory` (cookbook §0 j); empty
    /// for a server that has none (Traefik: `configurationLoad` catches a bad file at start instead).
    func syntaxCheckArguments(directory: String) -> [String]
    /// Environment variables the server needs beyond the scratch environment verify gives it.
    func startEnvironment(directory: String) -> [String]
    /// How long a start may take before verify gives up.
    var startTimeoutSeconds: Double { get }
    /// The scheme of every connection when the server cannot speak the other (no TLS: `http`);
    /// nil when it takes both, so a rule's `scheme` is decided from the connection.
    var connectionScheme: String? { get }
    /// How the server running Detour's export sees request paths (the raw path for every server
    /// whose configuration can match it; Traefik's routers see a partly decoded one).
    var exportedPath: PathSemantics { get }
    /// Whether the export answers every method with the rule's own code.
    var answersRuleCodeForEveryMethod: Bool { get }
    /// The status the exported configuration answers when `rule` redirects `method`.
    func exportedStatus(for rule: Rule, method: String) -> StatusCode
    /// Set for a server that listens before it has loaded its configuration and only logs a bad one
    /// (Traefik's file provider): verify waits for a loaded configuration and fails on its errors.
    var configurationLoad: ConfigurationLoadCheck? { get }
    /// One sentence on what this target keeps of `set`, for the editor's export dialog (`all 12
    /// rules`, `10 of 12 rules; 2 refused: scheme (2)`). The default tallies a lenient export's
    /// refusals; a target with more to say (limits, files split) overrides it.
    func exportSummary(for set: RuleSet) -> String
}

/// How verify tells that a server which listens first has loaded its configuration: until then it
/// answers every request with `notLoadedStatus`; a log line containing `errorMarker` means the
/// configuration was rejected (the server keeps running without it).
public struct ConfigurationLoadCheck: Sendable, Hashable {
    public let notLoadedStatus: Int
    public let errorMarker: String

    public init(notLoadedStatus: Int, errorMarker: String) {
        self.notLoadedStatus = notLoadedStatus
        self.errorMarker = errorMarker
    }
}

extension ServerTarget {
    /// The name users type.
    public var name: String { kind.name }

    /// What the exporter can express, feature by feature.
    public var capabilities: CapabilityTable { exporter.capabilities }

    /// The verified differences from DESIGN §4 that the generated configuration cannot remove.
    public var residualDifferences: [String] { capabilities.residualDifferences }

    /// How the server sees requests when it runs Detour's export (`simulate --as`, `verify`).
    public var exportedView: ServerView { ServerView.exported(self) }

    public func startEnvironment(directory: String) -> [String] { [] }

    public var startTimeoutSeconds: Double { 60 }

    public var connectionScheme: String? { nil }

    public var package: String { program }

    public var exportedPath: PathSemantics { ServerView.rawPath }

    public var answersRuleCodeForEveryMethod: Bool { true }

    public func exportedStatus(for rule: Rule, method: String) -> StatusCode { rule.code }

    public var configurationLoad: ConfigurationLoadCheck? { nil }

    public func exportSummary(for set: RuleSet) -> String { exportTally(for: set) }

    /// The default summary: what a lenient export keeps and the refusals counted by feature.
    public func exportTally(for set: RuleSet) -> String {
        switch ExportTally.of(set, target: self, options: ExportOptions(directory: ExportTally.scratchDirectory)) {
        case .success(let tally): return tally.sentence
        case .failure(let refusal): return "cannot export: \(refusal.errors.first.map(\.description) ?? "refused")"
        }
    }
}
