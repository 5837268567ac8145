/// An editable line of text with a cursor, counted in graphemes so UTF-8 text (CJK, emoji,
/// combining marks) is edited one visible character at a time. Emacs keys come from the keymap.
public struct TextField: Sendable, Hashable {
    public private(set) var characters: [Character]
    /// Cursor position, 0…characters.count.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    public mutating func insert(_ s: String) {
        // A pasted line break would end up in a one-line field; keep it as a visible space.
        let chars = s.map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" ? " " : $0 }
        characters.insert(contentsOf: chars, at: cursor)
        cursor += chars.count
    }

    public mutating func setText(_ s: String) {
        characters = Array(s)
        cursor = characters.count
    }

    /// Applies a text-editing command; returns false when `command` is not one.
    @discardableResult
    public mutating func apply(_ command: Command) -> Bool {
        switch command {
        case .cursorLeft: cursor = max(0, cursor - 1)
        case .cursorRight: cursor = min(characters.count, cursor + 1)
        case .cursorHome: cursor = 0
        case .cursorEnd: cursor = characters.count
        case .wordLeft: cursor = wordStart(before: cursor)
        case .wordRight:
            var i = cursor
            while i < characters.count, !isWordCharacter(characters[i]) { i += 1 }
            while i < characters.count, isWordCharacter(characters[i]) { i += 1 }
            cursor = i
        case .deleteBackward:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .deleteForward:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .deleteWordBackward:
            let start = wordStart(before: cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .killToEnd: characters.removeSubrange(cursor...)
        case .killToStart:
            characters.removeSubrange(..<cursor)
            cursor = 0
        default: return false
        }
        return true
    }

    private func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private func wordStart(before position: Int) -> Int {
        var i = position
        while i > 0, !isWordCharacter(characters[i - 1]) { i -= 1 }
        while i > 0, isWordCharacter(characters[i - 1]) { i -= 1 }
        return i
    }

    /// The visible part for a box `width` cells wide, scrolled so the cursor shows, and the
    /// cursor's column inside it.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        let widths = characters.map { TextWidth.of($0) }
        var start = 0
        var before = widths[..<cursor].reduce(0, +)
        while before > width - 1, start < cursor {
            before -= widths[start]
            start += 1
        }
        var out = ""
        var used = 0
        var i = start
        while i < characters.count, used + widths[i] <= width {
            out.append(characters[i])
            used += widths[i]
            i += 1
        }
        return (out, before)
    }
}
