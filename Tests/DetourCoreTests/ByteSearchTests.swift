import Testing

@testable import DetourCore

/// The exporters' escaping and checks search byte sequences; they must agree with splitting,
/// joining and `contains`.
struct ByteSearchTests {
    @Test func agreesWithSplitAndJoin() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["{", "}", "a", "é", "%", "\\", "-", "ab", "`", "🙂"]
        let patterns = ["{", "}", "%", "ab", "\\", "é", "aa"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let pattern = patterns.randomElement(using: &rng)!
            let replacement = ["", "\\{", "%%", "x"].randomElement(using: &rng)!
            let expected = text.split(separator: pattern, omittingEmptySubsequences: false).joined(separator: replacement)
            #expect(text.replacingOccurrences(of: pattern, with: replacement) == expected, "\(text) / \(pattern) → \(replacement)")
            #expect(
                text.containsBytes(pattern) == (text.split(separator: pattern, omittingEmptySubsequences: false).count > 1), "\(text) / \(pattern)")
        }
    }

    @Test func caddyBracesAreEscapedAndMarkersBecomePlaceholders() throws {
        #expect(try CaddySyntax.raw("/a{b}/\u{1}path\u{2}") == "`/a\\{b\\}/{path}`")
        #expect(throws: CaddySyntaxError.self) { try CaddySyntax.raw("/a`b") }
    }

    @Test func varnishLongStringsRefuseTheirTerminatorAndLineBreaks() throws {
        #expect(try VarnishSyntax.string("/a}\"b") == "{\"/a}\"b\"}")
        #expect(throws: VarnishSyntaxError.self) { try VarnishSyntax.string("/a\"}b") }
        #expect(throws: VarnishSyntaxError.self) { try VarnishSyntax.string("/a\nb") }
    }
}
