import Foundation
import Testing

@testable import DetourCore

/// `detour import apache`: positioned errors, includes and continuations, and the translation of
/// each construct into rules in httpd's order (mod_rewrite before mod_alias, per-directory
/// patterns without the leading slash), with the report of what could not be carried.
@Suite("Apache import")
struct ApacheImportTests {
    static func fixture(_ name: String) -> String { TestSupport.fixture("import/apache/" + name) }

    static func run(_ name: String, host: String? = nil) throws -> ImportResult {
        try ApacheImporter().importFiles([fixture(name)], options: ImportOptions(host: host))
    }

    static func text(_ config: String, file: String = "/tmp/site/.htaccess", host: String? = nil) throws -> ImportResult {
        try ApacheImporter().importText(config, file: file, options: ImportOptions(host: host))
    }

    static func lines(_ set: RuleSet) -> [String] { NginxImportTests.lines(set) }

    static func response(
        _ set: RuleSet, _ host: String, _ path: String, query: String? = nil, method: String = "GET", headers: [(String, String)] = []
    )
        -> String
    {
        let sim = Simulator(ruleSet: set, view: .of(.apache))
        var request = HTTPRequest(method: method, scheme: "https", host: host, path: path, query: query)
        request.headers = headers.map { HTTPRequest.HeaderField($0.0, $0.1) }
        let r = sim.respond(to: request)
        return r.status.map { "\($0.rawValue) \(r.location ?? "")" } ?? "origin"
    }

    // MARK: syntax

