import Foundation
import Testing

@testable import DetourCore

/// `detour import nginx`: the parser's positioned errors and includes, the translation of each
/// construct into rules in nginx's precedence, and the report of what could not be carried.
@Suite("nginx import")
struct NginxImportTests {
    static func fixture(_ name: String) -> String { TestSupport.fixture("import/nginx/" + name) }

    static func run(_ name: String, host: String? = nil) throws -> ImportResult {
        try NginxImporter().importFiles([fixture(name)], options: ImportOptions(host: host))
    }

    static func text(_ config: String, file: String = "/tmp/site.conf") throws -> ImportResult {
        try NginxImporter().importText(config, file: file)
    }

    /// `host source → target code query` per rule, what a reader checks an import by.
    static func lines(_ set: RuleSet) -> [String] {
        set.rules.map { r in
            var s = (r.host.map { "\($0) " } ?? "") + "\(r.source.text) → \(r.target.text) \(r.code.rawValue)"
            if r.query == .drop { s += " query:drop" }
            if let m = r.methods { s += " methods:\(m.joined(separator: ","))" }
            for c in r.conditions { s += " when:\(c.kind.rawValue).\(c.name)=\(c.value)" }
            return s
        }
    }

    static func response(_ set: RuleSet, _ host: String, _ path: String, query: String? = nil, method: String = "GET") -> String {
        let sim = Simulator(ruleSet: set, view: .of(.nginx))
        let r = sim.respond(to: HTTPRequest(method: method, scheme: "https", host: host, path: path, query: query))
        return r.status.map { "\($0.rawValue) \(r.location ?? "")" } ?? "origin"
    }

    // MARK: syntax

