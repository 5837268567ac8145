/// How one cell looks: colours (nil: inherit from what is below) and modifiers.
public struct Style: Sendable, Hashable, CustomStringConvertible {
    public var fg: ColorValue?
    public var bg: ColorValue?
    public var modifiers: Modifiers

    public init(fg: ColorValue? = nil, bg: ColorValue? = nil, modifiers: Modifiers = []) {
        self.fg = fg
        self.bg = bg
        self.modifiers = modifiers
    }

    public static let plain = Style()

    /// This style with `other` on top: its colours win where set, modifiers add up.
    public func patched(_ other: Style) -> Style {
        Style(fg: other.fg ?? fg, bg: other.bg ?? bg, modifiers: modifiers.union(other.modifiers))
    }

    public var description: String {
        var parts: [String] = []
        if let fg { parts.append("fg=\(fg)") }
        if let bg { parts.append("bg=\(bg)") }
        parts += modifiers.names
        return parts.isEmpty ? "plain" : parts.joined(separator: " ")
    }
}
