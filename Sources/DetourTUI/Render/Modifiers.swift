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
        ("reverse", .reverse), ("standout", .standout)
    ]

    public var names: [String] { Modifiers.named.filter { contains($0.1) }.map(\.0) }
}
