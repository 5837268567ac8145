/// The one list of servers Detour supports. Adding a server is a folder `Export/<Server>/` holding
/// its exporter, its rollout hash (when the server has one), and `<Server>Target.swift` (the
/// `ServerTarget` plus its `ServerKind` constant), then one line here. The CLI, `simulate --as`,
/// `check`'s DT080, the editor and the real-server tests all read this list; nothing else names
/// servers one by one (`ServerTargetRegistryTests` fails on a `case .nginx`-style switch elsewhere).
public enum ServerTargets {
    /// Every supported server, in the order users see them (help texts, the export dialog).
    public static let all: [any ServerTarget] = [
        NginxTarget(),
        ApacheTarget(),
        HAProxyTarget(),
        CaddyTarget(),
        LighttpdTarget(),
        VarnishTarget(),
        TraefikTarget(),
        EnvoyTarget(),
        NetlifyTarget(),
        VercelTarget(),
        CloudflareTarget(),
        GatewayAPITarget()
    ]

    /// The targets a real server runs here (`verify`, the server tests): every target but the
    /// hosted platforms.
    public static var local: [any ServerTarget] { all.filter(\.runsLocally) }

    /// The target a user names (`nginx`, `HAProxy`), ignoring case; nil for an unknown name.
    public static func named(_ name: String) -> (any ServerTarget)? {
        let key = name.lowercased()
        return all.first { $0.kind.rawValue == key }
    }

    /// `nginx, apache, …` for messages that list the choices.
    public static var names: String { all.map(\.name).joined(separator: ", ") }

    /// One fact of every target as prose, `a, b, c or d`, for help texts.
    public static func listed(_ fact: (any ServerTarget) -> String) -> String {
        let items = all.map(fact)
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
