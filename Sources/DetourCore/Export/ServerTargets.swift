/// The one list of servers Detour supports. Adding a server is a folder under `Export/` with a
/// `ServerTarget` and one line here; nothing else names servers one by one.
public enum ServerTargets {
    /// Every supported server, in the order users see them (help texts, the export dialog).
    public static let all: [any ServerTarget] = [
        NginxTarget(),
        ApacheTarget(),
        HAProxyTarget(),
        CaddyTarget(),
        LighttpdTarget(),
        VarnishTarget(),
    ]

    /// The target a user names (`nginx`, `HAProxy`), ignoring case; nil for an unknown name.
    public static func named(_ name: String) -> (any ServerTarget)? {
        let key = name.lowercased()
        return all.first { $0.kind.rawValue == key }
    }

    /// `nginx, apache, …` for messages that list the choices.
    public static var names: String { all.map(\.name).joined(separator: ", ") }
}
