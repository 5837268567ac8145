import DetourCore

// Applying edits with undo, and keeping the selection visible.
extension Editor {
    /// Applies a new edit and records it for undo.
    static func perform(_ edit: RuleEdit, _ s: inout AppState) {
        edit.apply(to: &s.rules)
        s.undo.record(edit)
        s.filter?.adjust(for: edit, rules: s.rules)
        select(rule: edit.focusIndex, &s)
        s.status = .info(edit.summary)
    }

    /// Applies an undo or redo step (already moved on the stack).
    static func applyHistory(_ edit: RuleEdit, _ s: inout AppState) {
        edit.apply(to: &s.rules)
        s.filter?.adjust(for: edit, rules: s.rules)
        select(rule: edit.focusIndex, &s)
    }

    static func select(rule index: Int, _ s: inout AppState) {
        s.cursor = s.row(ofRule: min(index, max(0, s.rules.count - 1)))
        clampCursor(&s)
    }

    static func moveCursor(to row: Int, _ s: inout AppState) {
        s.cursor = row
        clampCursor(&s)
    }

    static func clampCursor(_ s: inout AppState) {
        s.cursor = max(0, min(s.cursor, s.visibleCount - 1))
        ensureVisible(&s)
    }

    static func ensureVisible(_ s: inout AppState) {
        let page = ScreenLayout(state: s).pageRows
        if s.cursor < s.scrollOffset { s.scrollOffset = s.cursor }
        if s.cursor >= s.scrollOffset + page { s.scrollOffset = s.cursor - page + 1 }
        s.scrollOffset = max(0, min(s.scrollOffset, max(0, s.visibleCount - page)))
    }
}
