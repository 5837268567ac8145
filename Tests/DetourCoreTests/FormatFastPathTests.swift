import Testing

@testable import DetourCore

/// `fmt` takes short cuts for what a formatted file is mostly made of — rules without comments
/// and blank lines between them — so that `fmt --check` of 10⁶ rules costs little more than
/// loading them (BENCHMARKS.md, "Writes"). Each short cut must give the bytes of the general path.
struct FormatFastPathTests {
    @Test func aBlankGapBetweenRulesReadFromBytesIsTheGeneralGap() throws {
        var generator = SeededGenerator()
        let pieces = [" ", "\t", "\n", "\n\n", "  \n"]
        let file = try TestSupport.yaml("rules: []\n")
        for _ in 0..<2_000 {
            var gap = ""
            for _ in 0..<Int.random(in: 0...6, using: &generator) { gap += pieces.randomElement(using: &generator)! }
            for first in [false, true] {
                let fast = YAMLRuleFile.blankGap(ArraySlice(gap.utf8), first: first)
                #expect(fast == file.normaliseGap(gap, first: first, indent: 2, originalIndent: 2), "\(gap.debugDescription)")
            }
        }
        // Anything else between rules (a comment, a carriage return) takes the general path.
        for gap in ["# c\n", "\r\n", " \u{A0}\n", "x\n"] { #expect(YAMLRuleFile.blankGap(ArraySlice(gap.utf8), first: false) == nil) }
    }

    @Test func aRuleWithoutCommentsIsTheCanonicalItemWhateverItsLayout() throws {
        var texts = (0..<300).map { RoundTripTests.document(seed: UInt64($0)) }
        texts.append(FormatterTests().messy)
        // The same rules indented, keys out of order, defaults written out.
        texts.append(
            "rules:\n    -   code: 302\n        target: /b\n        source: /a\n        enabled: true\n        query: keep\n"
                + "    - {source: /c, target: /d, code: 301}\n    - target: /f\n      source: /e\n      code: 308\n      methods: [GET]\n")
        var compared = 0
        for text in texts {
            let file = try TestSupport.yaml(text)
            guard case .mapping(let top)? = file.root?.value, let rules = top.first(where: { $0.name == "rules" }),
                case .sequence(let items) = rules.value.value, !rules.value.isFlow
            else { continue }
            for (k, item) in items.enumerated() {
                guard case .mapping = item.value, !file.ruleSet.rules[k].isInvalid,
                    !file.hasComment(in: rules.value.dashes[k]..<file.entryEnd(item))
                else { continue }
                let entries = RuleYAMLWriter.entries(for: file.ruleSet.rules[k], writeID: file.idWritten[k])
                let general = file.formatMapping(item, canonical: entries, order: RuleFields.rule, indent: 4, firstPrefix: "  - ")
                #expect(RuleYAMLWriter.item(entries, indent: 2) == general, "rule \(k) of \(text.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > 300)
    }
}
