/// The Gateway the exported HTTPRoutes attach to (`parentRefs`): `NAME[/NAMESPACE]` from
/// `detour export --gateway`, or the `gateway` option of the site's `exports` entry
/// (`exports: [{to: gateway, gateway: public-gw/infra}]`). Without one the routes carry no
/// parentRefs and attach to nothing until one is added; the README says so.
public struct GatewayAPIParent: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let namespace: String?

    /// The option key in a site `exports` entry.
    public static let optionKey = "gateway"

    /// Parses `NAME[/NAMESPACE]`; throws naming what is wrong.
    public init(text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { throw ExportError.invalidOption("gateway '\(text)': write NAME or NAME/NAMESPACE") }
        let name = parts[0]
        guard !name.isEmpty, name.utf8.count <= GatewayAPILimits.nameLength, GatewayAPILimits.isPreciseHostname(name) else {
            throw ExportError.invalidOption(
                "gateway '\(text)': the name '\(name)' must be a Kubernetes object name (lower-case letters, digits, '-' and '.', at most 253)")
        }
        var namespace: String? = nil
        if parts.count == 2 {
            let ns = parts[1]
            guard ns.utf8.count <= 63, !ns.contains("."), GatewayAPILimits.isPreciseHostname(ns) else {
                throw ExportError.invalidOption(
                    "gateway '\(text)': the namespace '\(ns)' must be a DNS label (lower-case letters, digits and '-', at most 63)")
            }
            namespace = ns
        }
        self.name = name
        self.namespace = namespace
    }

    public var description: String { namespace.map { name + "/" + $0 } ?? name }

    /// The parent named by the site's `exports` entry for the gateway target, nil when none.
    static func of(_ site: SiteSettings) throws -> GatewayAPIParent? {
        guard let text = site.exports.first(where: { $0.server == ServerKind.gateway.name })?.options[optionKey] else { return nil }
        return try GatewayAPIParent(text: text)
    }

    /// `detour export --gateway TEXT --to SERVER`: `set` naming the parent, or an error when the
    /// text is malformed or the target is not the gateway (the option means nothing elsewhere).
    public static func applying(_ text: String, for server: any ServerTarget, to set: RuleSet) throws -> RuleSet {
        guard server.kind == .gateway else {
            throw ExportError.invalidOption("it names the Gateway of a `--to gateway` export; it does nothing for \(server.name)")
        }
        return applying(try GatewayAPIParent(text: text), to: set)
    }

    /// `set` with its gateway `exports` entry naming `parent` (added when missing): how `--gateway`
    /// reaches the exporter.
    public static func applying(_ parent: GatewayAPIParent, to set: RuleSet) -> RuleSet {
        var s = set
        if let i = s.site.exports.firstIndex(where: { $0.server == ServerKind.gateway.name }) {
            s.site.exports[i].options[optionKey] = parent.description
        } else {
            s.site.exports.append(ExportTarget(server: ServerKind.gateway.name, options: [optionKey: parent.description]))
        }
        return s
    }
}
