import DetourCore

/// The `c` panel: what the unsaved rules do differently from the file on disk, as `detour diff`
/// reports it (regions of requests with a witness, before and after), computed in the background.
public struct ChangesPanelState: Sendable {
    /// The background diff this panel waits for.
    public var job: Int
    /// The rules' revision the diff was asked for.
    public var revision: Int
    public var report: BehaviourDiffReport?
    /// Why the diff could not run (the file on disk cannot be read).
    public var error: String?
    public var selected = 0
    public var scroll = 0

    public init(job: Int, revision: Int) {
        self.job = job
        self.revision = revision
    }

    /// The regions in the order the panel lists them (grouped by kind).
    public var regions: [DiffRegion] { report?.regions ?? [] }
}
