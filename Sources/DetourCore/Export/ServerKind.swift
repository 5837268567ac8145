/// The name of a server Detour exports to, simulates and verifies (`export --to`, `simulate --as`,
/// `verify --server`): a small value that can key dictionaries and travel in actions, while
/// everything known about the server lives in its `ServerTarget` (`kind.target`). The named
/// constants (`.nginx`, …) are declared in each server's folder beside its target.
public struct ServerKind: RawRepresentable, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    /// Only names of registered targets make a `ServerKind` (case-sensitive, as `rawValue`).
    public init?(rawValue: String) {
        guard ServerTargets.all.contains(where: { $0.kind.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// For the constant a target folder declares; the registry test checks it is registered.
    init(declaring name: String) { rawValue = name }

    /// The registered servers, in registry order.
    public static var allCases: [ServerKind] { ServerTargets.all.map(\.kind) }

    /// The servers a real program runs here (every kind but the hosted platforms), in registry order.
    public static var local: [ServerKind] { ServerTargets.local.map(\.kind) }

    /// The name users type and files use.
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// Everything Detour knows about this server.
    public var target: any ServerTarget {
        guard let t = ServerTargets.named(rawValue) else { preconditionFailure("server '\(rawValue)' is declared but not in ServerTargets.all") }
        return t
    }
}
