/// A mouse event in screen cells.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    public let kind: Kind
    public let x: Int
    public let y: Int
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// Everything the terminal can deliver.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    /// A bracketed paste, delivered whole so pasted text can never fire commands.
    case paste(String)
    case mouse(MouseEvent)
    case resize(Size)

    /// Something the user typed, pasted or clicked (not a resize).
    var isInput: Bool {
        if case .resize = self { return false }
        return true
    }
}
