import DetourCore

/// The servers' own syntax checks (cookbook §0 j), run on a standalone export directory.
enum ServerSyntaxCheck {
    /// Throws with the server's message when the check fails, `VerifyError.cancelled` when
    /// `isCancelled` answers true before it ends (the check is killed).
    static func run(_ target: any ServerTarget, directory dir: String, isCancelled: () -> Bool = { false }) throws {
        let arguments = target.syntaxCheckArguments(directory: dir)
        guard !arguments.isEmpty else { return }
        var command = arguments
        // By absolute path, as the server is started: the proxies live outside PATH.
        if let exe = ServerBinary.path(of: target.program), command[0] == target.program { command[0] = exe }
        let (status, output) = try ProcessRunner.run(command, directory: dir, isCancelled: isCancelled)
        guard status == 0 else { throw VerifyError.syntaxCheckFailed(target.kind, String(output.suffix(3000))) }
    }
}
