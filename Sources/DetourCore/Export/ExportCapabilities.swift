/// A rule feature an export target may or may not be able to enforce (DESIGN §7.2).
public enum ExportFeature: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case exact, prefix, regex, host
    /// A rule's `scheme`, decided from the server's own connection (TLS or not).
    case scheme
    /// A rule's `scheme`, decided from `site.scheme_header` set by a TLS-terminating proxy.
    case schemeHeader = "scheme from trusted header"
    case methods, conditions
    case queryKeep = "query keep"
    case queryDrop = "query drop"
    case cacheHeader = "cache header"
    case rolloutByIP = "rollout by ip"
    case rolloutByCookie = "rollout by cookie"
    case rolloutByHeader = "rollout by header"
    case timeWindow = "time window"
    /// `site.trailing_slash: fold` or `site.case: insensitive`, which no exporter writes yet.
    case pathFolding = "site trailing-slash or case folding"

    public var description: String { rawValue }
}

/// A set of features as a bit mask: one per prepared rule, so 10^6 rules allocate nothing for it.
struct ExportFeatureSet: Sendable {
    private var bits: UInt32 = 0
    init() {}
    init(_ features: [ExportFeature]) { for f in features { insert(f) } }
    private static func bit(_ f: ExportFeature) -> UInt32 { 1 << UInt32(ExportFeature.allCases.firstIndex(of: f)!) }
    mutating func insert(_ f: ExportFeature) { bits |= Self.bit(f) }
    func contains(_ f: ExportFeature) -> Bool { bits & Self.bit(f) != 0 }
}

/// How one server supports one feature.
public enum FeatureSupport: Sendable, Hashable {
    /// A native construct of the server's configuration.
    case native(String)
    /// Possible with the stated workaround, with identical behaviour.
    case workaround(String)
    /// Not expressible exactly: rules using it are refused (DT080) or left out with `--lenient`.
    case unsupported(String)

    public var isSupported: Bool {
        if case .unsupported = self { return false }
        return true
    }

    public var explanation: String {
        switch self {
        case .native(let s), .workaround(let s), .unsupported(let s): return s
        }
    }
}

/// What an exporter can express, feature by feature, plus the documented differences between the
/// server's view of a request and Detour's own semantics (DESIGN §6.4) that `simulate --as` models.
public struct CapabilityTable: Sendable {
    public let server: ServerKind
    public let support: [ExportFeature: FeatureSupport]
    /// Residual differences from DESIGN §4 that the generated configuration cannot remove.
    public let residualDifferences: [String]

    public init(server: ServerKind, support: [ExportFeature: FeatureSupport], residualDifferences: [String]) {
        self.server = server
        self.support = support
        self.residualDifferences = residualDifferences
    }

    public func supports(_ f: ExportFeature) -> Bool { support[f]?.isSupported ?? false }

    /// The table as Markdown, for the README written next to an export.
    public var markdown: String {
        var s = "| feature | support |\n|---|---|\n"
        for f in ExportFeature.allCases {
            let v = support[f] ?? .unsupported("no exact translation yet")
            let kind: String
            switch v {
            case .native: kind = "native"
            case .workaround: kind = "workaround"
            case .unsupported: kind = "**refused (DT080)**"
            }
            s += "| \(f) | \(kind): \(v.explanation) |\n"
        }
        return s
    }
}
