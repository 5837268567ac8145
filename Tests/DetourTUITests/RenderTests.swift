import Testing

@testable import DetourTUI

@Suite("Cell buffer and text width")
struct RenderTests {
    @Test("CJK and emoji take two cells, combining marks none")
    func widths() {
        #expect(TextWidth.of("a" as Character) == 1)
        #expect(TextWidth.of("中" as Character) == 2)
        #expect(TextWidth.of("🎉" as Character) == 2)
        #expect(TextWidth.of("e\u{301}" as Character) == 1)
        #expect(TextWidth.of("中文abc") == 7)
        #expect(TextWidth.of("ℹ︎" as Character) == 1)
    }

    @Test("a wide grapheme fills its cell and a continuation cell")
    func wideCells() {
        var b = CellBuffer(size: Size(width: 6, height: 1))
        let used = b.write("a中b", x: 0, y: 0, style: .plain)
        #expect(used == 4)
        #expect(b.textLines == ["a中b  "])
        #expect(b[2, 0].isContinuation)
    }

    @Test("a wide grapheme that would straddle the clip edge becomes a space")
    func straddle() {
        var b = CellBuffer(size: Size(width: 4, height: 1))
        b.write("ab中", x: 0, y: 0, maxWidth: 3, style: .plain)
        #expect(b.textLines == ["ab  "])
        #expect(!b[3, 0].isContinuation)
    }

    @Test("control characters in rule text are shown as symbols, never written raw")
    func sanitized() {
        var b = CellBuffer(size: Size(width: 12, height: 1))
        b.write("a\u{1b}[31mb\u{7}", x: 0, y: 0, style: .plain)
        #expect(b.textLines == ["a␛[31mb␇    "])
        #expect(!b.cells.contains { $0.grapheme.unicodeScalars.contains { $0.value < 0x20 } })
        #expect(Sanitizer.visible("x\u{85}y") == "x\\x85y")
    }

    @Test("middle ellipsis keeps the host and the tail of a URL")
    func middleEllipsis() {
        let url = "https://api-v2.example.com/orders/archive/2024"
        let short = Truncation.middle(url, width: 24)
        #expect(short == "https://api-…rchive/2024")
        #expect(TextWidth.of(short) <= 24)
        #expect(Truncation.middle("短い文字列です", width: 7) == "短…です")
        #expect(Truncation.end("abcdef", width: 4) == "abc…")
    }

    @Test("the diff names only the cells that changed")
    func diff() {
        var a = CellBuffer(size: Size(width: 10, height: 3))
        a.write("hello", x: 0, y: 1, style: .plain)
        var b = a
        b.write("J", x: 2, y: 1, style: .plain)
        b.write("xy", x: 7, y: 2, style: Style(modifiers: .bold))
        #expect(b.diff(from: a) == [CellRun(x: 2, y: 1, count: 1), CellRun(x: 7, y: 2, count: 2)])
        #expect(b.diff(from: b).isEmpty)
        #expect(b.diff(from: nil).count == 3)
    }

    @Test("zero-sized areas draw nothing and do not crash")
    func zeroSized() {
        var b = CellBuffer(size: Size(width: 0, height: 0))
        b.write("x", x: 0, y: 0, style: .plain)
        b.fill(Rect(x: 0, y: 0, width: 5, height: 5), style: .plain)
        Box.draw(Rect(x: 0, y: 0, width: 1, height: 1), border: .plain, titleStyle: .plain, into: &b)
        #expect(b.cells.isEmpty)
    }

    @Test("text fields edit graphemes, not bytes, with Emacs keys")
    func textField() {
        var f = TextField("商品é")
        f.apply(.deleteBackward)
        #expect(f.text == "商品")
        f.apply(.cursorHome)
        f.insert("/")
        #expect(f.text == "/商品")
        f.apply(.cursorEnd)
        f.insert(" two words")
        f.apply(.deleteWordBackward)
        #expect(f.text == "/商品 two ")
        f.apply(.cursorHome)
        f.apply(.cursorRight)
        f.apply(.killToEnd)
        #expect(f.text == "/")
        f.insert("a\nb")
        #expect(f.text == "/a b")
        let (visible, column) = TextField(String(repeating: "x", count: 30)).visible(width: 10)
        #expect(visible == "xxxxxxxxx")
        #expect(column == 9)
    }
}
