import Foundation
import Testing

@testable import DetourCore

/// The mod_rewrite and mod_headers constructs behind Detour's own Apache export, written the way a
/// person writes them (other variable names, other regex spellings): `[E=]` variables read by
/// `%{ENV:…}`, the raw path from `%{THE_REQUEST}`, the host lower-cased through `int:tolower`,
/// `txt:` map lookups, `%{TIME}` windows, cookie captures tested with `%1`, and `Header always
/// set Cache-Control … env=`. What has no Detour equivalent stays in the report.
@Suite("Apache import of variables, maps, time and headers")
struct ApacheRewriteVariableImportTests {
    /// Imports `conf` written into a fresh directory with the map files it names.
    static func run(_ conf: String, maps: [String: String] = [:]) throws -> ImportResult {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in maps { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        try conf.write(toFile: dir + "/site.conf", atomically: true, encoding: .utf8)
        return try ApacheImporter().importFiles([dir + "/site.conf"], options: ImportOptions())
    }

    static func answer(
        _ set: RuleSet, _ host: String, _ path: String, cookie: String? = nil, time: Int64 = 1_900_000_000, scheme: String = "http"
    ) -> String {
        var request = HTTPRequest(method: "GET", scheme: scheme, host: host, path: path, query: nil)
        if let cookie { request.headers = [.init("Cookie", cookie)] }
        request.time = Timestamp(secondsSinceEpoch: time)
        let r = Simulator(ruleSet: set, view: .exported(.apache)).respond(to: request)
        guard let status = r.status else { return "origin" }
        return "\(status.rawValue) \(r.location ?? "-") [\(r.cacheControl ?? "-")]"
    }

    static let handWritten = """
        RewriteEngine On
        RewriteMap lower int:tolower
        RewriteMap moved txt:moved.map
        RewriteCond %{THE_REQUEST} "^[A-Z]+ ([^? ]+)"
        RewriteRule .* - [E=RAW_PATH:%1]
        RewriteCond %{HTTP_HOST} "^([^:]+?)\\.?(:\\d+)?$"
        RewriteRule .* - [E=SITE_HOST:${lower:%1}]
        RewriteCond %{ENV:SITE_HOST} =shop.example.org
        RewriteRule ^ - [E=IS_SHOP:yes]
        RewriteRule ^ - [E=PROTO:%{REQUEST_SCHEME}]
        # Pages moved in the 2029 relaunch
        RewriteCond %{ENV:IS_SHOP} =yes
        RewriteCond ${moved:%{ENV:RAW_PATH}} ^(.+)$
        RewriteRule ^ %{ENV:PROTO}://%{HTTP_HOST}%1 [R=301,L,NE,QSD,E=LONG_CACHE:1]
        RewriteCond %{TIME} >=20300101000000
        RewriteCond %{HTTP_COOKIE} "(?:^|;\\s*)beta=([^;]*)"
        RewriteCond %1 ^on$
        RewriteCond %{ENV:RAW_PATH} ^/sale/(.*)$
        RewriteRule ^ https://offers.example.org/%1 [R=302,L,NE]
        Header always set Cache-Control "max-age=3600" env=LONG_CACHE
        Header set Cache-Control "no-cache"
        """

    @Test func variablesMapsTimeCookiesAndHeadersBecomeRuleFields() throws {
        let result = try Self.run(Self.handWritten, maps: ["moved.map": "# old path → new path\n/a /new-a\n/b/c   /new/c\n/a /shadowed\n"])
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        let set = result.ruleSet
        // One rule per map line (the first line of a key wins), bound to the host the flag tested.
        #expect(set.rules.count == 3)
        #expect(set.rules.prefix(2).allSatisfy { $0.host == .exact("shop.example.org") && $0.cache == .maxAge(3600) && $0.query == .drop })
        #expect(set.rules.prefix(2).map(\.target.text) == ["/new-a", "/new/c"])
        #expect(set.rules.first?.note == "Pages moved in the 2029 relaunch")
        #expect(Self.answer(set, "Shop.Example.ORG.", "/b/c") == "301 http://shop.example.org./new/c [max-age=3600]")
        #expect(Self.answer(set, "shop.example.org", "/a", scheme: "https") == "301 https://shop.example.org/new-a [max-age=3600]")
        #expect(Self.answer(set, "other.example.org", "/a") == "origin")
        let sale = try #require(set.rules.last)
        #expect(sale.starts == Timestamp(rfc3339: "2030-01-01T00:00:00Z"))
        #expect(sale.conditions == [Condition(kind: .cookie, name: "beta", value: .regex(try PortableRegex("^on$")))])
        // The `Header set` (the onsuccess table) never reaches a redirect.
        #expect(Self.answer(set, "a.example", "/sale/x", cookie: "beta=on") == "302 https://offers.example.org/x [-]")
        #expect(Self.answer(set, "a.example", "/sale/x", cookie: "beta=off") == "origin")
        #expect(Self.answer(set, "a.example", "/sale/x", cookie: "beta=on", time: 1_800_000_000) == "origin")
        // The raw path: an encoded slash is matched as sent.
        #expect(Self.answer(set, "a.example", "/sale/a%2Fb", cookie: "beta=on") == "302 https://offers.example.org/a%2Fb [-]")
    }

    @Test func whatHasNoDetourFormIsReportedByName() throws {
        let result = try Self.run(
            """
            RewriteEngine On
            RewriteMap ext prg:/usr/local/bin/mapper
            RewriteCond %{THE_REQUEST} "^\\S+ ([^? ]*)"
            RewriteRule ^ - [E=P:%1]
            RewriteCond ${ext:%{ENV:P}} ^(.+)$
            RewriteRule ^ %1 [R=301,L]
            RewriteCond %{ENV:NEVER_SET} =1
            RewriteRule ^ /y [R=301,L]
            RewriteCond expr "%{REMOTE_ADDR} -ipmatch '10.0.0.0/8'"
            RewriteCond %{ENV:P} ^/z$
            RewriteRule ^ /w [R=302,L]
            RewriteCond %{ENV:P} ^/m$
            RewriteRule ^ /n [R=302,L]
            RewriteRule ^/decoded$ /d [R=302,L]
            RewriteCond %{TIME} ^2030
            RewriteCond %{ENV:P} ^/t$
            RewriteRule ^ /u [R=302,L]
            Header always append Cache-Control "private"
            """)
        let why = Dictionary(uniqueKeysWithValues: result.report.notImported.map { ($0.line, $0.why) })
        #expect(why[6]?.contains("prg: RewriteMap") == true)
        #expect(why[8]?.contains("%{ENV:NEVER_SET} is set by no RewriteRule") == true)
        #expect(why[11]?.contains("not a percentage rollout") == true)
        #expect(why[14]?.contains("one rule file has one path view") == true)
        #expect(why[17]?.contains("%{TIME}") == true)
        #expect(why[18]?.contains("Header append") == true)
        #expect(result.ruleSet.rules.map(\.target.text) == ["/n"])
    }

    @Test func aMapPatternThatMatchesTheDefaultIsReported() throws {
        let result = try Self.run(
            """
            RewriteEngine On
            RewriteMap moved txt:moved.map
            RewriteCond ${moved:%{REQUEST_URI}|/home} ^(/.*)$
            RewriteRule ^ %1 [R=301,L]
            """, maps: ["moved.map": "/a /b\n"])
        #expect(result.report.notImported.first?.why.contains("'/home'") == true)
        #expect(result.ruleSet.rules.isEmpty)
    }

    @Test func exportedRolloutExpressionsReadBackAsRollouts() throws {
        let ip = try ApacheRolloutExpr.meaning("md5('canary:' . %{REMOTE_ADDR}) < '40000000'", negated: false).get()
        guard case .rollout(let r) = ip else {
            Issue.record("not a rollout: \(ip)")
            return
        }
        #expect(r.basisPoints == 2500 && r.key == .ip && r.salt == "canary")
        let header = try ApacheRolloutExpr.meaning("-n %{HTTP:X-User} && md5('s:' . %{HTTP:X-User}) < '80000000'", negated: false).get()
        guard case .rollout(let h) = header else {
            Issue.record("not a rollout: \(header)")
            return
        }
        #expect(h.basisPoints == 5000 && h.key == .header("X-User") && h.salt == "s")
        let cookie = try ApacheRolloutExpr.meaning("%{HTTP_COOKIE} =~ /(?:^|;\\s*)uid=([^;]*)/ && md5('r1:$1') < '20000000'", negated: false).get()
        guard case .rollout(let c) = cookie else {
            Issue.record("not a rollout: \(cookie)")
            return
        }
        #expect(c.basisPoints == 1250 && c.key == .cookie("uid") && c.salt == "r1")
        // A threshold that is not a whole number of hundredths of a percent has no Detour share.
        #expect((try? ApacheRolloutExpr.meaning("md5('a:' . %{REMOTE_ADDR}) < '40000001'", negated: false).get()) == nil)
    }
}
