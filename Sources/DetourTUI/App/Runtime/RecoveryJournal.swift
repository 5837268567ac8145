import DetourCore
import Foundation

/// Keeps unsaved edits in a recovery file at most about a second old, so a crash, a kill or a
/// lost terminal never loses more than that; the next start offers them back.
public final class RecoveryJournal: @unchecked Sendable {
    /// Where the recovery file for the edited file lives.
    public let recoveryPath: String
    private let queue = DispatchQueue(label: "detour.recovery")
    private let lock = NSLock()
    private var writtenSerial = 0
    private var lastWrite = 0.0
    private var isWriting = false

    /// Edits are written at most this long after they happen.
    public static let maximumStaleness = 1.0

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

    /// Called by the loop on every turn: writes in the background when the edits changed and the
    /// last write is old enough, deletes the file when nothing is unsaved any more.
    public func tick(_ state: AppState, document: RuleFileDocument, now: Double) {
        lock.lock()
        defer { lock.unlock() }
        guard !isWriting else { return }
        if !state.hasUnsavedChanges {
            if writtenSerial != 0 { discardLocked() }
            return
        }
        let serial = state.undo.currentSerial
        guard serial != writtenSerial, now - lastWrite >= RecoveryJournal.maximumStaleness * 0.5 else { return }
        isWriting = true
        writtenSerial = serial
        lastWrite = now
        let set = state.ruleSet, path = recoveryPath
        queue.async { [self] in
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = try? AtomicFile.write(document.render(set), to: path)
            lock.lock()
            isWriting = false
            lock.unlock()
        }
    }

    /// Writes now, on this thread (a termination signal arrived).
    public func writeNow(_ state: AppState, document: RuleFileDocument) {
        queue.sync {}
        guard state.hasUnsavedChanges else { return }
        try? FileManager.default.createDirectory(atPath: (recoveryPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = try? AtomicFile.write(document.render(state.ruleSet), to: recoveryPath)
    }

    public func discard() {
        queue.sync {}
        lock.lock()
        discardLocked()
        lock.unlock()
    }

    private func discardLocked() {
        unlink(recoveryPath)
        writtenSerial = 0
    }

    /// Waits for a background write to finish.
    public func flush() { queue.sync {} }

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
