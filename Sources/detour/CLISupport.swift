import ArgumentParser
import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// What every command shares: loading a rule file with exit status 2 and one stderr line per
/// problem, writing to stderr, knowing whether output is a terminal.
enum CLI {
    /// Exit statuses documented in `detour --help`.
    static let findings = ExitCode(1)
    static let unreadable = ExitCode(2)

    static func printError(_ message: String) {
        var line = message
        if !line.hasSuffix("\n") { line += "\n" }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Loads a rule file or exits with status 2 after printing every problem (`file:line:col: msg`).
    static func load(_ path: String) throws -> RuleFileDocument {
        do {
            return try RuleFileDocument.load(path: path)
        } catch let e as RuleFileError {
            for d in e.diagnostics { printError(d.description) }
            throw unreadable
        } catch {
            printError("\(error)")
            throw unreadable
        }
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Colour only on a terminal and never with NO_COLOR set (https://no-color.org).
    static var useColor: Bool { stdoutIsTerminal && getenv("NO_COLOR") == nil }
}
