import DetourCore

/// Whether another program changed the file since it was loaded or saved: the loop's tick asks
/// the runtime to compare the file's stamp about once a second, and the user is told once.
public struct DiskWatch: Sendable, Equatable {
    /// How often the file on disk is looked at (seconds).
    public static let interval = 1.0
    /// When the last check was asked for (the loop's clock, in seconds).
    public var lastCheck = -Double.infinity
    public var isChecking = false
    /// The last check found the file different from the document's stamp.
    public var hasChangedOnDisk = false

    public init() {}
}
