import DetourCore

/// Why verify could not run a server, or that it was cancelled.
public enum VerifyError: Error, CustomStringConvertible {
    case serverMissing(ServerKind, package: String)
    /// The target is a hosted platform: no engine runs it offline.
    case platform(ServerKind)
    case startFailed(ServerKind, String)
    case syntaxCheckFailed(ServerKind, String)
    case cannotRun(String, String)
    /// The caller's `isCancelled` answered true; the server, if started, has been stopped.
    case cancelled

    public var description: String {
        switch self {
        case .serverMissing(let s, let package): return "\(s.name) is not installed (apt-get install \(package))"
        case .platform(let s):
            return
                "\(s.name) is a hosted platform that no program runs offline: its export is checked against its documented format and limits instead (docs/targets.md)"
        case .startFailed(let s, let why): return "\(s.name) did not start: \(why)"
        case .syntaxCheckFailed(let s, let why): return "\(s.name) rejected the exported configuration: \(why)"
        case .cannotRun(let command, let why): return "cannot run \(command): \(why)"
        case .cancelled: return "cancelled"
        }
    }
}
