/// One screen cell: a grapheme and its style. The right half of a wide grapheme is a continuation
/// cell that the backend never draws.
public struct Cell: Sendable, Hashable {
    public var grapheme: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ grapheme: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.grapheme = grapheme
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}
