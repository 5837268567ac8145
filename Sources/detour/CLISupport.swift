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

    /// The rules of `doc` that simulate, export, verify and replay work on: a rule with fields that
    /// did not parse (DT070) is left out, and a line on stderr names it, where it is and why.
    static func usableRules(_ doc: RuleFileDocument) -> RuleSet {
        guard doc.ruleSet.hasInvalidRules else { return doc.ruleSet }
        for line in doc.ruleSet.skippedRuleMessages(file: doc.path) { printError(line) }
        return doc.ruleSet.withoutInvalidRules()
    }

    /// Writes bytes to stdout as they are (no newline added).
    static func writeStandardOutput(_ bytes: [UInt8]) {
        var offset = 0
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }

    /// Runs a write of a file. A refused write (changed on disk, read-only) or a failed one prints
    /// why and exits 2: the file on disk is as it was. `hasForce`: the command has a --force that
    /// writes a read-only file, and the message says so.
    static func writing(hasForce: Bool = true, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as AtomicFile.Failure {
            if case .readOnly = e, hasForce { printError("\(e) (--force writes it anyway)") } else { printError("\(e)") }
            throw unreadable
        } catch let e as RuleFileError {
            for d in e.diagnostics { printError(d.description) }
            throw unreadable
        } catch {
            printError("\(error)")
            throw unreadable
        }
    }

    /// The stamp of `path` before a command writes a new file there: nil when there is no file;
    /// an existing file is refused (exit 2) unless `force`. The write then refuses when another
    /// program creates or changes the file meanwhile.
    static func newFileStamp(_ path: String, force: Bool) throws -> AtomicFile.Stamp? {
        guard let stamp = AtomicFile.stamp(path) else { return nil }
        if !force {
            printError("\(path): already exists; use --force to overwrite it")
            throw unreadable
        }
        return stamp
    }

    /// `--now` as a timestamp, or the current time when it is not given; exit 2 for bad text.
    static func clock(_ now: String?) throws -> Timestamp {
        guard let now else { return .now() }
        guard let t = Timestamp(rfc3339: now) else {
            printError("--now: '\(now)' is not an RFC 3339 time like 2026-12-31T00:00:00Z")
            throw unreadable
        }
        return t
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Colour only on a terminal and never with NO_COLOR set (https://no-color.org).
    static var useColor: Bool { stdoutIsTerminal && getenv("NO_COLOR") == nil }
}
