/// A colour as a theme names it; the terminal backend downsamples it to what the terminal has.
public enum ColorValue: Sendable, Hashable, CustomStringConvertible {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–7 normal, 8–15 light).
    case ansi(UInt8)
    /// An xterm-256 palette index.
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .ansi(let n): return ColorValue.ansiNames[Int(n)]
        case .indexed(let n): return String(n)
        case .rgb(let r, let g, let b):
            return "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// The 16 ANSI names in palette order, as theme files spell them.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "light-black", "light-red", "light-green", "light-yellow", "light-blue", "light-magenta",
        "light-cyan", "light-white",
    ]
}

/// Text attributes that carry meaning without colour (monochrome themes rely on them).
public struct Modifiers: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Modifiers(rawValue: 1)
    public static let dim = Modifiers(rawValue: 2)
    public static let italic = Modifiers(rawValue: 4)
    public static let underline = Modifiers(rawValue: 8)
    public static let reverse = Modifiers(rawValue: 16)
    public static let standout = Modifiers(rawValue: 32)

    /// Names in the order theme files and snapshots list them.
    public static let named: [(String, Modifiers)] = [
        ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline),
        ("reverse", .reverse), ("standout", .standout),
    ]

    public var names: [String] { Modifiers.named.filter { contains($0.1) }.map(\.0) }
}

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
