import DetourCore

/// Everything that can happen to the editor: input, and the results of effects.
public enum Action: Sendable {
    case event(TerminalEvent)
    /// Scan the next chunk of the filter (sent by the loop when no input is waiting).
    case filterStep
    /// The save of the rules at undo serial `serial` finished.
    case saved(serial: Int)
    case saveConflict
    case saveFailed(String)
    case reloaded(RuleSet)
    case themeLoaded(Theme)
    case themeFailed(String)
    /// New findings counts from a validation run (nil: none known); the validator's seam.
    case findingsChanged(FindingsSummary?)
    /// The validator started on the rules at undo serial `revision` (the title shows "checking").
    case validationStarted(revision: Int)
    /// The validator finished; results for a revision the rules have since left are dropped.
    case validationFinished(FindingsIndex)
    case simulationFinished(job: Int, SimulationTrace, server: String, client: String)
    case simulationFailed(job: Int, String)
    /// A replay read `done` of `total` bytes.
    case replayProgress(job: Int, done: Int, total: Int)
    case replayFinished(job: Int, ReplayReport, file: String)
    case exportPreviewed(job: Int, ExportPreview)
    /// An export, write or verify job failed; the message goes to the status line.
    case exportFailed(job: Int, String)
    /// Which of the export's files already exist in the chosen directory (empty: none).
    case exportTargetChecked(job: Int, existing: [String])
    case exportWritten(job: Int, directory: String, files: Int)
    case verifyFinished(job: Int, lines: [String], agreed: Bool)
}

/// Work `update` asks for and the loop performs, so `update` itself never does I/O.
public enum Effect: Sendable, Equatable {
    /// Write the rules (as at undo serial `serial`) to the file; `force` overwrites a file that
    /// changed on disk.
    case save(force: Bool, serial: Int)
    /// Load the file again, dropping unsaved edits.
    case reload
    case loadTheme(String)
    /// Delete the recovery file (after a save, or when its edits were discarded).
    case discardRecovery
    case suspend
    case quit
    /// Trace one request in the background; answers with `.simulationFinished`.
    case simulate(SimulationJob)
    /// Replay a log file in the background with progress; answers with `.replayFinished`.
    case replay(ReplayJob)
    /// Stop a running job (Esc); its result, if it still arrives, is dropped.
    case cancelJob(Int)
    /// Export the rules leniently to a server for the dialog's preview.
    case exportPreview(job: Int, server: ServerKind, directory: String)
    /// See which files of the export exist in `directory` (before asking to overwrite).
    case checkExportTarget(job: Int, directory: String, names: [String])
    /// Write the previewed export's files atomically into `directory`.
    case writeExport(job: Int, server: ServerKind, directory: String)
    /// Run `detour verify` on the rules as they are now against the real server.
    case verifyExport(job: Int, server: ServerKind)
}
