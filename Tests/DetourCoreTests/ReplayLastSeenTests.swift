import Testing

@testable import DetourCore

/// `replay` over a log of several days: last-seen dates per rule and `--prune-older-than`.
@Suite struct ReplayLastSeenTests {
    static let file = """
        site: {hosts: [example.com]}
        rules:
          # the spring sale, still linked from newsletters
          - {id: spring, source: /spring, target: /sale, code: 301}
          # moved in 2025
          - {id: old-faq, source: /faq.html, target: /help, code: 301}
          - {id: never, source: /never, target: /x, code: 301}
        """

    static func line(_ path: String, _ date: String) -> String {
        #"198.51.100.7 - - [\#(date) +0000] "GET \#(path) HTTP/1.1" 301 0 "-" "-""#
    }

    static let log = [
        line("/faq.html", "02/Jan/2026:08:00:00"), line("/spring", "03/Jan/2026:08:00:00"),
        line("/spring", "20/Jul/2026:09:30:00"), line("/other", "30/Jul/2026:23:00:00")
    ]

    static func replay() throws -> (RuleFileDocument, ReplayReport) {
        let doc = try RuleFileDocument(path: "r.yaml", bytes: Array(Self.file.utf8))
        return (doc, LogReplay(simulator: Simulator(ruleSet: doc.ruleSet)).run(lines: Self.log))
    }

    @Test func rulesNotHitOnTheLastDayAreListedWithTheirLastDate() throws {
        let (_, report) = try Self.replay()
        #expect(report.logStart == Timestamp(rfc3339: "2026-01-02T08:00:00Z"))
        #expect(report.logEnd == Timestamp(rfc3339: "2026-07-30T23:00:00Z"))
        #expect(report.staleRules.map { report.ruleSet.rules[$0.index].id } == ["never", "old-faq", "spring"])
        let text = report.text(file: "r.yaml")
        #expect(text.contains("last seen (log spans 2026-01-02 … 2026-07-30"), "\(text)")
        #expect(text.contains("2026-01-02  old-faq  (r.yaml:6)"), "\(text)")
        #expect(text.contains("never       never  (r.yaml:7)"), "\(text)")
        #expect(report.json(file: "r.yaml").contains("\"old-faq\": \"2026-01-02T08:00:00Z\""))
    }

    @Test func pruningRemovesRulesUnusedForThePeriodAndKeepsComments() throws {
        let (doc, report) = try Self.replay()
        let period = try #require(ReplayPrune.seconds("180d"))
        let (indices, cutoff) = try ReplayPrune.unused(report, period: period, reference: nil)
        #expect(cutoff == Timestamp(rfc3339: "2026-01-31T23:00:00Z"))
        #expect(indices.map { doc.ruleSet.rules[$0].id } == ["old-faq", "never"])
        let text = String(decoding: doc.render(ReplayPrune.removing(indices, from: doc.ruleSet)), as: UTF8.self)
        #expect(text.contains("# the spring sale, still linked from newsletters"))
        #expect(text.contains("id: spring") && !text.contains("id: old-faq") && !text.contains("id: never"))
    }

    @Test func aLogThatDoesNotReachBackThatFarCannotPrune() throws {
        let (_, report) = try Self.replay()
        #expect(throws: ReplayError.self) { try ReplayPrune.unused(report, period: ReplayPrune.seconds("365d")!, reference: nil) }
        // --now moves the end of the period, not today's date.
        let early = try ReplayPrune.unused(report, period: ReplayPrune.seconds("2w")!, reference: Timestamp(rfc3339: "2026-01-20T00:00:00Z"))
        #expect(early.indices.map { report.ruleSet.rules[$0].id } == ["old-faq", "never"])
        #expect(ReplayPrune.seconds("180") == nil && ReplayPrune.seconds("x d") == nil && ReplayPrune.seconds("26w") == 26 * 7 * 86400)
    }
}
