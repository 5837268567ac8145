import Testing

@testable import DetourCore

/// The portable regex subset: what parses, what is refused and how the refusal names the construct.
struct PortableRegexTests {
    @Test(arguments: [
        "^/p/(\\d+)-[a-z-]+$", "^/a(?:b|c)*$", "^/x{2,3}y?$", "^/[^/]+/\\.well-known$", "a|b|", "^/[\\w.-]+$", "^/\\$\\{x\\}$"
    ])
    func acceptsTheSubset(pattern: String) throws {
        _ = try PortableRegex(pattern)
    }

    @Test(arguments: [
        ("(a)\\1", "backreference"), ("a(?=b)", "lookahead"), ("(?<=a)b", "lookbehind"), ("(?<n>a)", "named group"),
        ("(?P<n>a)", "named group"), ("a*?", "lazy quantifier"), ("a++", "possessive"), ("(?i)a", "inline flags"),
        ("\\bword", "word boundary"), ("\\p{L}", "Unicode property"), ("[[:alpha:]]", "POSIX class"), ("(?>a)", "atomic group"),
        ("\\Aa", "anchor"), ("a{3", "unterminated quantifier"), ("(a", "unclosed group"), ("a)", "unbalanced"),
        ("[a-", "unclosed character class"), ("*a", "nothing to repeat"), ("a{5,2}", "max below min"), ("[é]", "non-ASCII")
    ])
    func refusesOutsideTheSubsetByName(pattern: String, construct: String) {
        do {
            _ = try PortableRegex(pattern)
            Issue.record("\(pattern) was accepted")
        } catch let e as RegexSyntaxError {
            #expect(e.message.contains(construct), "message: \(e.message)")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func groupsAreCountedAndPrefixesFound() throws {
        let r = try PortableRegex("^/blog/(\\d{4})/(\\d{2})/(?:x|y)([^/]+)$")
        #expect(r.groupCount == 3)
        #expect(r.isAnchoredAtStart)
        #expect(String(decoding: r.literalPrefix, as: UTF8.self) == "/blog/")
    }

    @Test func errorOffsetsPointAtTheConstruct() {
        do { _ = try PortableRegex("^/ab(?=c)") } catch let e as RegexSyntaxError { #expect(e.offset == 4) } catch {}
    }
}
