import Foundation
import Testing

@testable import DetourTUI

@Suite("Themes")
struct ThemeTests {
    static let bundled = ["default", "light", "high-contrast", "monochrome", "solarized-dark"]

    @Test("bundled themes match themes/ byte for byte")
    func builtinsMatchFiles() throws {
        let folder = TUITestSupport.repoRoot + "/themes"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files.map { String($0.dropLast(5)) } == BuiltinThemes.sources.keys.sorted())
        var generated = """
            // Generated from themes/*.toml by the test "bundled themes match themes/ byte for byte"
            // (DETOUR_UPDATE_THEMES=1 swift test --filter ThemeTests regenerates it). Do not edit by hand.

            /// The theme files shipped in `themes/`, compiled in because SwiftPM resources cannot reach
            /// outside a target folder.
            enum BuiltinThemes {
                static let sources: [String: String] = [

            """
        for f in files {
            let text = try String(contentsOfFile: folder + "/" + f, encoding: .utf8)
            #expect(BuiltinThemes.sources[String(f.dropLast(5))] == text, "themes/\(f) differs from BuiltinThemes.swift")
            generated += "        \"\(f.dropLast(5))\": #\"\"\"\n\(text)\n\"\"\"#,\n"
        }
        generated += "    ]\n}\n"
        if ProcessInfo.processInfo.environment["DETOUR_UPDATE_THEMES"] == "1" {
            try generated.write(toFile: TUITestSupport.repoRoot + "/Sources/DetourTUI/Theme/BuiltinThemes.swift", atomically: true, encoding: .utf8)
        }
    }

    @Test("every bundled theme loads and gives every role a style", arguments: bundled)
    func loads(name: String) throws {
        let theme = try ThemeLoader(searchFolders: []).load(name)
        #expect(theme.name == name)
        // Selection must be visible in every theme.
        #expect(theme[.tableRowSelected] != theme[.base])
        #expect(theme[.codePermanent] != theme[.codeTemporary] || name == "monochrome")
    }

    @Test("monochrome uses no colour, only attributes")
    func monochrome() throws {
        let theme = try ThemeLoader(searchFolders: []).load("monochrome")
        for role in ThemeRole.allCases {
            let s = theme[role]
            #expect(s.fg == nil || s.fg == .terminalDefault, "\(role)")
            #expect(s.bg == nil || s.bg == .terminalDefault, "\(role)")
        }
        #expect(theme[.tableRowSelected].modifiers.contains(.reverse))
        #expect(theme[.severityError].modifiers.contains(.bold))
        #expect(theme[.severityWarning].modifiers.contains(.underline))
    }

    @Test("high-contrast text and background pairs reach 7:1")
    func contrast() throws {
        let theme = try ThemeLoader(searchFolders: []).load("high-contrast")
        func luminance(_ c: ColorValue) -> Double? {
            guard case .rgb(let r, let g, let b) = c else { return nil }
            func channel(_ v: UInt8) -> Double {
                let s = Double(v) / 255
                return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
        }
        var checked = 0
        for role in ThemeRole.allCases {
            let s = theme[role]
            guard let fg = s.fg.flatMap(luminance), let bg = s.bg.flatMap(luminance) else { continue }
            let ratio = (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05)
            #expect(ratio >= 7, "\(role.rawValue): \(ratio)")
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test("a role falls back along its dots, then to base")
    func fallback() throws {
        let dir = TUITestSupport.tempDir()
        try """
        [roles]
        "base" = { fg = "white" }
        "table" = { fg = "red" }
        "title" = 33
        """.write(toFile: dir + "/t.toml", atomically: true, encoding: .utf8)
        let theme = try ThemeLoader(searchFolders: []).load(dir + "/t.toml")
        #expect(theme[.tableRowSelected].fg == .ansi(1))
        #expect(theme[.tableHeader].fg == .ansi(1))
        #expect(theme[.title].fg == .indexed(33))
        #expect(theme[.hintKey].fg == .ansi(7))
    }

    @Test("a user theme in XDG_CONFIG_HOME inherits a built-in and changes only what it names")
    func userThemeInherits() throws {
        let dir = TUITestSupport.tempDir()
        try """
        name = "mine"
        inherits = "default"
        [palette]
        accent = "#ff8700"
        [roles]
        "title" = { fg = "black", bg = "accent" }
        """.write(toFile: dir + "/mine.toml", atomically: true, encoding: .utf8)
        let loader = ThemeLoader(searchFolders: [dir])
        #expect(loader.availableNames().contains("mine"))
        let mine = try loader.load("mine")
        let base = try loader.load("default")
        #expect(mine.name == "mine")
        #expect(mine[.title].bg == .rgb(0xff, 0x87, 0x00))
        #expect(mine[.tableHeader].fg == .rgb(0xff, 0x87, 0x00), "the palette change reaches inherited roles")
        #expect(mine[.codePermanent] == base[.codePermanent])
        // A palette name from the parent works; one that nobody defines is an error at its place.
        try "inherits = \"default\"\n[roles]\n\"title\" = \"muted\"\n\"dialog\" = \"mutted\"\n".write(
            toFile: dir + "/child.toml", atomically: true, encoding: .utf8)
        #expect(
            throws: ThemeLoader.Failure.file(
                ThemeFileError(
                    file: dir + "/child.toml", line: 4, column: 12,
                    message: "unknown colour 'mutted'; use a name, \"#rrggbb\", 0–255 or a palette name"))
        ) {
            try loader.load("child")
        }
    }

    @Test("errors in a theme file name the line and column")
    func errors() throws {
        let dir = TUITestSupport.tempDir()
        func error(_ text: String) throws -> String {
            let path = dir + "/bad.toml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try ThemeLoader(searchFolders: []).load(path)
                return "loaded"
            } catch {
                return "\(error)".replacingOccurrences(of: dir + "/", with: "")
            }
        }
        #expect(try error("[roles]\n\"titel\" = \"red\"\n") == "bad.toml:2:1: unknown role 'titel' (did you mean 'title'?)")
        #expect(try error("[roles]\n\"title\" = \"rde\"\n") == "bad.toml:2:11: unknown colour 'rde' (did you mean 'red'?)")
        #expect(try error("[roles]\n\"title\" = { fg = 300 }\n") == "bad.toml:2:18: a colour index is 0–255, found 300")
        #expect(
            try error("[roles]\n\"title\" = { modifiers = [\"blod\"] }\n")
                == "bad.toml:2:26: unknown modifier 'blod' (did you mean 'bold'?); modifiers: bold, dim, italic, underline, reverse, standout")
        // TOMLKit writes the newline it found escaped, which keeps the error on one line.
        #expect(try error("name = \"x\"\n[roles\n") == "bad.toml:2:7: expected ']', found '\\n'")
        #expect(
            try error("inherits = \"bad\"\n")
                == "theme inheritance cycle: \(dir)/bad.toml → \(dir)/bad.toml".replacingOccurrences(of: dir + "/", with: ""))
        #expect(try error("[colours]\n") == "bad.toml:1:1: unknown table [colours]; tables are [palette] and [roles]")
    }

    @Test("an unknown theme name suggests the closest")
    func unknownName() {
        #expect(throws: ThemeLoader.Failure.notFound("ligth", known: ThemeTests.bundled.sorted())) {
            try ThemeLoader(searchFolders: []).load("ligth")
        }
        #expect(
            "\(ThemeLoader.Failure.notFound("ligth", known: ["default", "light"]))"
                == "no theme named 'ligth' (did you mean 'light'?); themes: default, light")
    }

    @Test("colours are downsampled to what the terminal has")
    func downsampling() {
        #expect(ColorDownsampling.nearest256(0x5f, 0xaf, 0xd7) == 74)
        #expect(ColorDownsampling.nearest256(0x80, 0x80, 0x80) == 244)
        #expect(ColorDownsampling.map(.rgb(0xff, 0, 0), to: .palette256).index == 196)
        #expect(ColorDownsampling.map(.rgb(0xff, 0, 0), to: .sixteen).index == 9)
        #expect(ColorDownsampling.map(.rgb(0xff, 0, 0), to: .eight) == .init(index: 1, needsBold: false))
        #expect(ColorDownsampling.map(.rgb(0x5f, 0xaf, 0xd7), to: .eight).index == 6, "the default accent stays visible (cyan)")
        #expect(ColorDownsampling.map(.ansi(12), to: .eight) == .init(index: 4, needsBold: true))
        #expect(ColorDownsampling.map(.indexed(236), to: .eight).index == 0)
        #expect(ColorDownsampling.map(.terminalDefault, to: .palette256).index == -1)
        #expect(ColorDownsampling.map(.ansi(2), to: .none).index == -1)
    }

    @Test("NO_COLOR picks monochrome unless a theme is asked for")
    func noColor() throws {
        let loader = ThemeLoader(searchFolders: [])
        #expect(try EditorSession.chooseTheme(explicit: nil, environment: ["NO_COLOR": "1"], loader: loader).name == "monochrome")
        #expect(try EditorSession.chooseTheme(explicit: nil, environment: ["NO_COLOR": ""], loader: loader).name == "default")
        #expect(try EditorSession.chooseTheme(explicit: "light", environment: ["NO_COLOR": "1"], loader: loader).name == "light")
        #expect(try EditorSession.chooseTheme(explicit: nil, environment: ["TERM": "dumb"], loader: loader).name == "monochrome")
        #expect(try !loader.load("default").withoutColors.usesColor)
    }
}
