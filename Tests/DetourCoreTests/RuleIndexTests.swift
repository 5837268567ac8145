import PropertyBased
import Testing

@testable import DetourCore

/// The validator's rule index may return extra candidates but must never miss a rule whose source
/// could take a path: a miss would hide a loop, a chain or a shadowed rule.
struct RuleIndexTests {
    typealias G = MatchingPropertyTests

    /// Whether `rule`'s source could take `path`, by brute force over the key bytes.
    static func couldTake(_ rule: Rule, _ path: [UInt8], index: RuleIndex) -> Bool {
        let fold: ([UInt8]) -> [UInt8] = { index.foldCase ? $0.map(FirstMatchEvaluator.lower) : $0 }
        switch rule.source.kind {
        case .exact(let p): return index.key(Array(p.utf8), exact: true) == index.key(path, exact: true)
        case .prefix(let p): return fold(path).starts(with: fold(Array(p.utf8)))
        case .regex(let r): return fold(path).starts(with: fold(r.literalPrefix))
        }
    }

    @Test func candidatesNeverMissARuleThatCouldTakeThePath() async {
        await propertyCheck(count: 120, input: Gen.int(in: 0...Int.max)) { seed in
            var g = G.SplitMix(state: UInt64(seed))
            var set = G.randomRuleSet(&g)
            if G.chance(30, &g) { set.site.pathCase = .insensitive }
            if G.chance(30, &g) { set.site.trailingSlash = .fold }
            // Prefixes that reach past their first segment, and some that stop inside it.
            for (k, text) in ["/a/b/*", "/ab*", "/A/*", "/c1/x-y/*", "/a*"].enumerated() where G.chance(40, &g) {
                set.rules.append(
                    Rule(
                        id: "extra\(k)", source: try! Source.parse(text),
                        target: try! Target.parse("/t/*", captureCount: 1, sourceIsPrefix: true), code: .found))
            }
            set.lines = Array(repeating: 0, count: set.rules.count)
            let index = RuleIndex(set) { _ in true }
            for _ in 0..<60 {
                let path = Array(G.randomPath(&g).utf8)
                let found = Set(index.candidates(path: path))
                for (i, rule) in set.rules.enumerated() where RuleIndexTests.couldTake(rule, path, index: index) {
                    #expect(found.contains(i), "seed \(seed): \(rule.source.text) not a candidate for \(String(decoding: path, as: UTF8.self))")
                    if !found.contains(i) { return }
                }
            }
        }
    }
}
