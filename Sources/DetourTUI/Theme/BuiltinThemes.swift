// Generated from themes/*.toml by the test "bundled themes match themes/ byte for byte"
// (DETOUR_UPDATE_THEMES=1 swift test --filter ThemeTests regenerates it). Do not edit by hand.

/// The theme files shipped in `themes/`, compiled in because SwiftPM resources cannot reach
/// outside a target folder.
enum BuiltinThemes {
    static let sources: [String: String] = [
        "default": #"""
        # default: for dark terminals. ANSI names keep the user's own palette; "#rrggbb" and 0–255 are
        # approximated when the terminal has fewer colours. Meaning never depends on colour alone: the
        # table also shows glyphs (● ○, E W I) and the code number itself.
        name = "default"

        [palette]
        accent = "#5fafd7"
        muted = 244

        [roles]
        "base" = { fg = "default", bg = "default" }
        "title" = { fg = "black", bg = "accent", modifiers = ["bold"] }
        "title.unsaved" = { fg = "black", bg = "yellow", modifiers = ["bold"] }
        "table.header" = { fg = "accent", modifiers = ["bold", "underline"] }
        "table.row.selected" = { modifiers = ["reverse"] }
        "table.row.disabled" = { fg = "muted", modifiers = ["dim"] }
        "table.match" = { fg = "yellow", modifiers = ["bold"] }
        "code.permanent" = "magenta"
        "code.temporary" = "green"
        "severity.error" = { fg = "light-red", modifiers = ["bold"] }
        "severity.warning" = "yellow"
        "severity.info" = "cyan"
        "detail.border" = "muted"
        "detail.label" = { fg = "accent", modifiers = ["bold"] }
        "detail.value" = "default"
        "hint.key" = { fg = "accent", modifiers = ["bold"] }
        "hint.description" = "muted"
        "input.label" = { fg = "accent" }
        "input.field" = { modifiers = ["underline"] }
        "input.field.focused" = { fg = "light-white", bg = 237, modifiers = ["underline"] }
        "input.invalid" = { fg = "light-red", modifiers = ["bold"] }
        "status.info" = "cyan"
        "status.error" = { fg = "light-red", modifiers = ["bold"] }
        "prompt" = { fg = "light-white", modifiers = ["bold"] }
        "dialog" = { bg = 236 }
        "dialog.border" = { fg = "accent", bg = 236 }
        "dialog.title" = { fg = "accent", bg = 236, modifiers = ["bold"] }

        """#,
        "high-contrast": #"""
        # high-contrast: pure black and white with saturated accents; every text/background pair with a
        # known colour has a contrast ratio of at least 7:1.
        name = "high-contrast"

        [roles]
        "base" = { fg = "#ffffff", bg = "#000000" }
        "title" = { fg = "#000000", bg = "#ffffff", modifiers = ["bold"] }
        "title.unsaved" = { fg = "#000000", bg = "#ffff00", modifiers = ["bold"] }
        "table.header" = { fg = "#ffffff", modifiers = ["bold", "underline"] }
        "table.row.selected" = { fg = "#000000", bg = "#00ffff", modifiers = ["bold"] }
        "table.row.disabled" = { fg = "#c0c0c0", modifiers = ["italic"] }
        "table.match" = { fg = "#ffff00", modifiers = ["bold", "underline"] }
        "code.permanent" = { fg = "#ff80ff", modifiers = ["bold"] }
        "code.temporary" = { fg = "#00ff00", modifiers = ["bold"] }
        "severity.error" = { fg = "#ff8080", modifiers = ["bold", "underline"] }
        "severity.warning" = { fg = "#ffff00", modifiers = ["bold"] }
        "severity.info" = { fg = "#00ffff" }
        "detail.border" = "#ffffff"
        "detail.label" = { fg = "#ffff00", modifiers = ["bold"] }
        "hint.key" = { fg = "#000000", bg = "#ffffff", modifiers = ["bold"] }
        "hint.description" = "#ffffff"
        "input.label" = { fg = "#ffff00" }
        "input.field" = { modifiers = ["underline"] }
        "input.field.focused" = { fg = "#000000", bg = "#ffffff" }
        "input.invalid" = { fg = "#ff8080", modifiers = ["bold", "underline"] }
        "status.info" = "#00ffff"
        "status.error" = { fg = "#ff8080", modifiers = ["bold"] }
        "prompt" = { fg = "#ffffff", modifiers = ["bold"] }
        "dialog" = { fg = "#ffffff", bg = "#000000" }
        "dialog.border" = { fg = "#ffff00", bg = "#000000", modifiers = ["bold"] }
        "dialog.title" = { fg = "#ffff00", bg = "#000000", modifiers = ["bold"] }

        """#,
        "light": #"""
        # light: for light backgrounds; only what differs from default.
        name = "light"
        inherits = "default"

        [palette]
        accent = "#005f87"
        muted = 242

        [roles]
        "title" = { fg = "white", bg = "accent", modifiers = ["bold"] }
        "table.match" = { fg = "#875f00", modifiers = ["bold"] }
        "code.permanent" = "#870087"
        "code.temporary" = "#005f00"
        "severity.error" = { fg = "#af0000", modifiers = ["bold"] }
        "severity.warning" = "#875f00"
        "severity.info" = "#005f87"
        "input.field.focused" = { fg = "black", bg = 254, modifiers = ["underline"] }
        "input.invalid" = { fg = "#af0000", modifiers = ["bold"] }
        "status.error" = { fg = "#af0000", modifiers = ["bold"] }
        "status.info" = "#005f87"
        "prompt" = { fg = "black", modifiers = ["bold"] }
        "dialog" = { bg = 254 }
        "dialog.border" = { fg = "accent", bg = 254 }
        "dialog.title" = { fg = "accent", bg = 254, modifiers = ["bold"] }

        """#,
        "monochrome": #"""
        # monochrome: no colour at all (NO_COLOR, TERM=dumb); attributes carry the meaning next to the
        # glyph columns: selection reverse, errors bold, warnings underlined, disabled rules dim.
        name = "monochrome"

        [roles]
        "base" = { fg = "default", bg = "default" }
        "title" = { modifiers = ["reverse", "bold"] }
        "title.unsaved" = { modifiers = ["reverse", "bold"] }
        "table.header" = { modifiers = ["bold", "underline"] }
        "table.row.selected" = { modifiers = ["reverse"] }
        "table.row.disabled" = { modifiers = ["dim"] }
        "table.match" = { modifiers = ["bold", "underline"] }
        "code.permanent" = { modifiers = ["bold"] }
        "code.temporary" = { modifiers = [] }
        "severity.error" = { modifiers = ["bold"] }
        "severity.warning" = { modifiers = ["underline"] }
        "severity.info" = { modifiers = [] }
        "detail.label" = { modifiers = ["bold"] }
        "hint.key" = { modifiers = ["bold"] }
        "hint.description" = { modifiers = [] }
        "input.field" = { modifiers = ["underline"] }
        "input.field.focused" = { modifiers = ["reverse"] }
        "input.invalid" = { modifiers = ["bold", "underline"] }
        "status.error" = { modifiers = ["bold"] }
        "prompt" = { modifiers = ["bold"] }
        "dialog.border" = { modifiers = ["bold"] }
        "dialog.title" = { modifiers = ["bold"] }

        """#,
        "solarized-dark": #"""
        # solarized-dark: Ethan Schoonover's Solarized palette on its dark base.
        name = "solarized-dark"

        [palette]
        base03 = "#002b36"
        base02 = "#073642"
        base01 = "#586e75"
        base0 = "#839496"
        base1 = "#93a1a1"
        yellow = "#b58900"
        orange = "#cb4b16"
        red = "#dc322f"
        magenta = "#d33682"
        blue = "#268bd2"
        cyan = "#2aa198"
        green = "#859900"

        [roles]
        "base" = { fg = "base0", bg = "base03" }
        "title" = { fg = "base03", bg = "blue", modifiers = ["bold"] }
        "title.unsaved" = { fg = "base03", bg = "yellow", modifiers = ["bold"] }
        "table.header" = { fg = "base1", modifiers = ["bold", "underline"] }
        "table.row.selected" = { fg = "base1", bg = "base02", modifiers = ["bold"] }
        "table.row.disabled" = { fg = "base01", modifiers = ["dim"] }
        "table.match" = { fg = "yellow", modifiers = ["bold"] }
        "code.permanent" = "magenta"
        "code.temporary" = "green"
        "severity.error" = { fg = "red", modifiers = ["bold"] }
        "severity.warning" = "yellow"
        "severity.info" = "cyan"
        "detail.border" = "base01"
        "detail.label" = { fg = "blue", modifiers = ["bold"] }
        "hint.key" = { fg = "blue", modifiers = ["bold"] }
        "hint.description" = "base01"
        "input.label" = "blue"
        "input.field" = { modifiers = ["underline"] }
        "input.field.focused" = { fg = "base1", bg = "base02", modifiers = ["underline"] }
        "input.invalid" = { fg = "red", modifiers = ["bold"] }
        "status.info" = "cyan"
        "status.error" = { fg = "red", modifiers = ["bold"] }
        "prompt" = { fg = "base1", modifiers = ["bold"] }
        "dialog" = { bg = "base02" }
        "dialog.border" = { fg = "blue", bg = "base02" }
        "dialog.title" = { fg = "blue", bg = "base02", modifiers = ["bold"] }

        """#
    ]
}
