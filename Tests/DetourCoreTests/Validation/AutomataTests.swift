import Testing

@testable import DetourCore

@Suite struct AutomataTests {
    func dfa(_ pattern: String) throws -> DFA { try DFA(searching: try PortableRegex(pattern)) }

    @Test func anchoredRegexLanguageIsExact() throws {
        let d = try dfa("^/p/(\\d+)-[a-z-]+$")
        #expect(d.accepts(Array("/p/42-red-shoe".utf8)))
        #expect(!d.accepts(Array("/p/42-red-shoe/x".utf8)))
        #expect(!d.accepts(Array("/x/p/42-red".utf8)))
        #expect(!d.accepts(Array("/p/-red".utf8)))
    }

    @Test func unanchoredRegexMatchesAnywhere() throws {
        let d = try dfa("old")
        #expect(d.accepts(Array("/a/old/b".utf8)))
        #expect(!d.accepts(Array("/a/new".utf8)))
        let end = try dfa("\\.php$")
        #expect(end.accepts(Array("/x/index.php".utf8)))
        #expect(!end.accepts(Array("/x/index.php/y".utf8)))
    }

    @Test func anchorInsideAlternationOnlyAtStart() throws {
        let d = try dfa("(^/a|/b)$")
        #expect(d.accepts(Array("/a".utf8)))
        #expect(!d.accepts(Array("/x/a".utf8)))
        #expect(d.accepts(Array("/x/b".utf8)))
    }

    @Test func intersectionGivesShortestWitness() throws {
        let a = try dfa("^/item/[0-9]+$")
        let b = try dfa("^/item/1")
        #expect(LanguageSearch.shortest(must: [a, b]) == .witness(Array("/item/1".utf8)))
    }

    @Test func disjointClassesHaveEmptyIntersection() throws {
        let a = try dfa("^/x/[a-z]+$")
        let b = try dfa("^/x/[0-9]+$")
        #expect(LanguageSearch.shortest(must: [a, b]) == .empty)
    }

    @Test func inclusionWithAndWithoutCover() throws {
        let narrow = try dfa("^/blog/[0-9]{4}/.*$")
        let wide = try dfa("^/blog/")
        #expect(LanguageSearch.difference(narrow, minus: [wide]) == .empty)
        guard case .witness(let w) = LanguageSearch.difference(wide, minus: [narrow]) else {
            Issue.record("wide is not inside narrow")
            return
        }
        #expect(wide.accepts(w) && !narrow.accepts(w))
    }

    @Test func boundedRepetition() throws {
        let d = try dfa("^/a{2,3}$")
        #expect(!d.accepts(Array("/a".utf8)))
        #expect(d.accepts(Array("/aa".utf8)) && d.accepts(Array("/aaa".utf8)))
        #expect(!d.accepts(Array("/aaaa".utf8)))
    }

    @Test func captureMatcherFollowsPCREGreedyLeftmost() throws {
        let m = CaptureMatcher(try PortableRegex("^/(.*)/(.*)$"))
        let g = m.firstMatch(Array("/a/b/c".utf8))
        #expect(g?[1] == Array("a/b".utf8))
        #expect(g?[2] == Array("c".utf8))
        let alt = CaptureMatcher(try PortableRegex("(a|ab)(c|bcd)"))
        // The first alternative that lets the rest match wins: "a" then "bcd".
        #expect(alt.firstMatch(Array("xabcd".utf8))?[1] == Array("a".utf8))
        #expect(CaptureMatcher(try PortableRegex("^/p/(\\d+)$")).firstMatch(Array("/p/x".utf8)) == nil)
    }

    @Test func caseFoldedLanguage() throws {
        let d = try DFA(searching: try PortableRegex("^/About$"), foldCase: true)
        #expect(d.accepts(Array("/aBOUT".utf8)))
    }
}

@Suite struct AutomataLimitTests {
    @Test func nestedCountedRepetitionIsRefusedNotExploded() throws {
        let r = try PortableRegex("^/(a{1,1000}){1,1000}$")
        #expect(throws: DFA.TooLarge.self) { try DFA(searching: r) }
    }

    @Test func checkStaysQuickOnAPathologicalRegex() throws {
        let f = try V.run(
            ShadowedRuleCheck(),
            """
              - id: huge
                source: ~^/(a{1,1000}){1,1000}$
                target: /x
                code: 302
              - id: later
                source: /aaa
                target: /y
                code: 302
            """)
        // Too large for an automaton, yet an exact path is still judged by matching it directly.
        #expect(f.map(\.rules) == [["later", "huge"]])
    }
}