    @Test func truncatedServerBlockIsAPositionedError() throws {
        #expect(
            throws: ImportError(
                file: Self.fixture("truncated.conf"), line: 8, column: 1,
                message: "unexpected end of file: the 'server' block opened at line 1, column 1 is not closed with '}'")
        ) {
            try Self.run("truncated.conf")
        }
    }

    @Test func unclosedQuoteNamesWhereTheQuoteOpened() throws {
        #expect(throws: ImportError(file: Self.fixture("unclosed-quote.conf"), line: 2, column: 16, message: "unclosed double quote")) {
            try Self.run("unclosed-quote.conf")
        }
    }

    @Test func missingSemicolonAndStrayBraceArePositioned() throws {
        do {
            _ = try Self.text("server {\n  return 301 /x\n}\n")
            Issue.record("no error")
        } catch let e as ImportError {
            #expect(e.description == "/tmp/site.conf:2:3: directive 'return' is not terminated by ';'")
        }
        do {
            _ = try Self.text("return 301 /x;\n}\n")
            Issue.record("no error")
        } catch let e as ImportError {
            #expect(e.description == "/tmp/site.conf:2:1: unexpected '}' (no block is open)")
        }
    }

    @Test func quotesEscapesAndCommentsAreRead() throws {
        var parser = NginxConfigParser()
        let d = try parser.parse(
            Array("# first\n# second\nreturn 301 \"/a b\\\"c\"; # trailing\n\n# detached\n\nrewrite '^/x{2}$' /y permanent;\n".utf8), file: "t.conf")
        #expect(d.count == 2)
        #expect(d[0].args == ["301", "/a b\"c"])
        #expect(d[0].comments == ["first", "second"])
        #expect(d[1].args == ["^/x{2}$", "/y", "permanent"])
        #expect(d[1].comments == [])
        #expect(d[1].line == 7)
    }

    // MARK: translation

    @Test func rewritesIfsAndIncludes() throws {
        let result = try Self.run("rewrites.conf")
        #expect(
            Self.lines(result.ruleSet) == [
                "www.example.com /* → http://example.com{path} 301",
                "~^/blog/(\\d{4})/(\\d{2})/([a-z0-9-]+)/?$ → /articles/$1-$2/$3 301",
                "~^/feed$ → /rss.xml 302",
                "/* → /api/v2/forms 307 query:drop methods:POST",
                "~^/promo/?$ → /offers/spring 301 query:drop"
            ])
        // The included snippet's comment came along; the rule id names the file it came from.
        #expect(result.ruleSet.rules[4].id == "legacy-2")
        #expect(result.ruleSet.rules[4].note == "Campaign links printed on flyers.")
        #expect(result.ruleSet.rules[1].note == "Blog posts moved under /articles.")
        #expect(
            result.report.notImported.map(\.description) == [
                "\(Self.fixture("rewrites.conf")):21: include snippets/not-there.conf — the file was not found, so its directives were not read"
            ])
        #expect(result.report.skippedByReason["rewrite (internal, not a redirect)"] == 1)
        let set = result.ruleSet
        #expect(
            Self.response(set, "www.example.com", "/blog/2019/04/hello-world/", query: "utm=x")
                == "301 http://example.com/blog/2019/04/hello-world/?utm=x")
        #expect(
            Self.response(set, "example.com", "/blog/2019/04/hello-world", query: "utm=x")
                == "301 https://example.com/articles/2019-04/hello-world?utm=x")
        #expect(Self.response(set, "example.com", "/promo", query: "utm=x") == "301 https://example.com/offers/spring")
        #expect(Self.response(set, "example.com", "/contact", method: "POST") == "307 https://example.com/api/v2/forms")
        #expect(Self.response(set, "example.com", "/contact") == "origin")
    }

    @Test func locationPrecedenceBecomesFirstMatchOrder() throws {
        let result = try Self.run("precedence.conf")
        #expect(
            Self.lines(result.ruleSet) == [
                "/old-home → / 302 query:drop",
                "~^/[bB][lL][oO][gG]/(\\d+)$ → /posts/$1 308 query:drop",
                "~^/p/(\\d+)-[a-z-]+$ → /products/$1 301"
            ])
        // The regex location a longer `^~` prefix shadows is reported with a request that shows it;
        // without it, nginx still gives /docs/x.php to that regex location, so the /docs/ rewrite
        // cannot be carried either.
        #expect(result.report.notImported.count == 2)
        let n = try #require(result.report.notImported.first)
        #expect(n.line == 13 && n.construct == "return 301 /legacy$request_uri")
        #expect(n.why.contains("requests like /static/.php") && n.why.contains("location ^~ /static/"))
        #expect(result.report.notImported[1].line == 21)
        #expect(result.report.notImported[1].why.contains("`location ~ \\.php$` (line 12), whose redirect is not imported"))
        #expect(result.ruleSet.rules[2].note == "Product pages keep their id.")
        #expect(Self.response(result.ruleSet, "shop.example.com", "/docs/a.php") == "origin")
        #expect(Self.response(result.ruleSet, "shop.example.com", "/BLOG/42") == "308 https://shop.example.com/posts/42")
        #expect(Self.response(result.ruleSet, "shop.example.com", "/p/7-red-shoe", query: "c=1") == "301 https://shop.example.com/products/7?c=1")
    }

    @Test func regexBeatsAShorterPrefixAndExactBeatsAll() throws {
        let result = try Self.text(
            """
            server {
                server_name example.com;
                location /a/ { return 301 /prefix; }
                location ~ ^/a/b { return 301 /regex; }
                location = /a/b { return 301 /exact; }
            }
            """)
        #expect(Self.lines(result.ruleSet) == ["/a/b → /exact 301 query:drop", "~^/a/b → /regex 301 query:drop", "/a/* → /prefix 301 query:drop"])
        #expect(result.report.isComplete)
    }

    @Test func aLocationThatDoesNotRedirectShadowsTheCatchAll() throws {
        let result = try Self.text(
            """
            server {
                location /api/ { proxy_pass http://backend; }
                location / { return 301 https://new.example.com$request_uri; }
            }
            """)
        #expect(result.ruleSet.rules.isEmpty)
        #expect(result.report.notImported.first?.why.contains("requests like /api/ to `location /api/`") == true)
    }

    @Test func mapTablesBecomeOneRulePerEntry() throws {
        let result = try Self.run("map.conf")
        // nginx compares exact map keys without case but `~` keys with it, so the exact keys
        // spell out both cases and the site stays case-sensitive.
        #expect(
            Self.lines(result.ruleSet) == [
                "~^/[aA][bB][oO][uU][tT]-[uU][sS]$ → /about 301 query:drop",
                "~^/[cC][oO][nN][tT][aA][cC][tT]\\.[hH][tT][mM][lL]$ → /contact 301 query:drop",
                "~^/[tT][eE][aA][mM]/[jJ][aA][nN][eE]$ → /people/jane-doe 301 query:drop",
                "~^/category/([a-z]+)/?$ → /shop/$1 301 query:drop"
            ])
        #expect(result.report.isComplete)
        #expect(result.ruleSet.rules[0].note == "Pages renamed in the 2023 relaunch.")
        #expect(result.ruleSet.site.pathCase == .sensitive)
        #expect(Self.response(result.ruleSet, "example.com", "/About-Us") == "301 https://example.com/about")
        #expect(Self.response(result.ruleSet, "example.com", "/Category/shoes") == "origin")
    }

    @Test func aMapOfExactKeysMakesTheSiteCaseInsensitive() throws {
        let result = try Self.text(
            "map $uri $to {\n  default \"\";\n  /Old /new;\n  /a.html https://b.example/;\n}\nserver { if ($to) { return 308 $to; } }\n")
        #expect(Self.lines(result.ruleSet) == ["/Old → /new 308 query:drop", "/a.html → https://b.example/ 308 query:drop"])
        #expect(result.ruleSet.site.pathCase == .insensitive)
        #expect(Self.response(result.ruleSet, "example.com", "/OLD") == "308 https://example.com/new")
    }

    @Test func mapKeysNextToOtherRulesSpellOutBothCases() throws {
        let result = try Self.text(
            """
            map $uri $to { /Old /new; }
            server {
                if ($to) { return 301 $to; }
                rewrite ^/x$ /y permanent;
            }
            """)
        #expect(Self.lines(result.ruleSet) == ["~^/[oO][lL][dD]$ → /new 301 query:drop", "~^/x$ → /y 301"])
        #expect(result.ruleSet.site.pathCase == .sensitive)
    }

    @Test func serversBecomeHostsExactNamesBeforeWildcards() throws {
        let result = try Self.run("wildcards.conf")
        #expect(
            result.ruleSet.site.hosts.map(\.description) == ["shop.example.com", "*.shops.example.com", "old-brand.example", "*.old-brand.example"])
        #expect(
            Self.lines(result.ruleSet) == [
                "shop.example.com ~^/[sS][aA][lL][eE](/.*)?$ → /offers$1 302 query:drop",
                "old-brand.example /* → https://shop.example.com/welcome 302 query:drop when:query.ref=newsletter",
                "old-brand.example /catalog/* → //shop.example.com{path} 301",
                "*.shops.example.com /* → https://shop.example.com/welcome 302 query:drop when:query.ref=newsletter",
                "*.shops.example.com /catalog/* → //shop.example.com{path} 301",
                "*.old-brand.example /* → https://shop.example.com/welcome 302 query:drop when:query.ref=newsletter",
                "*.old-brand.example /catalog/* → //shop.example.com{path} 301"
            ])
        #expect(result.report.notImported.map(\.why) == ["if ($scheme = http): " + ImportWhy.schemeNotTranslated])
        #expect(Self.response(result.ruleSet, "eu.shops.example.com", "/catalog/x") == "301 https://shop.example.com/catalog/x")
    }

    @Test func httpOnlyServersAndTheDefaultServerAreReported() throws {
        let result = try Self.run("multi-server.conf")
        #expect(
            Self.lines(result.ruleSet) == [
                "www.example.com /* → https://example.com{path} 301",
                "example.com /press → /news/press 301 query:drop"
            ])
        #expect(result.report.notImported.map(\.line) == [8, 20])
        #expect(result.report.notImported[0].why.contains(ImportWhy.schemeNotTranslated))
        #expect(result.report.skipped == 8)
    }

    @Test func cacheControlOfTheBlockBecomesTheRuleCache() throws {
        let result = try Self.run("maintenance.conf")
        #expect(Self.lines(result.ruleSet) == ["/cart → /checkout/cart 302 query:drop", "/checkout/* → /maintenance 307 query:drop"])
        #expect(result.ruleSet.rules.map(\.cache.headerValue) == ["max-age=600", "no-store"])
        #expect(result.ruleSet.rules[0].note == nil)
        #expect(result.report.isComplete)
    }

    @Test func unportableRegexesAndUnknownVariablesAreReportedNotDropped() throws {
        let result = try Self.text(
            """
            server {
                rewrite ^/(?i)old$ /new permanent;
                rewrite ^/a/(.+?)$ /b/$1 permanent;
                return 301 https://example.com/$cookie_lang;
            }
            """)
        #expect(result.ruleSet.rules.isEmpty)
        #expect(result.report.notImported.map(\.line) == [2, 3, 4])
        #expect(result.report.notImported[0].why.hasPrefix("the regex is outside Detour's portable subset"))
        #expect(result.report.notImported[2].why == "the variable $cookie_lang has no Detour placeholder")
    }

    @Test func reportAsJSON() throws {
        let result = try Self.text("server {\n  rewrite ^/(?=x) /y permanent;\n  return 301 /z;\n  root /srv;\n}\n", file: "a \"b\".conf")
        let object = try JSONSerialization.jsonObject(with: Data(result.report.json.utf8)) as! [String: Any]
        #expect(object["imported"] as? Int == 1)
        #expect(object["skipped"] as? Int == 1)
        let items = object["notImported"] as! [[String: Any]]
        #expect(items.count == 1)
        #expect(items[0]["file"] as? String == "a \"b\".conf")
        #expect(items[0]["line"] as? Int == 2)
        #expect(items[0]["construct"] as? String == "rewrite ^/(?=x) /y permanent")
    }

    @Test func importedRulesPassTheirOwnFileFormat() throws {
        // What `-o` writes loads back as the same rules.
        let result = try Self.run("precedence.conf")
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["out.yaml", "out.csv"] {
            try RuleFileDocument.write(result.ruleSet, to: dir + "/" + name)
            let back = try RuleFileDocument.load(path: dir + "/" + name).ruleSet
            #expect(Self.lines(back) == Self.lines(result.ruleSet), "\(name)")
        }
    }
}

