import DetourCore

/// A question the editor must have answered before it goes on.
public enum Confirmation: Sendable {
    /// `q` with unsaved edits: save, discard or keep editing.
    case quitWithUnsavedEdits
    /// The file changed on disk since it was loaded: overwrite, reload or keep editing.
    case fileChangedOnDisk(quitAfterSave: Bool)
    /// Esc in a modified form: discard the changes or keep editing.
    case discardForm(FormState)
    /// The last session ended with unsaved edits: restore or discard them.
    case recovery(RecoveredEdits)

    /// The dialog commands that answer it.
    public var options: [Command] {
        switch self {
        case .quitWithUnsavedEdits: return [.confirmSave, .confirmDiscard, .keepEditing]
        case .fileChangedOnDisk: return [.confirmOverwrite, .confirmReload, .keepEditing]
        case .discardForm: return [.confirmDiscard, .keepEditing]
        case .recovery: return [.confirmRestore, .confirmDiscard]
        }
    }
}

/// Unsaved edits found in a recovery file from an earlier session.
public struct RecoveredEdits: Sendable {
    public let rules: [Rule]
    public let savedAt: Timestamp
    public init(rules: [Rule], savedAt: Timestamp) {
        self.rules = rules
        self.savedAt = savedAt
    }
}
