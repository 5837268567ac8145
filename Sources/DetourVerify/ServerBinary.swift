#if canImport(Glibc)
    import Glibc
#endif

/// Finds a server's program where distributions install it; verify runs it by absolute path in a
/// scratch environment, so the caller's own `PATH` does not decide which binary is proven.
public enum ServerBinary {
    static let directories = ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"]

    /// The absolute path of `program`, nil when it is not installed.
    public static func path(of program: String) -> String? {
        for dir in directories {
            let p = dir + "/" + program
            if access(p, X_OK) == 0 { return p }
        }
        return nil
    }
}
