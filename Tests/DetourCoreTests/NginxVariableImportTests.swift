import Testing

@testable import DetourCore

/// The nginx constructs behind an `if` on variables the configuration defines, written as a
/// person would write them (not as Detour's export does): flag `map`s of request variables,
/// `map` chains, `hostnames`, `geo` constants, `split_clients`, `$msec` comparisons, `set` and
/// `if ($var = x)`, a map of `$request_uri` giving the path. Each becomes the Detour fields with
/// the same answers; what Detour cannot say is reported.
@Suite struct NginxVariableImportTests {
    static func text(_ config: String) throws -> ImportResult { try NginxImportTests.text(config) }

    @Test func aFlagMapOfTheMethodGuardsAReturn() throws {
        let result = try Self.text(
            """
            map $request_method $is_write { POST 1; PUT 1; default 0; }
            server {
                # Writes go to the new API.
                if ($is_write) { return 307 https://api.example.com$request_uri; }
            }
            """)
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        #expect(NginxImportTests.lines(result.ruleSet) == ["/* → https://api.example.com{path} 307 methods:POST,PUT"])
        #expect(NginxImportTests.response(result.ruleSet, "example.com", "/orders", method: "PUT") == "307 https://api.example.com/orders")
        #expect(NginxImportTests.response(result.ruleSet, "example.com", "/orders") == "origin")
    }

    @Test func aMapChainOfHostNamesAndAnEqualityTestBecomeTheSiteHosts() throws {
        let result = try Self.text(
            """
            map $host $brand { hostnames; .old-shop.example legacy; shop.example current; default other; }
            map $brand $moved { legacy yes; default no; }
            server {
                if ($moved = yes) { return 301 https://shop.example/; }
            }
            """)
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        #expect(result.ruleSet.site.hosts.map(\.description) == ["old-shop.example", "*.old-shop.example"])
        #expect(NginxImportTests.lines(result.ruleSet) == ["/* → https://shop.example/ 301 query:drop"])
        #expect(NginxImportTests.response(result.ruleSet, "a.old-shop.example", "/x") == "301 https://shop.example/")
        #expect(NginxImportTests.response(result.ruleSet, "shop.example", "/x") == "origin")
    }

    @Test func splitClientsAndAnMsecComparisonAreARolloutAndAStart() throws {
        let result = try Self.text(
            """
            split_clients "beta:${cookie_uid}" $variant { 20% new; * old; }
            map $msec $launched { "~^(?:0[0-9]{9}|1[0-6][0-9]{8})\\." 0; default 1; }
            map "$variant:$launched" $send { "new:1" 1; default ""; }
            server {
                if ($send) { return 302 /beta$is_args$args; }
            }
            """)
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        let rule = try #require(result.ruleSet.rules.first)
        #expect(result.ruleSet.rules.count == 1)
        #expect(rule.rollout == Rollout(basisPoints: 2000, key: .cookie("uid"), salt: "beta"))
        #expect(rule.starts == Timestamp(secondsSinceEpoch: 1_700_000_000))
        #expect(rule.expires == nil && rule.query == .keep && rule.target.text == "/beta")
    }

    @Test func aRegexOnTheRequestedPathKeepsItsCapturesAndTheGeoConstantIsWrittenIn() throws {
        let result = try Self.text(
            """
            geo $sign { default "~"; }
            map $request_uri $raw { "~^(?<p>[^?]*)" $p; }
            map $http_x_country $de { DE 1; default 0; }
            server {
                set $cc "";
                add_header Cache-Control $cc always;
                if ($raw ~ "^/shop/(\\d+)$") { set $cc "no-store"; return 308 /store/$1/${sign}x; }
                if ($de) { return 307 https://de.example/$raw; }
            }
            """)
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        #expect(
            NginxImportTests.lines(result.ruleSet) == [
                "~^/shop/(\\d+)$ → /store/$1/~x 308 query:drop",
                "/* → https://de.example/{path} 307 query:drop when:header.x-country=~^[dD][eE]$"
            ])
        #expect(result.ruleSet.rules[0].cache == CachePolicy(text: "no-store"))
        #expect(result.ruleSet.rules[1].cache == CachePolicy.none)
    }

    @Test func whatDetourCannotSayIsReported() throws {
        let result = try Self.text(
            """
            map $http_x_beta $beta { "" 0; default 1; }
            map $host $known { example.com 1; default 0; }
            geo $office { 10.0.0.0/8 1; default 0; }
            server {
                if ($beta = 0) { return 302 /no-beta; }
                if ($known = 0) { return 301 https://example.com$request_uri; }
                if ($office) { return 302 /intranet; }
            }
            """)
        #expect(result.ruleSet.rules.isEmpty)
        let whys = result.report.notImported.map(\.why)
        #expect(whys.count == 3)
        #expect(whys[0].contains("$beta = '0' is a request test Detour has no field for"))
        #expect(whys[1].contains("$known = '0' is a request test Detour has no field for"))
        #expect(whys[2].contains("$office"))
    }
}
