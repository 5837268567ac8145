import DetourCore

/// Work `update` asks for as a value and the runtime performs (`EffectRunner`, off the input
/// thread), so `update` itself never does I/O; every result comes back as an `Action`.
public enum Effect: Sendable, Equatable {
    /// Write the rules (as at undo serial `serial`) to the file; `force` overwrites a file that
    /// changed on disk.
    case save(force: Bool, serial: Int)
    /// Load the file again, dropping unsaved edits (the undo stack keeps them); answers with
    /// `.reloaded` or `.reloadFailed`, and input goes on meanwhile.
    case reload
    /// Validate the rules at undo serial `revision`; answers with `.validationFinished`.
    case validate(revision: Int)
    /// Write the unsaved edits at undo serial `serial` to the recovery file; answers with
    /// `.recoveryWritten`.
    case writeRecovery(serial: Int)
    case loadTheme(String)
    /// Delete the recovery file (after a save, or when its edits were discarded).
    case discardRecovery
    /// See whether another program changed the file since the document's stamp `expected`;
    /// answers with `.diskChecked`.
    case checkDisk(expected: AtomicFile.Stamp?)
    /// Ctrl-Z: hand the terminal back to the shell (the loop does it on the terminal's thread).
    case suspend
    /// The loop ends once no save is running (`AppState.isQuitting` is already set).
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
    /// Verify the rules as they are now against the real server (`DetourVerify`, in-process);
    /// answers with `.verifyProgress` reports and `.verifyFinished`.
    case verifyExport(job: Int, server: ServerKind)
    /// Read the file on disk and diff it against the rules as they are now (`BehaviourDiff`);
    /// answers with `.changesComputed` or `.changesFailed`.
    case diffAgainstDisk(job: Int)
    /// Assess what accepting each of the suggestions `items` would do to the rules as they are
    /// now (`SuggestionImpact`); answers with one `.suggestionAssessed` per item, then
    /// `.suggestionsAssessed`.
    case assessSuggestions(job: Int, revision: Int, items: [Int])
    /// Ask every target for its one-sentence summary of the rules (`ServerTarget.exportSummary`);
    /// answers with `.exportSummarized`.
    case summarizeExports(job: Int)
}
