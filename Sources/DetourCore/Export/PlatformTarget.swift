/// A hosted platform Detour exports to (Netlify, Vercel, Cloudflare, a Kubernetes gateway): its
/// exporter, capability table and the view `simulate --as` models from the platform's documentation,
/// like any `ServerTarget` — but no engine runs it offline, so `verify` refuses it and its export is
/// proven structurally (parsed back, schema-checked, held to `limits`). The process facts of
/// `ServerTarget` get neutral defaults here and are never used: `ServerTargets.local` leaves
/// platforms out of everything that starts a server.
public protocol PlatformTarget: ServerTarget {
    /// The platform's documented limits (rules per file, list or object; pattern and size limits)
    /// that its exporter enforces, splitting the output where the platform allows it.
    var limits: [PlatformLimit] { get }
    /// Pages of the platform's documentation the export and its simulation follow.
    var documentation: [String] { get }
    /// What the platform's limits do to `set` (`vercel: 2 rules need bulk redirects`), nil when
    /// they change nothing.
    func limitSummary(for set: RuleSet) -> String?
}

extension PlatformTarget {
    public var program: String { kind.name }
    public var package: String { kind.name }
    public func startArguments(directory: String, listen: ListenAddress) -> [String] { [] }
    public func syntaxCheckArguments(directory: String) -> [String] { [] }

    /// Why `--standalone` is refused: a standalone export starts a server, and nothing runs a
    /// hosted platform's redirects here. One message for every platform, built from its name.
    public var standaloneRefusal: ExportError {
        .invalidOption(
            "--standalone: \(name) is a hosted platform, nothing runs its redirects locally; export without --standalone and deploy the files it writes (its README says how)"
        )
    }

    /// The export dialog's sentence: the tally of every target, then what the limits do.
    public func exportSummary(for set: RuleSet) -> String {
        let tally = exportTally(for: set)
        guard var limits = limitSummary(for: set) else { return tally }
        if limits.hasPrefix(name + ": ") { limits.removeFirst(name.count + 2) }
        return tally + "; " + limits
    }
}

/// One documented limit of a platform: what is counted, the most allowed, and where it is written.
public struct PlatformLimit: Sendable, Hashable {
    /// What the limit counts, as users read it ("redirect rules per `vercel.json`").
    public let what: String
    /// The most the platform accepts.
    public let maximum: Int
    /// The documentation page that states it.
    public let source: String

    public init(what: String, maximum: Int, source: String) {
        self.what = what
        self.maximum = maximum
        self.source = source
    }
}

extension ServerTarget {
    /// Whether a real server runs this target on this machine (`verify`, the server tests); false
    /// for a hosted platform.
    public var runsLocally: Bool { !(self is any PlatformTarget) }
}
