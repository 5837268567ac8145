import DetourCore

/// The key table of DESIGN §8 plus the conventions of lazygit and k9s (`?`, `/`, `:`, `esc` goes
/// back and never quits).
public struct Keymap: Sendable {
    public let bindings: [KeyBinding]

    public init(bindings: [KeyBinding] = Keymap.standardBindings) {
        self.bindings = bindings
    }

    public static let standard = Keymap()

    /// The command `key` means in `context`, if any.
    public func command(for key: Key, in context: KeyContext) -> Command? {
        bindings.first { $0.context == context && $0.keys.contains(key) }?.command
    }

    /// The first key bound to `command` in `context` (tests press keys through this, so a
    /// rebinding does not break them).
    public func key(for command: Command, in context: KeyContext) -> Key? {
        bindings.first { $0.context == context && $0.command == command }?.keys.first
    }

    public func bindings(in context: KeyContext) -> [KeyBinding] { bindings.filter { $0.context == context } }

    public static let standardBindings: [KeyBinding] = [
        // Rule table
        .init(.table, [.char("j"), .down], .moveDown, short: "move", help: "Select the next rule", hint: true),
        .init(.table, [.char("k"), .up], .moveUp, short: "move", help: "Select the previous rule"),
        .init(.table, [.pageDown, .ctrl("d")], .pageDown, short: "page down", help: "Move one page down"),
        .init(.table, [.pageUp, .ctrl("u")], .pageUp, short: "page up", help: "Move one page up"),
        .init(.table, [.char("g"), .home], .moveToTop, short: "top", help: "Select the first rule"),
        .init(.table, [.char("G"), .end], .moveToBottom, short: "bottom", help: "Select the last rule"),
        .init(.table, [.enter, .char("e")], .editRule, short: "edit", help: "Edit the selected rule in a form", hint: true),
        .init(.table, [.char("a")], .addRule, short: "add", help: "Add a rule below the selected one", hint: true),
        .init(.table, [.char("y")], .duplicateRule, short: "dup", help: "Duplicate the selected rule below it"),
        .init(
            .table, [.char("d"), .delete], .deleteRule, short: "delete", help: "Delete the selected rule (u undoes it)", hint: true, dangerous: true),
        .init(.table, [.char(" ")], .toggleEnabled, short: "on/off", help: "Enable or disable the selected rule"),
        .init(.table, [.char("J")], .moveRuleDown, short: "move down", help: "Move the rule down (order is precedence)"),
        .init(.table, [.char("K")], .moveRuleUp, short: "move up", help: "Move the rule up (order is precedence)"),
        .init(.table, [.char("u")], .undo, short: "undo", help: "Undo the last edit", hint: true),
        .init(.table, [.ctrl("r")], .redo, short: "redo", help: "Redo the last undone edit"),
        .init(.table, [.ctrl("s")], .save, short: "save", help: "Save the file (comments and order kept)", hint: true),
        .init(.table, [.char("/")], .startFilter, short: "filter", help: "Filter rules by text (id, source, target, note, owner, tags)", hint: true),
        .init(.table, [.char("n")], .nextMatch, short: "next", help: "Next rule matching the filter"),
        .init(.table, [.char("N")], .previousMatch, short: "prev", help: "Previous rule matching the filter"),
        .init(.table, [.esc], .clearFilter, short: "clear", help: "Clear the filter (keeps the selected rule)"),
        .init(.table, [.char(":")], .openCommandLine, short: "cmd", help: "Command line: :w :q :q! :wq :theme NAME :goto ID"),
        .init(.table, [.char("?")], .toggleHelp, short: "help", help: "Show all keys", hint: true),
        .init(
            .table, [.char("!")], .openFindings, short: "findings", help: "Findings panel: every finding of the validator, worst first", hint: true),
        .init(
            .table, [.char("r")], .openSimulator, short: "simulate", help: "Simulator panel: trace a request through the rules, or replay a log",
            hint: true),
        .init(
            .table, [.char("x")], .openExport, short: "export",
            help: "Export dialog: every target with what it keeps of the file; pick one, see each rule's verdict, preview, write, verify",
            hint: true),
        .init(
            .table, [.char("c")], .openChanges, short: "changes",
            help: "Changes panel: which requests the unsaved rules answer differently from the file on disk (as detour diff)"),
        .init(
            .table, [.tab], .switchPane, short: "suggestions",
            help: "With suggestions open beside the rules (detour edit --beside): move to the suggestions pane", hint: true),
        .init(.table, [.char("q"), .ctrl("c")], .quit, short: "quit", help: "Quit (asks when there are unsaved edits)", hint: true),
        .init(.table, [.ctrl("z")], .suspend, short: "suspend", help: "Suspend to the shell (fg resumes)"),
        // Rule form
        .init(.form, [.tab, .down], .nextField, short: "next field", help: "Next field", hint: true),
        .init(.form, [.backTab, .up], .previousField, short: "prev field", help: "Previous field"),
        .init(.form, [.enter, .ctrl("s")], .applyForm, short: "apply", help: "Apply the form when every field is valid", hint: true),
        .init(.form, [.esc, .ctrl("c")], .cancelForm, short: "cancel", help: "Close the form (asks before discarding changes)", hint: true),
        .init(
            .form, [.char(" "), .right], .nextChoice, short: "choose", help: "In a choice field (enabled, code, query, cache): next choice",
            hint: true),
        .init(.form, [.left], .previousChoice, short: "choose", help: "In a choice field: previous choice"),
        .init(.form, [.ctrl("t")], .insertNow, short: "now", help: "In a timestamp field (starts, expires): insert the current time"),
        // Text fields
        .init(.textField, [.left, .ctrl("b")], .cursorLeft, short: "left", help: "Cursor one character left"),
        .init(.textField, [.right, .ctrl("f")], .cursorRight, short: "right", help: "Cursor one character right"),
        .init(.textField, [.home, .ctrl("a")], .cursorHome, short: "start", help: "Cursor to the start"),
        .init(.textField, [.end, .ctrl("e")], .cursorEnd, short: "end", help: "Cursor to the end"),
        .init(.textField, [.alt("b")], .wordLeft, short: "word left", help: "Cursor one word left"),
        .init(.textField, [.alt("f")], .wordRight, short: "word right", help: "Cursor one word right"),
        .init(.textField, [.backspace, .ctrl("h")], .deleteBackward, short: "delete", help: "Delete the character before the cursor"),
        .init(.textField, [.delete, .ctrl("d")], .deleteForward, short: "delete", help: "Delete the character under the cursor"),
        .init(.textField, [.ctrl("w"), .alt("\u{7f}")], .deleteWordBackward, short: "delete word", help: "Delete the word before the cursor"),
        .init(.textField, [.ctrl("k")], .killToEnd, short: "kill", help: "Delete to the end"),
        .init(.textField, [.ctrl("u")], .killToStart, short: "kill", help: "Delete to the start"),
        // Filter
        .init(.filter, [.enter], .acceptFilter, short: "keep", help: "Keep the filter and go back to the table", hint: true),
        .init(.filter, [.esc, .ctrl("c")], .cancelFilter, short: "clear", help: "Clear the filter", hint: true),
        .init(.filter, [.down], .moveDown, short: "move", help: "Select the next matching rule while typing"),
        .init(.filter, [.up], .moveUp, short: "move", help: "Select the previous matching rule while typing"),
        // Command line
        .init(.command, [.enter], .runCommand, short: "run", help: "Run the command", hint: true),
        .init(.command, [.tab], .completeCommand, short: "complete", help: "Complete the command, theme name or rule id", hint: true),
        .init(.command, [.esc, .ctrl("c")], .cancelCommand, short: "cancel", help: "Close the command line", hint: true),
        // Help overlay
        .init(.help, [.esc, .char("?"), .char("q")], .closeHelp, short: "close", help: "Close help", hint: true),
        .init(.help, [.char("j"), .down, .pageDown], .scrollHelpDown, short: "scroll", help: "Scroll down", hint: true),
        .init(.help, [.char("k"), .up, .pageUp], .scrollHelpUp, short: "scroll", help: "Scroll up"),
        // Changes panel
        .init(.changes, [.char("j"), .down], .moveDown, short: "move", help: "Select the next region", hint: true),
        .init(.changes, [.char("k"), .up], .moveUp, short: "move", help: "Select the previous region"),
        .init(.changes, [.pageDown, .ctrl("d")], .pageDown, short: "page down", help: "One page down"),
        .init(.changes, [.pageUp, .ctrl("u")], .pageUp, short: "page up", help: "One page up"),
        .init(.changes, [.char("g"), .home], .moveToTop, short: "top", help: "The first region"),
        .init(.changes, [.char("G"), .end], .moveToBottom, short: "bottom", help: "The last region"),
        .init(.changes, [.enter], .jumpToRule, short: "jump", help: "Close the panel and select the rule that answers the region now", hint: true),
        .init(.changes, [.char("c")], .refreshChanges, short: "refresh", help: "Compare again (after more edits)", hint: true),
        .init(.changes, [.esc, .char("q")], .closePanel, short: "close", help: "Close the panel", hint: true),
        // Suggestions pane
        .init(.suggestions, [.char("j"), .down], .moveDown, short: "move", help: "Select the next suggestion", hint: true),
        .init(.suggestions, [.char("k"), .up], .moveUp, short: "move", help: "Select the previous suggestion"),
        .init(.suggestions, [.pageDown, .ctrl("d")], .pageDown, short: "page down", help: "One page down"),
        .init(.suggestions, [.pageUp, .ctrl("u")], .pageUp, short: "page up", help: "One page up"),
        .init(.suggestions, [.char("g"), .home], .moveToTop, short: "top", help: "The first suggestion"),
        .init(.suggestions, [.char("G"), .end], .moveToBottom, short: "bottom", help: "The last suggestion"),
        .init(
            .suggestions, [.char("a"), .enter], .acceptSuggestion, short: "accept",
            help: "Accept: insert the rule into the file (before a rule that would shadow it, else at the end) as an unsaved edit; u undoes it",
            hint: true),
        .init(
            .suggestions, [.char("A")], .acceptSafeSuggestions, short: "accept safe",
            help: "Accept every remaining safe suggestion (catches its logged 404s, changes no answered request, no new finding) as one edit",
            hint: true),
        .init(
            .suggestions, [.char("s"), .char("x")], .skipSuggestion, short: "skip",
            help: "Skip the suggestion (again: bring it back); the suggestions file is never written", hint: true),
        .init(
            .suggestions, [.char("e")], .editSuggestion, short: "edit", help: "Open the suggestion in the rule form to change it before accepting",
            hint: true),
        .init(.suggestions, [.tab, .esc], .switchPane, short: "rules", help: "Back to the rule table (the suggestions stay open)", hint: true),
        .init(
            .suggestions, [.char("u")], .undo, short: "undo", help: "Undo the last edit (an accepted suggestion becomes pending again)", hint: true),
        .init(.suggestions, [.ctrl("r")], .redo, short: "redo", help: "Redo the last undone edit"),
        .init(.suggestions, [.ctrl("s")], .save, short: "save", help: "Save the rule file (never the suggestions file)", hint: true),
        .init(.suggestions, [.char(":")], .openCommandLine, short: "cmd", help: "Command line: :w :q :q! :wq :theme NAME :goto ID"),
        .init(.suggestions, [.char("?")], .toggleHelp, short: "help", help: "Show all keys", hint: true),
        .init(.suggestions, [.char("q"), .ctrl("c")], .quit, short: "quit", help: "Quit (asks when there are unsaved edits)", hint: true),
        // Findings panel
        .init(.findings, [.char("j"), .down], .moveDown, short: "move", help: "Select the next finding", hint: true),
        .init(.findings, [.char("k"), .up], .moveUp, short: "move", help: "Select the previous finding"),
        .init(.findings, [.pageDown, .ctrl("d")], .pageDown, short: "page down", help: "One page down"),
        .init(.findings, [.pageUp, .ctrl("u")], .pageUp, short: "page up", help: "One page up"),
        .init(.findings, [.char("g"), .home], .moveToTop, short: "top", help: "The first (worst) finding"),
        .init(.findings, [.char("G"), .end], .moveToBottom, short: "bottom", help: "The last finding"),
        .init(.findings, [.enter], .jumpToRule, short: "jump", help: "Close the panel and select the finding's rule", hint: true),
        .init(
            .findings, [.char("f")], .previewFix, short: "fix", help: "Preview the finding's fix (before/after), then apply it as one undoable edit",
            hint: true),
        .init(
            .findings, [.char("s")], .simulateWitness, short: "simulate", help: "Simulate the finding's witness request in the simulator panel",
            hint: true),
        .init(.findings, [.esc, .char("q"), .char("!")], .closePanel, short: "close", help: "Close the panel", hint: true),
        // Fix preview
        .init(.fixPreview, [.enter, .char("f"), .char("y")], .applyFix, short: "apply", help: "Apply the fix (one edit: u undoes it)", hint: true),
        .init(
            .fixPreview, [.esc, .char("n"), .char("q")], .cancelFix, short: "cancel", help: "Back to the findings without changing anything",
            hint: true),
        // Simulator panel
        .init(
            .simulator, [.tab], .nextField, short: "next field",
            help: "Next row (method, URL, headers, cookies, ip, client, server, time, log, trace)", hint: true),
        .init(.simulator, [.backTab], .previousField, short: "prev field", help: "Previous row"),
        .init(
            .simulator, [.enter], .runSimulation, short: "run",
            help: "Simulate the request; on the log row replay the log; on a hop jump to its rule", hint: true),
        .init(
            .simulator, [.ctrl("l")], .runReplay, short: "replay", help: "Replay the log file (hits per rule, never-hit rules, rollout shares)",
            hint: true),
        .init(.simulator, [.char(" "), .right], .nextChoice, short: "choose", help: "On method, client, server: next choice"),
        .init(.simulator, [.left], .previousChoice, short: "choose", help: "On method, client, server: previous choice"),
        .init(
            .simulator, [.up], .historyBack, short: "history",
            help: "On the URL: older URL from the history; on the trace: previous hop; else previous row"),
        .init(
            .simulator, [.down], .historyForward, short: "history",
            help: "On the URL: newer URL from the history; on the trace: next hop; else next row"),
        .init(
            .simulator, [.esc, .ctrl("c")], .cancelJob, short: "cancel/close",
            help: "Cancel the running simulation or replay; otherwise close the panel", hint: true),
        // Export dialog
        .init(
            .export, [.right, .char("l")], .nextTarget, short: "target",
            help: "Next export target (\(ServerTargets.names))", hint: true),
        .init(.export, [.left, .char("h")], .previousTarget, short: "target", help: "Previous export target"),
        .init(.export, [.char("j"), .down], .moveDown, short: "scroll", help: "Scroll the preview down"),
        .init(.export, [.char("k"), .up], .moveUp, short: "scroll", help: "Scroll the preview up"),
        .init(.export, [.pageDown, .char(" ")], .pageDown, short: "page", help: "Scroll the preview one page down"),
        .init(.export, [.pageUp], .pageUp, short: "page up", help: "Scroll the preview one page up"),
        .init(.export, [.char("f")], .nextFile, short: "file", help: "Show the next file of the export"),
        .init(.export, [.tab, .char("d")], .editDirectory, short: "directory", help: "Edit the directory to write to"),
        .init(
            .export, [.char("w")], .writeExport, short: "write",
            help: "Write the files (atomic; asks before overwriting; with error findings, says why and a second w writes)",
            hint: true),
        .init(
            .export, [.char("o"), .char("y")], .confirmOverwrite, short: "overwrite", help: "When asked: overwrite the existing files",
            dangerous: true),
        .init(.export, [.char("v")], .verifyExport, short: "verify", help: "Run detour verify against the real server (when installed)", hint: true),
        .init(
            .export, [.esc, .char("q")], .cancelJob, short: "cancel/close", help: "Cancel the running job or question; otherwise close the dialog",
            hint: true),
        .init(.exportDirectory, [.enter], .writeExport, short: "write", help: "Write the export into this directory", hint: true),
        .init(.exportDirectory, [.tab, .esc], .editDirectory, short: "done", help: "Back to the preview", hint: true),
        // Dialogs
        .init(.dialog, [.char("s")], .confirmSave, short: "save", help: "Quit dialog: save, then quit", hint: true),
        .init(
            .dialog, [.char("d")], .confirmDiscard, short: "discard", help: "Quit, form or recovery dialog: discard the changes", hint: true,
            dangerous: true),
        .init(
            .dialog, [.char("o")], .confirmOverwrite, short: "overwrite", help: "File changed on disk: overwrite it with your version", hint: true,
            dangerous: true),
        .init(
            .dialog, [.char("r")], .confirmReload, short: "reload", help: "File changed on disk: reload it (your unsaved edits are dropped)",
            hint: true, dangerous: true),
        .init(.dialog, [.char("k"), .esc], .keepEditing, short: "keep editing", help: "Close the dialog and keep editing", hint: true),
        .init(
            .dialog, [.char("y")], .confirmRestore, short: "restore", help: "Recovery dialog: restore the unsaved edits of the last session",
            hint: true)
    ]
}
