import DetourCore
import Testing

@testable import DetourTUI

@Suite("Screens")
struct ScreenTests {
    func state(_ size: Size, yaml: String? = nil, theme: String = "default") throws -> AppState {
        let doc = try yaml.map { try TUITestSupport.document($0) } ?? RuleFileDocument.load(path: TUITestSupport.examplePath)
        let t = try ThemeLoader(searchFolders: []).load(theme)
        var s = AppState(path: "api-migration.yaml", ruleSet: doc.ruleSet, size: size, theme: t)
        _ = Editor.update(&s, .event(.resize(size)))
        return s
    }

    @Test("main screen at 80×24")
    func main80() throws {
        let s = try state(Size(width: 80, height: 24))
        let b = Screen.render(s)
        ScreenSnapshot.check(b, theme: s.theme, named: "main-80x24")
        #expect(b.textLines[2].hasPrefix("  ● orders-v2    307  /api/v1/orders → api-v2.…orders no-store 20%"))
        #expect(b.textLines.last!.contains("^S save  ? help  q quit"))
        #expect(b.textLines.last!.hasPrefix("j/↑ move  enter edit"))
    }

    @Test("main screen at 120×40")
    func main120() throws {
        let s = try state(Size(width: 120, height: 40))
        ScreenSnapshot.check(Screen.render(s), theme: s.theme, named: "main-120x40")
    }

    @Test("main screen at an odd size, 97×31, with CJK, emoji and control characters")
    func oddSize() throws {
        var s = try state(Size(width: 97, height: 31), yaml: TUITestSupport.awkwardYAML)
        _ = Editor.update(&s, .event(.key(.char("G"))))
        let b = Screen.render(s)
        ScreenSnapshot.check(b, theme: s.theme, named: "awkward-97x31")
        #expect(b.text.contains("/商品/靴"))
        #expect(b.text.contains("␛[31m"))
    }

    @Test("code colours differ for permanent and temporary, and the code number is always shown")
    func codeStyles() throws {
        let s = try state(Size(width: 80, height: 24))
        let b = Screen.render(s)
        let body = ScreenLayout(size: s.size).tableBody
        let codeX = 1 + 1 + 2 + TableColumns(width: 80).id + 1
        // Row 1 is 307 (temporary, not selected); row 2 is 308 (permanent).
        #expect(b[codeX, body.y + 1].style.fg == s.theme[.codeTemporary].fg)
        #expect(b[codeX, body.y + 2].style.fg == s.theme[.codePermanent].fg)
        #expect(b.textLines[body.y + 2].contains("308"))
        #expect(b[codeX, body.y].style.modifiers.contains(.reverse), "the selected row is reversed")
    }

    @Test("the rule form at 80×24")
    func form() throws {
        var s = try state(Size(width: 80, height: 24))
        _ = Editor.update(&s, .event(.key(.enter)))
        _ = Editor.update(&s, .event(.key(.ctrl("a"))))
        _ = Editor.update(&s, .event(.key(.char("x"))))
        let b = Screen.render(s)
        ScreenSnapshot.check(b, theme: s.theme, named: "form-80x24")
        #expect(b.text.contains("x/api/v1/orders"))
        #expect(b.text.contains("✗ a source starts with '/' (a"))
        #expect(b.text.contains("source: a source starts with '/' (a path) or '~' (a regex)"), "the status line has the whole message")
        #expect(b.cursor?.x == FormLayout(area: ScreenLayout(size: s.size).formArea).inputX + 1)
    }

    @Test("the help overlay at 80×24")
    func help() throws {
        var s = try state(Size(width: 80, height: 24))
        _ = Editor.update(&s, .event(.key(.char("?"))))
        ScreenSnapshot.check(Screen.render(s), theme: s.theme, named: "help-80x24")
    }

    @Test("monochrome: meaning from glyphs and attributes only")
    func monochrome() throws {
        var s = try state(Size(width: 80, height: 24), yaml: TUITestSupport.awkwardYAML, theme: "monochrome")
        _ = Editor.update(&s, .event(.key(.char("j"))))
        let b = Screen.render(s)
        ScreenSnapshot.check(b, theme: s.theme, named: "monochrome-80x24")
        #expect(!b.cells.contains { ($0.style.fg ?? .terminalDefault) != .terminalDefault || ($0.style.bg ?? .terminalDefault) != .terminalDefault })
        #expect(b.text.contains("○ accent"), "a disabled rule has its own glyph")
    }

    @Test("a terminal below 80×24 gets a clear message")
    func tooSmall() throws {
        let s = try state(Size(width: 79, height: 24))
        let b = Screen.render(s)
        #expect(b.text.contains("Terminal too small: 79×24"))
        #expect(b.text.contains("Detour needs at least 80×24."))
        let tiny = try state(Size(width: 5, height: 2))
        _ = Screen.render(tiny)
    }

    @Test("the title bar leaves room for findings counts once a validator reports them")
    func findingsSeam() throws {
        var s = try state(Size(width: 80, height: 24))
        #expect(!Screen.render(s).textLines[0].contains("error"))
        _ = Editor.update(
            &s, .findingsChanged(FindingsSummary(errors: 1, warnings: 2, infos: 0, worstByRule: ["docs": .error, "orders-v2": .warning])))
        let b = Screen.render(s)
        #expect(b.textLines[0].contains("1 error  2 warnings  0 info"))
        let body = ScreenLayout(size: s.size).tableBody
        #expect(b.textLines[body.y].hasPrefix(" W● orders-v2"))
        #expect(b.textLines[body.y + 2].hasPrefix(" E● docs"))
    }

    @Test("only visible rows are drawn for 10⁶ rules")
    func million() throws {
        var s = AppState(path: "big.csv", ruleSet: SyntheticRules.exact(count: 1_000_000), size: Size(width: 80, height: 24))
        _ = Editor.update(&s, .event(.key(.char("G"))))
        let b = Screen.render(s)
        #expect(b.text.contains("p999999"))
        #expect(b.textLines[0].contains("1,000,000 rules"))
        #expect(b.text.contains("rule 1000000 of 1000000"))
    }
}
