/// When the recovery file is written: at most about a second after an edit, never two writes at
/// once, and removed again when nothing is unsaved. Kept in the state so `update` decides and
/// the runtime only writes.
public struct RecoverySchedule: Sendable, Equatable {
    /// The undo serial the recovery file holds (0: there is none).
    public var writtenSerial = 0
    /// When the last write was asked for (the loop's clock, in seconds).
    public var lastWrite = -Double.infinity
    /// A write is running; the next one waits for it.
    public var isWriting = false

    /// Edits are written at most this long after they happen.
    public static let maximumStaleness = 1.0

    public init() {}
}
