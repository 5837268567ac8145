/// What a key means, independent of which key it is: the keymap turns keys into commands, and
/// `update` acts on commands.
public enum Command: String, CaseIterable, Sendable {
    // Table
    case moveUp, moveDown, pageUp, pageDown, moveToTop, moveToBottom
    case editRule, addRule, duplicateRule, deleteRule, toggleEnabled, moveRuleDown, moveRuleUp
    case undo, redo, save, startFilter, nextMatch, previousMatch, clearFilter
    case openCommandLine, toggleHelp, quit, suspend
    // Form
    case nextField, previousField, applyForm, cancelForm, nextChoice, previousChoice, insertNow
    // Text fields (form fields, filter, command line)
    case cursorLeft, cursorRight, cursorHome, cursorEnd, wordLeft, wordRight
    case deleteBackward, deleteForward, deleteWordBackward, killToEnd, killToStart
    // Filter and command line
    case acceptFilter, cancelFilter, runCommand, cancelCommand, completeCommand
    // Help overlay
    case closeHelp, scrollHelpDown, scrollHelpUp
    // Dialogs
    case confirmSave, confirmDiscard, confirmOverwrite, confirmReload, keepEditing, confirmRestore
    // Findings panel and fix preview
    case openFindings, jumpToRule, previewFix, simulateWitness, closePanel, applyFix, cancelFix
    // Simulator panel
    case openSimulator, runSimulation, runReplay, historyBack, historyForward, cancelJob
    // Export dialog
    case openChanges, refreshChanges
    // Suggestions pane (--beside)
    case switchPane, acceptSuggestion, acceptSafeSuggestions, skipSuggestion, editSuggestion
    case openExport, nextTarget, previousTarget, nextFile, editDirectory, writeExport, verifyExport
}
