import DetourCore
import Foundation

/// The recovery file of unsaved edits, so a crash, a kill or a lost terminal never loses more
/// than about a second of work; the next start offers them back. It only reads and writes: when
/// to write is `update`'s decision (`RecoverySchedule`), and the runtime calls it off the input
/// thread.
public final class RecoveryJournal: Sendable {
    /// Where the recovery file for the edited file lives.
    public let recoveryPath: String

    /// Edits are written at most this long after they happen.
    public static let maximumStaleness = RecoverySchedule.maximumStaleness

    /// `stateFolder`: `$XDG_STATE_HOME/detour` by default.
    public init(editing path: String, stateFolder: String = RecoveryJournal.defaultStateFolder()) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let name = absolute.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        recoveryPath = stateFolder + "/recovery/" + String(name)
    }

    public static func defaultStateFolder() -> String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_STATE_HOME"], !x.isEmpty { return x + "/detour" }
        return (env["HOME"].map { $0 + "/.local/state" } ?? NSTemporaryDirectory()) + "/detour"
    }

    /// Writes `set` as `document` would save it (comments kept), atomically.
    public func write(_ set: RuleSet, document: RuleFileDocument) {
        try? FileManager.default.createDirectory(atPath: (recoveryPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = try? AtomicFile.write(document.render(set), to: recoveryPath)
    }

    /// Writes the state's unsaved edits now, if there are any (a termination signal arrived).
    public func writeNow(_ state: AppState, document: RuleFileDocument) {
        guard state.hasUnsavedChanges else { return }
        write(state.ruleSet, document: document)
    }

    public func discard() {
        unlink(recoveryPath)
    }

    /// The edits of an earlier session, when a recovery file exists and differs from the file.
    public func recoveredEdits(for document: RuleFileDocument) -> RecoveredEdits? {
        guard let bytes = try? AtomicFile.read(recoveryPath) else { return nil }
        guard let recovered = try? RuleFileDocument(path: document.path, bytes: bytes) else { return nil }
        if recovered.ruleSet.rules == document.ruleSet.rules {
            unlink(recoveryPath)
            return nil
        }
        var info = stat()
        let seconds = stat(recoveryPath, &info) == 0 ? Int64(info.st_mtim.tv_sec) : Timestamp.now().secondsSinceEpoch
        return RecoveredEdits(rules: recovered.ruleSet.rules, savedAt: Timestamp(secondsSinceEpoch: seconds))
    }
}
