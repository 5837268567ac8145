import DetourCore

/// Everything that can happen to the editor: input, and the results of effects.
public enum Action: Sendable {
    case event(TerminalEvent)
    /// The changes panel's diff against the file on disk.
    case changesComputed(job: Int, BehaviourDiffReport)
    case changesFailed(job: Int, String)
    /// Scan the next chunk of the filter (sent by the loop when no input is waiting).
    case filterStep
    /// The save of the rules at undo serial `serial` finished; `document` is the file as saved
    /// (its new stamp and text), which the state keeps from now on.
    case saved(serial: Int, document: RuleFileDocument)
    case saveConflict
    case saveFailed(String)
    /// The file was read again from disk (after a conflict, the user chose to reload).
    case reloaded(RuleFileDocument)
    case reloadFailed(String)
    /// The loop's clock, sent once per turn: update decides from it when the recovery file is
    /// written and when the file on disk is looked at again.
    case tick(seconds: Double)
    /// The recovery file now holds the edits at undo serial `serial`.
    case recoveryWritten(serial: Int)
    /// The file on disk was compared with the stamp the document had when the check started.
    case diskChecked(expected: AtomicFile.Stamp?, changed: Bool)
    case themeLoaded(Theme)
    case themeFailed(String)
    /// New findings counts from a validation run (nil: none known); the validator's seam.
    case findingsChanged(FindingsSummary?)
    /// The loop asks for a validation of the rules at undo serial `revision` (when none runs and
    /// the rules changed since the last one): update marks it as running (the title shows
    /// "checking") and answers with the `.validate` effect.
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
    /// A verify run has sent `sent` of its `total` requests.
    case verifyProgress(job: Int, sent: Int, total: Int)
    case verifyFinished(job: Int, lines: [String], agreed: Bool)
    /// What accepting suggestion `item` would do to the rules at undo serial `revision`.
    case suggestionAssessed(job: Int, revision: Int, item: Int, SuggestionImpact)
    /// The assessment job `job` has assessed every suggestion it was given (or was cancelled).
    case suggestionsAssessed(job: Int, revision: Int)
    /// Every target's summary of the rules, in `ServerKind.allCases` order.
    case exportSummarized(job: Int, [String])
}