    @Test func unclosedVirtualHostIsPositionedAtItsStart() throws {
        #expect(
            throws: ImportError(
                file: Self.fixture("unclosed.conf"), line: 1, column: 1, message: "<VirtualHost> is not closed: the file ends before </VirtualHost>")
        ) { try Self.run("unclosed.conf") }
    }

    @Test func unknownRewriteRuleFlagNamesTheFlagsColumn() throws {
        #expect(throws: ImportError(file: Self.fixture("bad-flag.htaccess"), line: 3, column: 24, message: "unknown RewriteRule flag 'LL'")) {
            try Self.run("bad-flag.htaccess")
        }
    }

    @Test func mismatchedSectionAndBadRedirectArePositioned() throws {
        do {
            _ = try Self.text("<VirtualHost *:80>\n  <IfModule mod_rewrite.c>\n  </VirtualHost>\n", file: "/tmp/a.conf")
            Issue.record("no error")
        } catch let e as ImportError {
            #expect(e.description == "/tmp/a.conf:3:3: </VirtualHost> does not close <IfModule> opened at line 2")
        }
        do {
            _ = try Self.text("Redirect sometimes /a /b\n")
            Issue.record("no error")
        } catch let e as ImportError {
            #expect(e.description == "/tmp/site/.htaccess:1:10: 'sometimes' is not a status (permanent, temp, seeother, gone or a number)")
        }
        do {
            _ = try Self.text("RewriteCond %{HTTP_HOST} ^a$ [NC,XX]\nRewriteRule ^ /b [R]\n")
            Issue.record("no error")
        } catch let e as ImportError {
            #expect(e.description == "/tmp/site/.htaccess:1:30: unknown RewriteCond flag 'XX' (known: NC, OR, NV)")
        }
    }

    @Test func continuationLinesJoinAndCommentsBecomeNotes() throws {
        let r = try Self.text(
            """
            RewriteEngine On

            # Moved in 2021
            RewriteRule ^old/(.*)$ \\
                /new/$1 [R=301,L]
            # a comment far from any rule

            Redirect 301 /x /y
            """, host: "example.com")
        #expect(Self.lines(r.ruleSet) == ["~^/old/([\\s\\S]*)$ → /new/$1 301", "/x → /y 301", "/x/* → /y/* 301"])
        #expect(r.ruleSet.rules[0].note == "Moved in 2021")
        #expect(r.ruleSet.rules[1].note == nil)
        #expect(r.ruleSet.site.hosts == [.exact("example.com")])
    }

    // MARK: vhosts

    @Test func vhostsBindRulesToEachNameAndFollowIncludes() throws {
        let r = try Self.run("vhosts.conf")
        let set = r.ruleSet
        #expect(
            set.site.hosts.map(\.description) == [
                "shop.example.com", "www.shop.example.com", "store.example.com", "blog.example.com", "news.example.com"
            ])
        // The canonical-name rule exists for the two other names, not for shop.example.com itself.
        #expect(Self.response(set, "store.example.com", "/a/b", query: "q=1") == "301 https://shop.example.com/a/b?q=1")
        #expect(Self.response(set, "shop.example.com", "/a/b") == "origin")
        #expect(Self.response(set, "shop.example.com", "/PRODUCTS/12.Html") == "301 https://shop.example.com/p/12")
        #expect(Self.response(set, "shop.example.com", "/cart", method: "POST") == "origin")
        #expect(Self.response(set, "shop.example.com", "/cart") == "302 https://shop.example.com/basket")
        // Redirect matches whole segments and appends the rest.
        #expect(Self.response(set, "shop.example.com", "/catalogue/x") == "301 https://shop.example.com/catalog/x")
        #expect(Self.response(set, "shop.example.com", "/catalogues") == "origin")
        // From conf.d/shop-extra.conf, included relative to the vhost file.
        #expect(Self.response(set, "shop.example.com", "/christmas") == "301 https://shop.example.com/collections/winter")
        // A negated host test: every other name of the blog vhost.
        #expect(Self.response(set, "news.example.com", "/x") == "301 https://blog.example.com/x")
        #expect(Self.response(set, "blog.example.com", "/2020/01/hello/", query: "a=1") == "301 https://blog.example.com/posts/hello")
        let report = r.report.notImported.map { "\($0.line): \($0.construct)" }
        #expect(
            report == [
                "27: IncludeOptional conf.d/missing-*.conf", "25: Redirect gone /flash",
                "52: RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L,NE]", "2: <VirtualHost *:443>"
            ])
        #expect(r.report.notImported[2].why.contains("[NE]"))
        #expect(r.report.notImported[3].why.contains("also answers hosts no ServerName lists"))
        #expect(r.report.skippedByReason["SSLEngine"] == 2)
        #expect(r.report.skippedByReason["Header"] == 1)
    }

    @Test func oneVhostNeedsNoHostsAndInheritsMainRedirects() throws {
        let r = try Self.text(
            """
            Redirect 301 /everywhere /here
            <VirtualHost *:80>
              ServerName example.com
              ServerAlias www.example.com *.example.net
              RewriteEngine On
              RewriteCond %{HTTPS} off
              RewriteRule ^/a$ /b [R=301,L]
              RewriteCond %{HTTPS} on
              RewriteRule ^/c$ /d [R=301,L]
            </VirtualHost>
            """, file: "/tmp/site.conf")
        // %{HTTPS} is decided by the plain-http vhost: always off.
        #expect(Self.lines(r.ruleSet) == ["~^/a$ → /b 301", "/everywhere → /here 301", "/everywhere/* → /here/* 301"])
        #expect(r.ruleSet.site.hosts.map(\.description) == ["example.com", "www.example.com", "*.example.net"])
        #expect(r.report.isComplete)
    }

    // MARK: .htaccess

    @Test func htaccessPatternsMatchWithoutTheLeadingSlash() throws {
        let r = try Self.run("wordpress.htaccess")
        let set = r.ruleSet
        #expect(Self.response(set, "example.org", "/some/page") == "301 https://www.example.com/some/page")
        #expect(Self.response(set, "www.example.com", "/blog/2019/hello/") == "301 https://www.example.com/articles/hello")
        #expect(Self.response(set, "api.example.com", "/v1/users", method: "POST") == "origin")
        #expect(Self.response(set, "api.example.com", "/v1/users", query: "page=2") == "308 https://api.example.com/v2/users?page=2")
        #expect(
            Self.response(set, "www.example.com", "/download", headers: [("User-Agent", "Mozilla (iPhone)")]) == "302 https://www.example.com/app")
        #expect(Self.response(set, "www.example.com", "/download") == "origin")
        // %{REQUEST_URI} condition as the source, %1 its group.
        #expect(Self.response(set, "www.example.com", "/shop/shoes") == "301 https://www.example.com/store/shoes")
        // Query: passed through, replaced, dropped.
        #expect(Self.response(set, "www.example.com", "/search", query: "q=x") == "301 https://www.example.com/find?q=x")
        #expect(Self.response(set, "www.example.com", "/help", query: "q=x") == "302 https://www.example.com/support?from=help")
        #expect(Self.response(set, "www.example.com", "/print/a", query: "q=x") == "301 https://www.example.com/a")
        let why = Dictionary(uniqueKeysWithValues: r.report.notImported.map { ($0.line, $0.why) })
        // `%{HTTPS} !=on` in an .htaccess (scheme unknown there) limits the rule to plain http:
        // these requests arrive over https and pass.
        #expect(why[36] == nil)
        #expect(set.rules.first { $0.source.text.contains("secure") }?.scheme == "http")
        #expect(Self.response(set, "www.example.com", "/secure/a") == "origin")
        #expect(why[39]?.contains("QUERY_STRING") == true)
        // The WordPress front controller takes every missing file before mod_alias runs.
        #expect(why[42]?.contains("internal RewriteRule at line 51") == true)
    }

    @Test func modRewriteRunsBeforeModAliasWhateverTheOrder() throws {
        let r = try Self.run("legacy.htaccess", host: "www.example.com")
        let set = r.ruleSet
        #expect(Self.response(set, "www.example.com", "/about") == "302 https://www.example.com/about-us")
        #expect(Self.response(set, "www.example.com", "/about/team") == "301 https://www.example.com/company/team")
        #expect(Self.response(set, "www.example.com", "/team/") == "302 https://www.example.com/company/people/")
        #expect(Self.response(set, "www.example.com", "/news/2001/x") == "301 https://www.example.com/archive/2001/x")
        // %{REQUEST_URI} is carried as a group around the whole (normalised) path.
        #expect(Self.response(set, "www.example.com", "/docs/a") == "301 https://docs.example.com/docs/a")
        #expect(Self.response(set, "www.example.com", "/files/a", query: "x=1") == "301 https://www.example.com/downloads/a")
        // `%2` with no RewriteCond is empty in httpd: /a%20c becomes /a0c.
        #expect(Self.response(set, "www.example.com", "/a%2520b") == "301 https://www.example.com/a0c")
        let why = Dictionary(uniqueKeysWithValues: r.report.notImported.map { ($0.line, $0.why) })
        #expect(why[10]?.contains("no RewriteBase") == true)
        #expect(why[12]?.contains("[NE]") == true)
        #expect(why[5]?.contains("after the URL's query") == true)
    }

    @Test func rewriteWithoutLastFlagBeforeACatchAllIsReported() throws {
        let r = try Self.text("RewriteEngine On\nRewriteRule ^a$ /b [R=301]\nRewriteRule (.*) /index.php?p=$1 [L]\n", host: "example.com")
        #expect(r.ruleSet.rules.isEmpty)
        #expect(r.report.notImported.first?.why == "without [L] the RewriteRule at line 3 goes on to rewrite this redirect's URL")
    }

    @Test func orConditionsBecomeOneRulePerBranch() throws {
        let r = try Self.text(
            """
            RewriteEngine On
            RewriteCond %{REQUEST_METHOD} =GET
            RewriteCond %{HTTP_HOST} ^(www\\.)?old\\.example$ [NC,OR]
            RewriteCond %{HTTP_HOST} =legacy.example
            RewriteRule ^(.*)$ https://new.example/%1$1 [R=302,L]
            """)
        #expect(
            Self.lines(r.ruleSet) == [
                "old.example ~^/([\\s\\S]*)$ → https://new.example/$1 302 methods:GET",
                "www.old.example ~^/([\\s\\S]*)$ → https://new.example/www.$1 302 methods:GET",
                "legacy.example ~^/([\\s\\S]*)$ → https://new.example/$1 302 methods:GET"
            ])
    }

    @Test func engineOffAndNonRedirectDirectivesAreCountedNotReported() throws {
        let r = try Self.text("RewriteRule ^a$ /b [R=301,L]\nOptions -Indexes\nErrorDocument 404 /404.html\n", host: "example.com")
        #expect(r.ruleSet.rules.isEmpty)
        #expect(r.report.isComplete)
        #expect(r.report.skippedByReason == ["RewriteRule (RewriteEngine is not On)": 1, "Options": 1, "ErrorDocument": 1])
    }

    @Test func directoryAndLocationSectionsAreReported() throws {
        let r = try Self.text(
            "<VirtualHost *:80>\nServerName a.example\n<Location /admin>\nRedirect 301 /admin/x /y\n</Location>\n</VirtualHost>\n",
            file: "/tmp/a.conf")
        #expect(r.report.notImported.map(\.line) == [4])
        #expect(r.report.notImported[0].why.hasPrefix("inside <Location /admin> (line 3)"))
    }

    @Test func mainServerNamesAndInheritedRewriteOptions() throws {
        let r = try Self.text(
            "ServerName www.example.com\nServerAlias example.com\nRewriteEngine On\nRewriteOptions Inherit\nRewriteRule ^/a$ /b [R=301,L]\n",
            file: "/tmp/httpd.conf")
        #expect(r.ruleSet.site.hosts.map(\.description) == ["www.example.com", "example.com"])
        #expect(Self.lines(r.ruleSet) == ["~^/a$ → /b 301"])
        #expect(r.report.notImported.map(\.line) == [4])
    }
}

extension ApacheImportTests {
    @Test func anOpenHostTestThatMatchesNoKnownNameIsReportedNotDropped() throws {
        let r = try Self.text(
            "RewriteEngine On\nRewriteCond %{HTTP_HOST} ^www\\.(.+)$ [NC]\nRewriteRule ^(.*)$ https://%1/$1 [R=301,L]\n", host: "example.com")
        #expect(r.ruleSet.rules.isEmpty)
        #expect(r.report.notImported.first?.why.contains("matches none of the site's names (example.com)") == true)
    }
}

extension ApacheImportTests {
    @Test func anAbsoluteURLOnTheServersOwnNameWithoutRIsReported() throws {
        let r = try Self.text(
            "<VirtualHost *:80>\nServerName example.com\nRewriteEngine On\nRewriteRule ^/a$ http://example.com/b\nRewriteRule ^/c$ http://other.example/d\n</VirtualHost>\n",
            file: "/tmp/a.conf")
        #expect(Self.lines(r.ruleSet) == ["~^/c$ → http://other.example/d 302"])
        #expect(r.report.notImported.map(\.line) == [4])
    }
}
