#if canImport(Glibc)
    import Glibc
#endif

/// Finds a server's program where distributions install it, or where `scripts/install-proxies` puts
/// the proxies Debian does not package (Traefik, Envoy); verify runs it by absolute path in a scratch
/// environment, so the caller's own `PATH` does not decide which binary is proven.
public enum ServerBinary {
    static let systemDirectories = ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"]

    /// The proxies' virtual environment: `DETOUR_PROXIES_VENV`, else `~/.cache/detour/proxies`.
    static var proxiesDirectory: String? {
        if let venv = getenv("DETOUR_PROXIES_VENV").map({ String(cString: $0) }), !venv.isEmpty { return venv + "/bin" }
        guard let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty else { return nil }
        return home + "/.cache/detour/proxies/bin"
    }

    static var directories: [String] { systemDirectories + (proxiesDirectory.map { [$0] } ?? []) }

    /// The absolute path of `program`, nil when it is not installed.
    public static func path(of program: String) -> String? {
        for dir in directories {
            let p = dir + "/" + program
            if access(p, X_OK) == 0 { return p }
        }
        return nil
    }
}