extension NginxImportTests {
    @Test func aRequestURIMapSaysItsKeysIgnoreTheQueryRule() throws {
        let result = try Self.text(
            """
            map $request_uri $legacy {
                /old.php /new;
                "/search.php?q=1" /search;
            }
            server { server_name example.com; return 301 $legacy; }
            """)
        #expect(Self.lines(result.ruleSet) == ["/old.php → /new 301 query:drop"])
        #expect(result.report.notImported.map(\.line) == [1, 3])
        #expect(result.report.notImported[0].why.contains("only when the request has no query string"))
        #expect(result.report.notImported[1].why.contains("a key with a query string"))
    }

    @Test func directivesAfterAnUnconditionalReturnAreNeverReached() throws {
        let result = try Self.text(
            """
            server {
                server_name old.example;
                return 301 https://new.example$request_uri;
                rewrite ^/a$ /b permanent;
                location /x/ { return 302 /y; }
            }
            """)
        #expect(Self.lines(result.ruleSet) == ["/* → https://new.example{path} 301"])
        #expect(result.report.notImported.map(\.line) == [4, 5])
        #expect(result.report.notImported.allSatisfy { $0.why.contains("never reached") })
    }
}

extension NginxImportTests {
    @Test func uriIsReportedAndRequestURICarried() throws {
        let result = try Self.text(
            """
            server {
                location /a/ { return 301 https://new.example$uri; }
                location /b/ { return 301 https://new.example$request_uri; }
                location /c/ { return 301 https://new.example$request_uri/x; }
            }
            """)
        #expect(Self.lines(result.ruleSet) == ["/b/* → https://new.example{path} 301"])
        #expect(result.report.notImported.map(\.line) == [2, 4])
        #expect(result.report.notImported[0].why.hasPrefix("$uri is the decoded, normalised path"))
        #expect(Self.response(result.ruleSet, "example.com", "/b/x", query: "q=1") == "301 https://new.example/b/x?q=1")
    }
}
