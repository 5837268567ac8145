import Foundation
import Testing

@testable import DetourCore

/// `detour import vercel`: `redirects` with path-to-regexp sources answer as Vercel does (the same
/// regex, `:name` and `$1` as groups, 308/307 from `permanent`, the query kept), `has` becomes
/// conditions or the host, `cleanUrls`/`trailingSlash: false` become the redirects Vercel
/// generates, and what Detour cannot say is reported.
@Suite("Vercel import")
struct VercelImportTests {
    static func fixture(_ name: String) -> String { TestSupport.fixture("import/vercel/" + name) }

    static func run(_ name: String) throws -> ImportResult {
        try VercelImporter().importFiles([fixture(name)], options: ImportOptions(host: "www.example.com"))
    }

    static func response(
        _ set: RuleSet, _ path: String, query: String? = nil, host: String = "www.example.com", headers: [HTTPRequest.HeaderField] = []
    ) -> String {
        let request = HTTPRequest(method: "GET", host: host, path: path, query: query, headers: headers, time: Timestamp(secondsSinceEpoch: 0))
        let r = Simulator(ruleSet: set).respond(to: request)
        return r.status.map { "\($0.rawValue) \(r.location ?? "")" } ?? "origin"
    }

    @Test func redirectsAnswerLikeVercel() throws {
        let result = try Self.run("vercel.json")
        #expect(result.report.notImported.isEmpty)
        #expect(result.report.skippedByReason == ["rewrite": 1, "headers entry": 1])
        let set = result.ruleSet
        let site = "https://www.example.com"
        #expect(Self.response(set, "/me") == "308 \(site)/profile")
        #expect(Self.response(set, "/user", query: "id=3") == "307 \(site)/api/user?id=3")
        #expect(Self.response(set, "/view-source") == "301 https://github.com/example/site")
        #expect(Self.response(set, "/blog/hello") == "308 \(site)/news/hello")
        #expect(Self.response(set, "/blog/a/b") == "origin")
        // :path* takes zero or more segments.
        #expect(Self.response(set, "/docs") == "308 https://docs.example.com/")
        #expect(Self.response(set, "/docs/guide/install") == "308 https://docs.example.com/guide/install")
        // A custom pattern, $2 and :category in the query, the request's query after it.
        #expect(Self.response(set, "/shop/shoes/42", query: "x=1") == "302 \(site)/products/42?from=shoes&x=1")
        #expect(Self.response(set, "/shop/shoes/red") == "origin")
        #expect(Self.response(set, "/old/a/b") == "308 \(site)/new/a/b")
        #expect(Self.response(set, "/posts") == "308 \(site)/articles/")
        // has: header value, cookie presence and a query regex (matched whole).
        #expect(Self.response(set, "/pricing", headers: [.init("X-Vercel-IP-Country", "GB")]) == "307 \(site)/uk/pricing")
        #expect(Self.response(set, "/pricing", headers: [.init("X-Vercel-IP-Country", "DE")]) == "origin")
        let beta: [HTTPRequest.HeaderField] = [.init("Cookie", "beta=1")]
        #expect(Self.response(set, "/app/x/y", query: "ref=mailing", headers: beta) == "308 \(site)/beta/x/y?ref=mailing")
        #expect(Self.response(set, "/app/x/y", query: "ref=mailings", headers: beta) == "origin")
        #expect(Self.response(set, "/a/b", host: "old.example.com") == "301 https://www.example.com/a/b")
        // cleanUrls and trailingSlash: false come first, as Vercel's router has them.
        #expect(Self.response(set, "/about.html") == "308 \(site)/about")
        #expect(Self.response(set, "/guide/index.html") == "308 \(site)/guide")
        #expect(Self.response(set, "/me/") == "308 \(site)/me")
        // Case matters (path-to-regexp runs with sensitive: true).
        #expect(Self.response(set, "/ME") == "origin")
    }

    @Test func whatDetourCannotSayIsReported() throws {
        let result = try Self.run("reported.json")
        #expect(result.ruleSet.rules.isEmpty)
        #expect(result.report.notImported.map(\.line) == [2, 4, 5, 6, 7])
        let why = result.report.notImported.map(\.why)
        #expect(why[0].contains("/.well-known/"))
        #expect(why[1].contains("'missing'"))
        #expect(why[2].contains("two parameters in one path segment"))
        #expect(why[3].contains("named groups"))
        #expect(why[4].contains("statusCode 418"))
    }

    @Test func badJSONIsPositioned() throws {
        #expect(
            throws: ImportError(
                file: Self.fixture("missing-comma.json"), line: 4, column: 5, message: "expected ',' or ']' after a list item, found '{'")
        ) {
            try Self.run("missing-comma.json")
        }
        let importer = VercelImporter()
        #expect(throws: ImportError(file: "vercel.json", line: 2, column: 3, message: "this redirect has no \"destination\" string")) {
            try importer.importText("{\"redirects\": [\n  {\"source\": \"/a\"}\n]}", file: "vercel.json")
        }
        #expect(throws: ImportError(file: "vercel.json", line: 1, column: 15, message: "unclosed string")) {
            try importer.importText("{\"redirects\": \"/a", file: "vercel.json")
        }
        #expect(throws: ImportError(file: "vercel.json", line: 1, column: 67, message: "permanent must be true or false, found a string")) {
            try importer.importText("{\"redirects\": [{\"source\": \"/a\", \"destination\": \"/b\", \"permanent\": \"yes\"}]}", file: "vercel.json")
        }
    }

    @Test func pathToRegexpSourcesCompileAsVercelDoes() throws {
        func regex(_ s: String) throws -> String { try VercelSourcePattern.make(s).source.text }
        #expect(try regex("/a/:b") == "~^/a(?:/([^/#?]+))$")
        #expect(try regex("/a/:b?") == "~^/a(?:/([^/#?]+))?$")
        #expect(try regex("/a/:b+") == "~^/a(?:/((?:[^/#?]+)(?:/(?:[^/#?]+))*))$")
        #expect(try regex("/file.:ext") == "~^/file(?:\\.([^/#?]+))$")
        #expect(try regex("/plain/path") == "/plain/path")
        #expect(throws: ImportWhy("'*' at 3 does not follow a parameter, so path-to-regexp rejects the source")) { try regex("/a/*") }
    }

    @Test func detectRecognisesVercelFiles() {
        #expect(VercelImporter.detect(path: "site/vercel.json", bytes: []))
        #expect(VercelImporter.detect(path: "routes.json", bytes: Array("{\"redirects\": []}".utf8)))
        #expect(!VercelImporter.detect(path: "package.json", bytes: Array("{\"name\": \"x\"}".utf8)))
    }
}
