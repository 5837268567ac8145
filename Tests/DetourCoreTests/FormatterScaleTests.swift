import Foundation
import Testing

@testable import DetourCore

/// What changed to make `fmt` of 10⁶ rules fast (issue 19.8) still formats as before: the byte-wise
/// line-end pass, the comment lookup by binary search, and the streamed YAML writer.
struct FormatterScaleTests {
    /// The line-end pass as it was written before, over Swift strings: the reference.
    private func referenceTrim(_ bytes: [UInt8]) -> [UInt8] {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var l = line
            while let last = l.last, last == " " || last == "\t" || last == "\r" { l = l.dropLast() }
            return l
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    @Test func theByteWiseLineEndPassMatchesTheReference() {
        var generator = SeededGenerator()
        let pieces: [String] = ["a", "key: value", " ", "\t", "\n", "\n\n", "# c", "é", "  - x"]
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                text += pieces.randomElement(using: &generator)!
            }
            let bytes = Array(text.utf8)
            #expect(YAMLRuleFile.trimmingLineEnds(bytes) == referenceTrim(bytes), "\(text.debugDescription)")
        }
    }

    @Test func aFileWithACommentOnEveryRuleFormatsEachInPlace() throws {
        let rules = (0..<300).map { "    # rule \($0)\n    - code: 301   # c\($0)\n      source: /o/\($0)\n      target: /n/\($0)\n" }.joined()
        let f = try TestSupport.yaml("rules:\n" + rules)
        let expected = (0..<300).map { "  # rule \($0)\n  - source: /o/\($0)\n    target: /n/\($0)\n    code: 301   # c\($0)\n" }.joined()
        #expect(String(decoding: f.formatted(), as: UTF8.self) == "rules:\n" + expected)
    }

    @Test func aByteOrderMarkStaysFirstThroughFmtAndSave() throws {
        let text = [0xEF, 0xBB, 0xBF] + Array("site:\n    hosts: [example.com]\nrules:\n  - code: 301\n    source: /a\n    target: /b\n".utf8)
        let f = try YAMLRuleFile.parse(text, file: "bom.yaml")
        #expect(f.ruleSet.site.hosts.map(\.description) == ["example.com"])
        #expect(
            f.formatted() == [0xEF, 0xBB, 0xBF] + Array("site:\n  hosts: [example.com]\nrules:\n  - source: /a\n    target: /b\n    code: 301\n".utf8)
        )
        var set = f.ruleSet
        set.rules[0].code = .found
        let saved = f.render(set)
        #expect(saved.starts(with: [0xEF, 0xBB, 0xBF] + Array("site:\n".utf8)))
        #expect(try YAMLRuleFile.parse(saved, file: "bom.yaml").ruleSet.rules[0].code == .found)
    }

    @Test func theStreamedDocumentIsTheWholeDocument() {
        let set = SyntheticRules.exact(count: 50)
        var pieces = ""
        RuleYAMLWriter.document(set, header: "# h\n") { pieces += $0 }
        #expect(pieces == RuleYAMLWriter.document(set, header: "# h\n"))
        #expect(pieces.hasPrefix("# h\nsite:\n  hosts: ["))
        #expect(pieces.contains("\nrules:\n  - id: p0\n"))
    }
}

/// A tiny fixed-seed generator for the test above.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64 = 0x5EED
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}
