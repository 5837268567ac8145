import Testing

@testable import DetourTUI

/// Theme files are read with TOMLKit: any TOML that means a theme loads (literal strings, comments,
/// CRLF line ends, arrays over several lines), and errors keep their line and column.
@Suite("Theme files through TOMLKit")
struct ThemeTOMLTests {
    func error(_ text: String) -> String {
        do {
            _ = try ThemeFile.parse(text, file: "t.toml")
            return "loaded"
        } catch { return "\(error)" }
    }

    @Test("TOML beyond the old subset loads, and a meaning error is placed in it")
    func fullTOML() throws {
        let good =
            "# mine\r\nname = 'mine'\r\n[palette]\r\naccent = \"#ff8700\"  # orange\r\n[roles]\r\n\"title\" = { fg = 'accent', modifiers = [\"bold\", \"dim\"] }\r\n"
        let theme = try ThemeFile.parse(good, file: "t.toml")
        #expect(theme.name == "mine")
        #expect(theme.palette["accent"] == .rgb(0xff, 0x87, 0x00))
        #expect(theme.roles["title"]?.modifiers == [.bold, .dim])
        let bad = good.replacing("\"dim\"", with: "\"blod\"")
        #expect(
            error(bad) == "t.toml:6:49: unknown modifier 'blod' (did you mean 'bold'?); modifiers: bold, dim, italic, underline, reverse, standout")
    }

    @Test("errors come in file order, not TOMLKit's key order")
    func fileOrder() {
        #expect(error("[roles]\n\"title\" = \"rde\"\n\"base\" = \"bleu\"\n") == "t.toml:2:11: unknown colour 'rde' (did you mean 'red'?)")
    }

    @Test("a syntax error gives TOMLKit's line and column")
    func syntax() {
        #expect(error("[roles]\n\"title\" = { fg = \"red\"\n") == "t.toml:2:23: expected key or closing '}', found '\\n'")
        #expect(error("name = \"a\\q\"\n") == "t.toml:1:11: unknown escape sequence '\\q'")
    }

    @Test("positions of keys and values, arrays over several lines included")
    func positions() {
        let p = TOMLPositions("a = [\n  1, # one\n  \"x\",\n]\n[t]\n\"k\" = { b = 'y' }\n")
        #expect(p.value(["a", "#1"]) == SourcePosition(line: 3, column: 3))
        #expect(p.key(["t"]) == SourcePosition(line: 5, column: 1))
        #expect(p.key(["t", "k", "b"]) == SourcePosition(line: 6, column: 9))
        #expect(p.value(["t", "k", "b"]) == SourcePosition(line: 6, column: 13))
    }
}
