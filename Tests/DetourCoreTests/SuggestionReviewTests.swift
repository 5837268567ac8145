import Foundation
import Testing

@testable import DetourCore

/// A `detour suggest` file read back for the editor's suggestions pane, and what accepting each
/// suggestion would do to the rule file (`SuggestionImpact`).
@Suite struct SuggestionReviewTests {
    static let folder = TestSupport.repoRoot + "/Tests/DetourTUITests/Fixtures/beside"
    static let clock = Timestamp(rfc3339: "2026-11-06T00:00:00Z")!

    static func review() throws -> SuggestionReview {
        let path = folder + "/suggested.yaml"
        return try SuggestionReview(path: path, bytes: AtomicFile.read(path))
    }

    static func rules() throws -> RuleSet { try RuleFileDocument.load(path: folder + "/redirects.yaml").ruleSet }

    @Test func theCommentsGiveConfidenceReasonHitsAndCoveredPaths() throws {
        let items = try Self.review().items
        #expect(items.map(\.rule.id) == ["suggest-returns", "suggest-blog", "suggest-boots"])
        #expect(items.map(\.confidenceText) == ["0.95", "0.95", "0.75"])
        #expect(items.map(\.hits) == [6, 9, 2])
        #expect(items[0].why == "the only page with the slug 'returns'")
        #expect(items[0].line == 7)
        // A single-path rule covers its own source; a grouped one the paths its comment lists.
        #expect(items[0].covers == [.init(path: "/help/returns.php", hits: 6, target: "/customer-service/returns")])
        #expect(items[1].covers.map(\.path) == ["/blog/a", "/blog/b", "/blog/c"])
        #expect(items[1].covers.map(\.hits) == [4, 3, 2])
    }

    @Test func aRuleWithoutSuggestCommentsStillOpensWithoutConfidence() throws {
        let text = "rules:\n  # kept by hand\n  - {id: mine, source: /a, target: /b, code: 301}\n"
        let item = try SuggestionReview(path: "hand.yaml", bytes: Array(text.utf8)).items[0]
        #expect(item.confidence == nil)
        #expect(item.hits == nil)
        #expect(item.covers.isEmpty)
    }

    @Test func anUnshadowedSuggestionGoesAtTheEndCatchesItsHitsAndIsSafe() throws {
        let set = try Self.rules()
        let validator = Validator(now: Self.clock)
        let impact = SuggestionImpact.assess(try Self.review().items[1], in: set, baseFindings: validator.validate(set), validator: validator)
        #expect(impact.position == 2)
        #expect(impact.before == nil)
        #expect(impact.caughtHits == 9)
        #expect(impact.newFindings.isEmpty)
        #expect(impact.regions.count == 1)
        #expect(impact.regions.first?.before == nil, "the region was answered by the origin before")
        #expect(impact.isSafe)
        #expect(impact.summary == "catches 9 logged 404s; no new findings")
    }

    @Test func aSuggestionAnEarlierPrefixWouldShadowGoesBeforeItAndIsNotSafe() throws {
        let set = try Self.rules()
        let validator = Validator(now: Self.clock)
        let impact = SuggestionImpact.assess(try Self.review().items[2], in: set, baseFindings: validator.validate(set), validator: validator)
        #expect(impact.shadowedBy == ["old-shop"])
        #expect(impact.position == 1)
        #expect(impact.before == "old-shop")
        #expect(impact.caughtHits == 2)
        #expect(impact.overrides == ["old-shop"], "/shop/boots.html went to /store/boots.html before")
        #expect(!impact.isSafe)
        #expect(impact.summary == "shadowed by rule old-shop at the end: goes before it; catches 2 logged 404s; no new findings")
    }

    @Test func aSuggestionThatLoopsShowsItsNewFinding() throws {
        let set = try Self.rules()
        // /start → /home while home sends /home → /start: a loop the validator reports.
        let text = "rules:\n  # confidence 0.85: similar path; 3 hits in the log\n  - {id: back, source: /start, target: /home, code: 301}\n"
        let item = try SuggestionReview(path: "s.yaml", bytes: Array(text.utf8)).items[0]
        let validator = Validator(now: Self.clock)
        let impact = SuggestionImpact.assess(item, in: set, baseFindings: validator.validate(set), validator: validator)
        #expect(impact.newFindings.contains { $0.check == "DT010" })
        #expect(!impact.isSafe)
        #expect(impact.summary.contains("new finding"))
        #expect(impact.summary.contains("DT010"))
    }
}
