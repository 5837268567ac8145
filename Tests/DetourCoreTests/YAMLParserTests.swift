import Testing

@testable import DetourCore

/// The YAML reader: structure, scalar styles, positions, and refusals.
struct YAMLParserTests {
    func parse(_ text: String) throws -> YAMLNode? {
        var p = YAMLParser(Array(text.utf8))
        return try p.parse()
    }

    func syntaxError(_ text: String) -> YAMLSyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch let e as YAMLSyntaxError { return e } catch { return nil }
    }

    @Test func blockMappingsSequencesAndFlow() throws {
        let root = try #require(
            try parse(
                """
                a: 1
                b:
                  - x
                  - {k: v, n: [1, 2]}
                c: "q\\"uoted\\n"
                d: 'it''s'
                """))
        guard case .mapping(let top) = root.value else {
            Issue.record("not a mapping")
            return
        }
        #expect(top.map(\.name) == ["a", "b", "c", "d"])
        guard case .sequence(let items) = top[1].value.value else {
            Issue.record("b not a list")
            return
        }
        #expect(items[0].scalar == "x")
        guard case .mapping(let inner) = items[1].value else {
            Issue.record("item not a map")
            return
        }
        #expect(inner.map(\.name) == ["k", "n"])
        #expect(inner[0].value.isFlow)
        #expect(top[2].value.scalar == "q\"uoted\n")
        #expect(top[3].value.scalar == "it's")
    }

    @Test func compactSequenceOfMappingsAndIndentlessLists() throws {
        let root = try #require(try parse("rules:\n- id: a\n  code: 301\n- id: b\n"))
        guard case .mapping(let top) = root.value, case .sequence(let items) = top[0].value.value else {
            Issue.record("shape")
            return
        }
        #expect(items.count == 2)
        guard case .mapping(let first) = items[0].value else {
            Issue.record("item")
            return
        }
        #expect(first.map(\.name) == ["id", "code"])
    }

    @Test func blockScalarsKeepOrFoldLines() throws {
        let root = try #require(try parse("a: |\n  one\n  two\nb: >-\n  three\n  four\nc: x\n"))
        guard case .mapping(let top) = root.value else {
            Issue.record("shape")
            return
        }
        #expect(top[0].value.scalar == "one\ntwo\n")
        #expect(top[1].value.scalar == "three four")
        #expect(top[2].value.scalar == "x")
    }

    @Test func commentsAreRecordedWithTheirSpans() throws {
        let text = "# head\na: 1 # trailing\n# between\nb: 2\n"
        var p = YAMLParser(Array(text.utf8))
        _ = try p.parse()
        let comments = p.comments.map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
        #expect(comments == ["# head", "# trailing", "# between"])
    }

    @Test func hashInsideAValueIsNotAComment() throws {
        let root = try #require(try parse("a: /x#y\nb: \"#z\"\n"))
        guard case .mapping(let top) = root.value else {
            Issue.record("shape")
            return
        }
        #expect(top[0].value.scalar == "/x#y")
        #expect(top[1].value.scalar == "#z")
    }

    @Test func nodeSpansPointAtTheText() throws {
        let text = "key:   value  # c\n"
        let root = try #require(try parse(text))
        guard case .mapping(let top) = root.value else {
            Issue.record("shape")
            return
        }
        #expect(top[0].value.start == 7)
        #expect(top[0].value.end == 12)
    }

    @Test(arguments: [
        ("a: &x 1\n", "anchors"),
        ("a: *x\n", "aliases"),
        ("a: !tag 1\n", "tags"),
        ("a: 1\n---\nb: 2\n", "second '---'"),
        ("a:\n\t- x\n", "tab character"),
        ("a: [1, 2\n", "unclosed '['"),
        ("a: \"open\n", "unterminated quoted string"),
        ("a: b: c\n", "': '"),
        ("a: 1\n  b: 2\n", "indentation"),
        ("a: \"\\q\"\n", "unknown escape")
    ])
    func refusesWithAClearMessage(text: String, expected: String) {
        let e = syntaxError(text)
        #expect(e != nil, "no error for \(text.debugDescription)")
        #expect(e?.message.contains(expected) == true, "message was: \(e?.message ?? "-")")
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let text = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        #expect(syntaxError(text)?.message.contains("nesting") == true)
    }

    @Test func lineIndexCountsCharactersNotBytes() {
        let index = LineIndex(Array("é: x\nab: c".utf8))
        #expect(index.position(of: 4).line == 1)
        #expect(index.position(of: 4).column == 4)
        #expect(index.position(of: 9).line == 2)
        #expect(index.position(of: 9).column == 4)
    }
}
