/// The servers Detour exports to and simulates (`export --to`, `simulate --as`, `verify --server`).
public enum ServerKind: String, CaseIterable, Sendable, Hashable {
    case nginx, apache, haproxy, caddy, lighttpd, varnish

    /// The name users type and files use.
    public var name: String { rawValue }
}
