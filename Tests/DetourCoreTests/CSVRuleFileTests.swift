import Testing

@testable import DetourCore

/// CSV rule files: Detour's own columns, WordPress Redirection and Cloudflare exports, errors with
/// positions, and saves that keep unchanged rows.
struct CSVRuleFileTests {
    func parse(_ text: String) throws -> CSVRuleFile { try CSVRuleFile.parse(Array(text.utf8), file: "rules.csv") }

    func errors(_ text: String) -> [Diagnostic] {
        do {
            _ = try parse(text)
            return []
        } catch let e as RuleFileError { return e.diagnostics } catch { return [] }
    }

    @Test func readsDetourColumnsWithQuotes() throws {
        let f = try parse(
            #"""
            id,source,target,code,methods,cache,rollout,rollout_by,when,note
            a,/old,/new,301,,,,,,
            b,/api/*,https://api.example.com/*,307,POST PUT,no-store,20,cookie:uid,header.X-Country=DE;query.v=*,"moved, for good"
            c,~^/p/(\d+)$,/products/$1,308,,"public, max-age=60",,,,"say ""hi"""
            """#)
        #expect(f.dialect == .detour)
        let r = f.ruleSet.rules
        #expect(r.count == 3)
        #expect(r[1].methods == ["POST", "PUT"])
        #expect(r[1].rollout == Rollout(basisPoints: 2000, key: .cookie("uid")))
        #expect(
            r[1].conditions == [Condition(kind: .header, name: "X-Country", value: .exact("DE")), Condition(kind: .query, name: "v", value: .present)]
        )
        #expect(r[1].note == "moved, for good")
        #expect(r[2].cache == .publicMaxAge(60))
        #expect(r[2].note == "say \"hi\"")
        #expect(f.ruleSet.lines == [2, 3, 4])
    }

    @Test func errorsNameLineAndColumn() throws {
        let d = errors("source,target,code\n/a,/b,301\n/c,/d,999\nnope,/e,301\n/f,\"/g,301\n")
        #expect(d.contains { $0.line == 5 && $0.message.contains("unterminated quoted field") })
        // Rows whose fields do not give a value load as invalid rules (DT070), placed the same way.
        let p = try TestSupport.problems("source,target,code\n/a,/b,301\n/c,/d,999\nnope,/e,301\n", file: "a.csv")
        #expect(p.contains { $0.line == 3 && $0.column == 7 && $0.message.contains("code must be one of") })
        #expect(p.contains { $0.line == 4 && $0.column == 1 && $0.message.contains("starts with '/'") })
    }

    @Test func unknownColumnSuggests() {
        let d = errors("source,target,code,cahce\n/a,/b,301,\n")
        #expect(d.first?.message.contains("did you mean 'cache'") == true)
        #expect(d.first?.column == 20)
    }

    @Test func wordpressRedirectionExport() throws {
        let f = try parse(
            """
            source,target,regex,code,type,hits,title,status
            /old-page/,/new-page/,0,301,url,12,Old page,enabled
            ^/blog/(\\d+)/(.*)$,/posts/$2,1,302,url,0,,disabled
            """)
        #expect(f.dialect == .wordpress)
        #expect(f.ruleSet.rules[0].source.kind == .exact("/old-page/"))
        #expect(f.ruleSet.rules[0].note == "Old page")
        guard case .regex(let re) = f.ruleSet.rules[1].source.kind else {
            Issue.record("regex expected")
            return
        }
        #expect(re.pattern == "^/blog/(\\d+)/(.*)$")
        #expect(f.ruleSet.rules[1].enabled == false)
        #expect(f.ruleSet.rules[1].code == .found)
    }

    @Test func cloudflareBulkRedirects() throws {
        let f = try parse(
            """
            example.com/old,https://example.com/new,301,TRUE,FALSE,FALSE,FALSE
            www.example.com/docs,https://docs.example.com,302,FALSE,TRUE,TRUE,TRUE
            /plain,/elsewhere
            """)
        #expect(f.dialect == .cloudflare)
        let r = f.ruleSet.rules
        #expect(r[0].host == .exact("example.com") && r[0].query == .keep && r[0].source.kind == .exact("/old"))
        #expect(r[1].host == .suffix("www.example.com") && r[1].query == .drop)
        #expect(r[1].source.kind == .prefix("/docs/") && r[1].target.text == "https://docs.example.com/*")
        #expect(r[2].code == .movedPermanently)
    }

    @Test func saveKeepsUnchangedRowsByteForByte() throws {
        let original = "id,source,target,code,note\n\"a1\",/a,/b,301,\"kept as written\"\na2,/c,/d,302,x\r\n"
        let f = try parse(original)
        #expect(f.render(f.ruleSet) == Array(original.utf8))
        var s = f.ruleSet
        s.rules[1].code = .temporaryRedirect
        #expect(String(decoding: f.render(s), as: UTF8.self) == "id,source,target,code,note\n\"a1\",/a,/b,301,\"kept as written\"\na2,/c,/d,307,x\n")
    }

    @Test func newColumnsRewriteTheFileWithAllColumnsNeeded() throws {
        let f = try parse("source,target,code\n/a,/b,301\n")
        var s = f.ruleSet
        s.rules[0].cache = .noStore
        let out = String(decoding: f.render(s), as: UTF8.self)
        #expect(out == "id,source,target,code,cache\nrow-2,/a,/b,301,no-store\n")
        #expect(try parse(out).ruleSet.rules[0].cache == .noStore)
    }

    @Test func yamlToCSVAndBackKeepsEveryField() throws {
        let doc = try RuleFileDocument.load(path: TestSupport.example("api-migration.yaml"))
        let csv = CSVRuleFile.empty(file: "x.csv").render(doc.ruleSet)
        let back = try CSVRuleFile.parse(csv, file: "x.csv")
        for (a, b) in zip(doc.ruleSet.rules, back.ruleSet.rules) {
            var a = a
            // CSV keeps examples but not their request headers (convert says so on stderr).
            a.examples = a.examples.map { RuleExample(method: $0.method, url: $0.url, expect: $0.expect) }
            #expect(a == b)
        }
    }

    @Test func generatedMillionStyleRowsRoundTrip() throws {
        let set = SyntheticRules.exact(count: 2000)
        let bytes = CSVRuleFile.empty(file: "x.csv").render(set)
        let back = try CSVRuleFile.parse(bytes, file: "x.csv")
        #expect(back.ruleSet.rules == set.rules)
    }

    @Test func aShortHeaderWithAnOptionalColumnStillReadsIt() throws {
        let f = try parse("source,target,code,note\n/a,/b,301,why\n")
        #expect(f.ruleSet.rules[0].note == "why")
    }
}
