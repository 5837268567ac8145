import Testing

@testable import DetourCore

/// `detour suggest` without the binary: 404s of a log become checked rule suggestions.
@Suite struct SuggestTests {
    static let now = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!
    static let rules = """
        site: {hosts: [example.com]}
        rules:
          - {id: home, source: /index.php, target: /, code: 301}
        """

    static func line(_ path: String, _ status: Int, day: Int = 10) -> String {
        #"203.0.113.9 - - [\#(day < 10 ? "0" : "")\#(day)/May/2026:10:00:00 +0000] "GET \#(path) HTTP/1.1" \#(status) 512 "-" "Mozilla/5.0""#
    }

    static func suggest(_ log: [String], pages: [String], rules: String = rules) throws -> SuggestionResult {
        let set = try TestSupport.yaml(rules).ruleSet
        return RuleSuggester(ruleSet: set, pages: pages, now: now).suggest(NotFoundLog.read(lines: log))
    }

    @Test func readsOnlyGetAndHead404sWithTheirCountsAndLastTime() {
        let summary = NotFoundLog.read(lines: [
            Self.line("/a?x=1", 404, day: 3), Self.line("/a", 404, day: 9), Self.line("/b", 200),
            #"1.2.3.4 - - [10/May/2026:10:00:00 +0000] "POST /c HTTP/1.1" 404 0 "-" "-""#, "GET /plain-line"
        ])
        #expect(summary.notFound == ["/a": .init(hits: 2, lastSeen: Timestamp(rfc3339: "2026-05-09T10:00:00Z"))])
        #expect(summary.served == ["/b"])
        #expect(summary.withoutStatus == 1)
    }

    @Test func theOnlyPageWithTheSameSlugIsSuggestedWithHighConfidence() throws {
        let log = Array(repeating: Self.line("/old/pricing.html", 404), count: 5) + [Self.line("/about-us", 404)]
        let result = try Self.suggest(log, pages: ["/pricing", "/about", "/contact"])
        let pricing = try #require(result.suggestions.first { $0.rule.source.text == "/old/pricing.html" })
        #expect(pricing.rule.target.text == "/pricing")
        #expect(pricing.rule.id == "suggest-pricing")
        #expect(pricing.rule.code == .movedPermanently)
        #expect(pricing.confidence == 0.95)
        #expect(pricing.hits == 5)
        let about = try #require(result.suggestions.first { $0.rule.source.text == "/about-us" })
        #expect(about.rule.target.text == "/about")
        #expect(about.confidence < 0.95 && about.confidence >= 0.6)
    }

    @Test func manyMovesWithOnePatternBecomeAPrefixRule() throws {
        let log = ["spring", "summer", "autumn"].map { Self.line("/blog/\($0)", 404) } + [Self.line("/blog/winter", 404)]
        let result = try Self.suggest(log, pages: ["/news/spring", "/news/summer", "/news/autumn", "/news/winter", "/shop"])
        #expect(result.suggestions.count == 1)
        let rule = try #require(result.suggestions.first)
        #expect(rule.rule.source.text == "/blog/*")
        #expect(rule.rule.target.text == "/news/*")
        #expect(rule.covers.count == 4)
        #expect(rule.hits == 4)
    }

    @Test func oldPathsThatDifferInNumbersBecomeARegexRule() throws {
        let log = [("2019", "spring-lookbook"), ("2020", "denim-guide"), ("2021", "care-tips")].map { Self.line("/blog/\($0.0)/\($0.1)", 404) }
        let result = try Self.suggest(log, pages: ["/journal/spring-lookbook", "/journal/denim-guide", "/journal/care-tips"])
        let rule = try #require(result.suggestions.first)
        #expect(result.suggestions.count == 1)
        #expect(rule.rule.source.text == "~^/blog/[0-9]+/(.+)$")
        #expect(rule.rule.target.text == "/journal/$1")
        #expect(rule.rule.id == "suggest-blog")
        // The regex also takes a year the log never showed.
        var set = try TestSupport.yaml(Self.rules).ruleSet
        set.rules.append(rule.rule)
        set.lines.append(0)
        let r = Simulator(ruleSet: set, view: .detour).respond(to: HTTPRequest(method: "GET", host: "example.com", path: "/blog/2024/new-post"))
        #expect(r.location == "https://example.com/journal/new-post")
    }

    @Test func aSuggestionTheValidatorFindsALoopInIsTurnedDown() throws {
        // /pricing already redirects to /old/pricing.html: suggesting the way back would loop.
        let rules = """
            site: {hosts: [example.com]}
            rules:
              - {id: back, source: /pricing, target: /old/pricing.html, code: 301}
            """
        let result = try Self.suggest([Self.line("/old/pricing.html", 404)], pages: ["/pricing"], rules: rules)
        #expect(result.suggestions.isEmpty)
        let rejected = try #require(result.rejected.first)
        #expect(rejected.suggestion.rule.source.text == "/old/pricing.html")
        #expect(rejected.reason.hasPrefix("DT"), "\(rejected.reason)")
    }

    @Test func pathsTheRulesAlreadyRedirectAndPathsWithoutAPageAreNotSuggested() throws {
        let log = [Self.line("/index.php", 404), Self.line("/wp-login.php", 404), Self.line("/wp-login.php", 404)]
        let result = try Self.suggest(log, pages: ["/pricing", "/about"])
        #expect(result.alreadyRedirected == 1)
        #expect(result.suggestions.isEmpty)
        #expect(result.unmatched.map(\.path) == ["/wp-login.php"])
        #expect(result.unmatched.first?.hits == 2)
    }

    @Test func theOutputIsARuleFileWithConfidenceAndHitsInComments() throws {
        let log = Array(repeating: Self.line("/old/pricing.html", 404), count: 3) + [Self.line("/zzz-qqq", 404)]
        let set = try TestSupport.yaml(Self.rules).ruleSet
        let result = RuleSuggester(ruleSet: set, pages: ["/pricing"], now: Self.now).suggest(NotFoundLog.read(lines: log))
        let text = SuggestionFile.render(result, ruleSet: set, file: "r.yaml", log: "access.log", pagesSource: "sitemap.xml (1 pages)")
        #expect(text.contains("# confidence 0.95: the only page with the slug 'pricing'; 3 hits in the log"), "\(text)")
        #expect(text.contains("#   /zzz-qqq (1)"))
        let reloaded = try TestSupport.yaml(text).ruleSet
        #expect(reloaded.rules.map(\.source.text) == ["/old/pricing.html"])
        #expect(reloaded.site.hosts == set.site.hosts)
    }

    @Test func sitemapXMLAndPlainListsGivePaths() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://example.com/pricing</loc></url>
              <url><loc>https://example.com/search?q=a&amp;b=c</loc></url>
            </urlset>
            """
        #expect(SiteURLList.paths(from: xml) == ["/pricing", "/search"])
        #expect(SiteURLList.paths(from: "# pages\nhttps://example.com/a\n/b\n\n/b\n") == ["/a", "/b"])
    }

    @Test func slugsAndSimilarity() {
        #expect(PathSimilarity.slug("/Blog/2019/My-Post.html") == "my-post")
        #expect(PathSimilarity.slug("/docs/index.html") == "docs")
        #expect(PathSimilarity.slug("/") == nil)
        #expect(PathSimilarity.score("/a/contact-us", "/contact-us") == 1)
        #expect(PathSimilarity.score("/about-us", "/about") > PathSimilarity.score("/about-us", "/pricing"))
    }
}
