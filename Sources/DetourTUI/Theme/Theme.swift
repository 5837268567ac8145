/// A resolved colour theme: one style per `ThemeRole`, built from a theme file (and the files it
/// inherits from).
public struct Theme: Sendable {
    public let name: String
    private let styles: [ThemeRole: Style]

    init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style of `role`, its dotted fallback applied.
    public subscript(role: ThemeRole) -> Style { styles[role] ?? .plain }

    /// Whether any role uses a colour (false for monochrome themes).
    public var usesColor: Bool {
        ThemeRole.allCases.contains { self[$0].fg != nil || self[$0].bg != nil }
    }

    /// The theme with every colour removed and modifiers kept: what `NO_COLOR` or a terminal
    /// without colours shows when a colourful theme was asked for explicitly.
    public var withoutColors: Theme {
        var s: [ThemeRole: Style] = [:]
        for r in ThemeRole.allCases { s[r] = Style(modifiers: self[r].modifiers) }
        return Theme(name: name, styles: s)
    }

    /// The built-in theme `default`, which always loads.
    public static let fallback: Theme = {
        do { return try ThemeLoader().load("default") } catch { fatalError("built-in default theme: \(error)") }
    }()
}
