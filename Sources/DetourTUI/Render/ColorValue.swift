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
        "light-cyan", "light-white"
    ]
}
