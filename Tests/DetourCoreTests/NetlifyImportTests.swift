import Foundation
import Testing

@testable import DetourCore

/// `detour import netlify`: `_redirects` lines and `netlify.toml` tables become rules that answer
/// like Netlify (first match, splats, placeholders, query matching, trailing slash folded), and
/// what Detour cannot test (country, language, a query value in the destination, one scheme) or
/// what is not a redirect (200, 404) is reported or counted.
@Suite("Netlify import")
struct NetlifyImportTests {
    static func fixture(_ name: String) -> String { TestSupport.fixture("import/netlify/" + name) }

    static func run(_ name: String, host: String? = nil) throws -> ImportResult {
        try NetlifyImporter().importFiles([fixture(name)], options: ImportOptions(host: host))
    }

    static func text(_ text: String, file: String = "/site/_redirects") throws -> ImportResult {
        try NetlifyImporter().importText(text, file: file)
    }

    static func response(_ set: RuleSet, _ path: String, query: String? = nil, host: String = "www.example.com") -> String {
        let sim = Simulator(ruleSet: set)
        let r = sim.respond(to: HTTPRequest(method: "GET", host: host, path: path, query: query, time: Timestamp(secondsSinceEpoch: 0)))
        return r.status.map { "\($0.rawValue) \(r.location ?? "")" } ?? "origin"
    }

    @Test func redirectsFileAnswersLikeNetlify() throws {
        let result = try Self.run("_redirects", host: "www.example.com")
        #expect(result.report.notImported.isEmpty)
        let set = result.ruleSet
        #expect(Self.response(set, "/news/2019/launch") == "301 https://www.example.com/blog/2019/launch")
        // Netlify folds the trailing slash before matching.
        #expect(Self.response(set, "/news/") == "301 https://www.example.com/blog/")
        #expect(Self.response(set, "/blog/2020/05/hello") == "301 https://www.example.com/posts/hello")
        #expect(Self.response(set, "/blog/2020/hello") == "origin")
        // The request's query goes along unless the destination has its own.
        #expect(Self.response(set, "/docs/install", query: "v=2") == "308 https://docs.example.com/install?v=2")
        #expect(Self.response(set, "/spring-sale", query: "utm=x") == "302 https://www.example.com/shop?campaign=spring")
        // Query matching: the parameter must be there; the request's query is not passed on.
        #expect(Self.response(set, "/store", query: "id=7") == "301 https://www.example.com/products")
        #expect(Self.response(set, "/store", query: "ref=newsletter") == "302 https://www.example.com/shop")
        #expect(Self.response(set, "/store") == "origin")
        // The cookie condition.
        #expect(Self.response(set, "/beta/x") == "origin")
        // The domain rule written for both schemes is one rule on that host.
        #expect(Self.response(set, "/a/b", host: "old.example.com") == "301 https://www.example.com/a/b")
        #expect(set.site.trailingSlash == .fold)
        #expect(set.rules.first?.note == "The old blog lived under /news")
        #expect(result.report.notes.contains { $0.contains("7 rules have no '!'") })
        #expect(result.report.notes.contains { $0.contains("https://old.example.com/* is the other scheme") })
    }

    @Test func constructsDetourCannotTestAreReportedInFileOrder() throws {
        let result = try Self.run("reported/_redirects")
        #expect(result.ruleSet.rules.isEmpty)
        #expect(result.report.notImported.map(\.line) == [6, 9, 10, 13, 18])
        let why = result.report.notImported.map(\.why)
        #expect(why[0].contains("reported/_redirects:3 (rewrite (200)) answers /app/legacy first"))
        #expect(why[1].hasPrefix("Country=gb"))
        #expect(why[2].hasPrefix("Language=de"))
        #expect(why[3].contains("query value :id"))
        #expect(why[4].contains("only http requests"))
        #expect(result.report.skippedByReason == ["proxy (200)": 1, "rewrite (200)": 1, "custom 404 page": 1])
    }

    @Test func netlifyTOMLTablesBecomeRules() throws {
        let result = try Self.run("netlify.toml")
        #expect(result.ruleSet.rules.map(\.source.text) == ["~^/articles/([^/]+)$", "/search?q=*", "/app/*"])
        #expect(result.ruleSet.rules.map(\.code.rawValue) == [301, 302, 307])
        #expect(result.ruleSet.rules[0].note == "The 2019 URL scheme")
        #expect(result.report.notImported.map(\.line) == [25])
        #expect(result.report.skippedByReason == ["rewrite (200)": 1])
        let set = result.ruleSet
        #expect(Self.response(set, "/articles/hello/") == "301 https://www.example.com/blog/hello")
        #expect(Self.response(set, "/search", query: "q=shoes") == "302 https://www.example.com/find")
    }

    @Test func badInputIsPositioned() throws {
        #expect(
            throws: ImportError(
                file: Self.fixture("missing-destination_redirects"), line: 2, column: 8, message: "the rule has no destination (FROM TO [STATUS])")
        ) {
            try Self.run("missing-destination_redirects")
        }
        do {
            _ = try Self.run("unclosed.toml")
            Issue.record("an unclosed TOML string must not import")
        } catch let e as ImportError {
            #expect((e.line, e.column) == (3, 9))
        }
        #expect(
            throws: ImportError(
                file: "/site/_redirects", line: 1, column: 1, message: "a rule starts with a path (/old) or a URL (https://host/old), found 'old'")
        ) {
            try Self.text("old /new\n")
        }
        #expect(
            throws: ImportError(
                file: "/site/_redirects", line: 1, column: 11,
                message: "expected a status code (301, 302!) or a condition like Country=us,ca, found 'permanent'")
        ) {
            try Self.text("/old /new permanent\n")
        }
    }

    @Test func placeholdersAndSplatsBecomeGroupsInOrder() throws {
        let result = try Self.text("/shop/:category/*  /store/:splat/:category  302!\n/:lang/about.html  /:lang/about  301\n")
        #expect(result.ruleSet.rules.map(\.target.text) == ["/store/$2/$1", "/$1/about"])
        #expect(Self.response(result.ruleSet, "/shop/shoes/red/42", host: "example.com") == "302 https://example.com/store/red/42/shoes")
        #expect(Self.response(result.ruleSet, "/de/about.html", host: "example.com") == "301 https://example.com/de/about")
        let twoInOneSegment = try Self.text("/blog-:year-:month  /b/:year  301\n")
        #expect(twoInOneSegment.report.notImported.first?.why.contains("two placeholders in one path segment") == true)
    }

    @Test func detectRecognisesNetlifyFiles() {
        #expect(NetlifyImporter.detect(path: "public/_redirects", bytes: []))
        #expect(NetlifyImporter.detect(path: "netlify.toml", bytes: Array("[[redirects]]\nfrom = \"/a\"\n".utf8)))
        #expect(!NetlifyImporter.detect(path: "theme.toml", bytes: Array("[colors]\n".utf8)))
    }
}
