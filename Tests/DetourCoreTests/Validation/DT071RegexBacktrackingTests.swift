import Testing

@testable import DetourCore

/// DT071 and the per-target regex limits: exponential backtracking is found with its place and a
/// witness that the regex does not match, unambiguous patterns are left alone, and export refuses
/// on the servers whose engine cannot run the pattern (DT080).
@Suite struct DT071RegexBacktrackingTests {
    static func found(_ pattern: String) throws -> CatastrophicBacktracking? {
        BacktrackingAnalysis.find(in: try PortableRegex(pattern))
    }

    @Test(arguments: [
        ("^/(a+)+$", "(a+)+"),
        ("^/(a|a)*$", "(a|a)*"),
        ("^/(a|ab|b)*c$", "(a|ab|b)*"),
        ("(\\w+\\s?)+$", "(\\w+\\s?)+"),
        ("^/(a*)*$", "(a*)*"),
        ("^/(a?b?)*x$", "(a?b?)*"),
        ("^/([a-z]+|[0-9a-f]+)+$", "([a-z]+|[0-9a-f]+)+"),
        ("^/(a{1,1000}){1,1000}$", "(a{1,1000}){1,1000}"),
        ("^/x/(.*,)*y$", "(.*,)*")
    ])
    func findsExponentialBacktracking(pattern: String, construct: String) throws {
        let f = try #require(try Self.found(pattern))
        #expect(f.construct == construct)
        #expect(Array(pattern)[f.span].map(String.init).joined() == construct)
        // The witness is text the regex does not match, so a backtracking engine explores every way
        // (checked with Detour's linear matcher; x{1,1000} written out is too slow for a unit test).
        if !pattern.contains("{") { #expect(!CompiledRegex(try PortableRegex(pattern)).matches(Array(f.witness.utf8))) }
        #expect(f.witness.contains(String(repeating: f.pump, count: CatastrophicBacktracking.witnessRepeats)))
    }

    @Test(arguments: [
        "^/(\\d+)/(\\d+)$", "^/([^/]+)/(.*)$", "^/(a|b)*$", "^/(ab|cd)+$", "^/blog/(\\d{4})/(\\d{2})/(.*)$",
        "^/(foo|bar)/(.*)$", "^/(a+)+", "^/(\\d{2})+$", "^/([a-z]+/)*[a-z]+$", "^/(?:[^/]+/)*index\\.html$", "^/.*\\.php$"
    ])
    func leavesUnambiguousPatternsAlone(pattern: String) throws {
        #expect(try Self.found(pattern) == nil)
    }

    @Test func witnessRequestAndPosition() throws {
        let f = try V.run(
            RegexBacktrackingCheck(),
            """
              - {id: bad, source: "~^/(a+)+$", target: /b, code: 307}
              - {id: fine, source: "~^/(\\\\d+)/(\\\\d+)$", target: /c, code: 307}
            """)
        #expect(f.map(\.rules) == [["bad"]])
        #expect(f[0].check == "DT071")
        #expect(f[0].message == "source regex '^/(a+)+$' can backtrack exponentially at '(a+)+' (character 3)")
        #expect(f[0].field == .source)
        let w = try #require(f[0].witness.first)
        let expected = try #require(try Self.found("^/(a+)+$"))
        #expect(w.path == expected.witness)
        #expect(w.path.hasPrefix("/" + String(repeating: "a", count: 32)) && expected.suffix == "!")
        #expect(Set(expected.pump) == ["a"])
    }

    @Test func conditionValuesAreCheckedWithTheValueInTheWitness() throws {
        let f = try V.run(
            RegexBacktrackingCheck(),
            """
              - {id: q, source: /a, target: /b, code: 307, cache: no-store, when: {query: {v: "~^(x|x)+$"}}}
            """)
        #expect(f.count == 1)
        #expect(f[0].field == .when)
        #expect(f[0].witness.first?.query?.hasPrefix("v=xx") == true)
    }

    // MARK: Per-target limits

    static let bad = """
        site:
          hosts: [example.com]
          exports: [{to: nginx}, {to: caddy}]
        rules:
          - {id: nested, source: "~^/(a+)+$", target: /b, code: 307}
          - {id: huge, source: "~^/(a{1,1000}){1,1000}$", target: /c, code: 307}
          - {id: ok, source: "~^/(\\\\d+)/(\\\\d+)$", target: /d, code: 307}
        """

    @Test func pcreServersRefuseBacktrackingAndGoRefusesRepeatProducts() throws {
        let set = try TestSupport.yaml(Self.bad).ruleSet
        let dir = TestSupport.tempDir()
        for target in ServerTargets.all {
            let refused: Set<String>
            do {
                _ = try target.exporter.export(set, options: ExportOptions(directory: dir))
                refused = []
            } catch let r as ExportRefusal {
                refused = Set(r.errors.compactMap(\.ruleID))
                for e in r.errors { #expect(e.description.contains("DT080 rule \(e.ruleID!)")) }
            }
            if !target.capabilities.supports(.regex) || target.kind == .netlify || target.kind == .cloudflare {
                // A platform without regex sources (gateway) refuses every regex rule; Netlify takes
                // only regexes that are placeholder patterns, and none of these is (307 is not a
                // Netlify code either); Cloudflare's Free plan, the default, has no regex.
                #expect(refused == ["nested", "huge", "ok"], "\(target.name)")
            } else if target.regexEngine.exponentialBacktracking != nil {
                // (a{1,1000}){1,1000} is (a+)+ with counters for a backtracking engine.
                #expect(refused == ["nested", "huge"], "\(target.name)")
            } else {
                #expect(refused == ["huge"], "\(target.name)")
            }
        }
    }

    @Test func refusalNamesTheRuleTheConstructAndTheLimit() throws {
        let set = try TestSupport.yaml(Self.bad).ruleSet
        let error = try #require(
            throws: ExportRefusal.self,
            performing: { try CaddyTarget().exporter.export(set, options: ExportOptions(directory: TestSupport.tempDir())) })
        #expect(
            error.description
                == "line 6: DT080 rule huge: the target cannot express regex: source regex '^/(a{1,1000}){1,1000}$': Go regexp (RE2 syntax) refuses '(a{1,1000}){1,1000}' (character 3): nested repetition counts multiply to 1000000, above its limit of 1000"
        )
        let nginx = try #require(
            throws: ExportRefusal.self,
            performing: { try NginxTarget().exporter.export(set, options: ExportOptions(directory: TestSupport.tempDir())) })
        #expect(nginx.errors.first?.description.contains("nginx answers 500") == true)
        #expect(nginx.errors.first?.description.contains("'(a+)+' (character 3, DT071)") == true)
    }

    @Test func lenientExportLeavesTheRuleOut() throws {
        let set = try TestSupport.yaml(Self.bad).ruleSet
        let out = try NginxTarget().exporter.export(set, options: ExportOptions(directory: TestSupport.tempDir(), lenient: true))
        #expect(out.omissions.map(\.ruleID) == ["nested", "huge"])
        #expect(out.exportedRuleCount == 1)
    }

    @Test func goRepeatProductFollowsRegexpSyntax() throws {
        func product(_ p: String) throws -> Int? { RegexRepeatProduct.firstAbove(1000, in: try PortableRegex(p))?.product }
        #expect(try product("^/a{1000}$") == nil)
        #expect(try product("^/(a{2}){500}$") == nil)
        #expect(try product("^/(a{2}){501}$") == 1002)
        #expect(try product("^/(a+){1000}$") == nil)
        #expect(try product("^/((a{10})*){101}$") == 1010)
    }

    @Test func checkReportsWhatEachDeclaredTargetRefuses() throws {
        let set = try TestSupport.yaml(Self.bad).ruleSet
        let findings = Validator(checks: [ExportCapabilityCheck()], exportCapabilities: ExporterCapabilityReport.forExports(of: set.site))
            .validate(set)
        #expect(findings.map { "\($0.rules[0]) \($0.message.prefix(5))" } == ["nested nginx", "huge nginx", "huge caddy"])
        #expect(findings.allSatisfy { $0.severity == .error })
    }
}
