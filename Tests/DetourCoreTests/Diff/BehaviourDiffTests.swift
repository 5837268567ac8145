import Testing

@testable import DetourCore

/// `BehaviourDiff` on hand-made pairs of files: each kind of change is found with a witness that
/// shows the response before and after, and changes without effect report none.
@Suite struct BehaviourDiffTests {
    static let now = Timestamp(rfc3339: "2026-12-01T00:00:00Z")!

    static func rules(_ body: String, site: String = "site:\n  hosts: [example.com]\n") throws -> RuleSet {
        try TestSupport.yaml(site + "rules:\n" + body).ruleSet
    }

    static func diff(_ old: RuleSet, _ new: RuleSet, view: ServerView? = nil) -> BehaviourDiffReport {
        BehaviourDiff(old: old, new: new, view: view, now: now).run(findings: true)
    }

    static let base = """
          - {id: a, source: /a, target: /to-a, code: 301}
          - {id: blog, source: /blog/*, target: /news/*, code: 301}
          - {id: item, source: "~^/item/([0-9]+)$", target: /items/$1, code: 302}

        """

    @Test func identicalFilesHaveNoBehaviouralChange() throws {
        let report = Self.diff(try Self.rules(Self.base), try Self.rules(Self.base))
        #expect(!report.changesBehaviour)
        #expect(report.findings?.isEmpty == true)
        #expect(DiffReportRendering.text(report, old: "a.yaml", new: "b.yaml").contains("no behavioural change"))
    }

    @Test func reorderingDisjointRulesReformattingAndRenamingNotesChangeNothing() throws {
        let reordered = """
              - id: item
                source: "~^/item/([0-9]+)$"
                target: /items/$1
                code: 302
                note: moved up, written in block style
              - {id: a, source: /a, target: /to-a, code: 301, tags: [x]}
              - {id: blog, source: /blog/*, target: /news/*, code: 301}

            """
        #expect(!Self.diff(try Self.rules(Self.base), try Self.rules(reordered)).changesBehaviour)
    }

    @Test func yamlAndCSVOfTheSameRulesAreTheSame() throws {
        let yaml = try Self.rules(Self.base)
        let csvText =
            "# site.hosts: example.com\nid,source,target,code\na,/a,/to-a,301\nblog,/blog/*,/news/*,301\nitem,~^/item/([0-9]+)$,/items/$1,302\n"
        let csv = try CSVRuleFile.parse(Array(csvText.utf8), file: "b.csv").ruleSet
        #expect(!Self.diff(yaml, csv).changesBehaviour)
    }

    @Test func retargetedRuleShowsBeforeAndAfter() throws {
        let new = Self.base.replacingOccurrences(of: "/to-a,", with: "/elsewhere,")
        let report = Self.diff(try Self.rules(Self.base), try Self.rules(new))
        #expect(report.regions.count == 1)
        let r = try #require(report.regions.first)
        #expect(r.kind == .retargeted)
        #expect(r.request.path == "/a")
        #expect(r.oldResponse.locationHeader == "https://example.com/to-a")
        #expect(r.newResponse.locationHeader == "https://example.com/elsewhere")
        #expect(r.before?.id == "a" && r.after?.id == "a")
    }

    @Test func codeChangeOnARegexRuleIsFoundByTheAutomatonSearch() throws {
        let new = Self.base.replacingOccurrences(of: "/items/$1, code: 302", with: "/items/$1, code: 301")
        let report = Self.diff(try Self.rules(Self.base), try Self.rules(new))
        let r = try #require(report.regions.first)
        #expect(report.regions.count == 1)
        #expect(r.kind == .codeChanged)
        #expect(r.request.path == "/item/0")
        #expect(r.oldResponse.status == .found && r.newResponse.status == .movedPermanently)
    }

    @Test func addedAndRemovedRules() throws {
        let added = Self.base + "  - {id: new, source: /fresh, target: /f, code: 301}\n"
        let report = Self.diff(try Self.rules(Self.base), try Self.rules(added))
        #expect(report.regions.map(\.kind) == [.added])
        #expect(report.regions[0].request.path == "/fresh")
        #expect(report.regions[0].oldResponse.status == nil)
        let back = Self.diff(try Self.rules(added), try Self.rules(Self.base))
        #expect(back.regions.map(\.kind) == [.removed])
        #expect(back.regions[0].newResponse.status == nil)
    }

    @Test func aPrefixAddedAboveAnExactRuleShadowsItOnlyThere() throws {
        let old = "  - {id: old-page, source: /docs/intro, target: /guide, code: 301}\n"
        let new = "  - {id: docs, source: /docs/*, target: /manual/*, code: 301}\n" + old
        let report = Self.diff(try Self.rules(old), try Self.rules(new))
        // One region where the new prefix takes what reached the origin, one where it takes
        // over from the exact rule, which is shadowed now.
        #expect(Set(report.regions.map(\.kind)) == [.added])
        let takeover = try #require(report.regions.first { $0.before?.id == "old-page" })
        #expect(takeover.request.path == "/docs/intro")
        #expect(takeover.newResponse.locationHeader == "https://example.com/manual/intro")
        #expect(report.regions.contains { $0.before == nil && $0.after?.id == "docs" })
        #expect(report.findings?.new.contains { $0.check == "DT041" } == true)
    }

    @Test func movingAnExactRuleBelowAPrefixShadowsIt() throws {
        let old = "  - {id: page, source: /docs/intro, target: /guide, code: 301}\n  - {id: docs, source: /docs/*, target: /manual/*, code: 301}\n"
        let new = "  - {id: docs, source: /docs/*, target: /manual/*, code: 301}\n  - {id: page, source: /docs/intro, target: /guide, code: 301}\n"
        let report = Self.diff(try Self.rules(old), try Self.rules(new))
        #expect(report.regions.count == 1)
        #expect(report.regions[0].kind == .shadowedNow)
        #expect(report.regions[0].request.path == "/docs/intro")
        let back = Self.diff(try Self.rules(new), try Self.rules(old))
        #expect(back.regions.map(\.kind) == [.unshadowed])
    }

    @Test func narrowingAPrefixUnshadowsTheRuleBelow() throws {
        let old = "  - {id: docs, source: /docs/*, target: /manual/*, code: 301}\n  - {id: page, source: /docs/intro, target: /guide, code: 301}\n"
        let new = old.replacingOccurrences(of: "source: /docs/*", with: "source: /docs/v1/*").replacingOccurrences(
            of: "/manual/*", with: "/manual/v1/*")
        let report = Self.diff(try Self.rules(old), try Self.rules(new))
        let un = try #require(report.regions.first { $0.after?.id == "page" })
        #expect(un.kind == .unshadowed)
        #expect(un.newResponse.locationHeader == "https://example.com/guide")
    }

    @Test func aWindowChangeIsWitnessedAtTheTimeItMatters() throws {
        let old = "  - {id: sale, source: /sale, target: /winter, code: 302, expires: 2027-01-01T00:00:00Z}\n"
        let new = old.replacingOccurrences(of: "2027-01-01", with: "2027-02-01")
        let report = Self.diff(try Self.rules(old), try Self.rules(new))
        let r = try #require(report.regions.first)
        #expect(report.regions.count == 1)
        #expect(r.kind == .windowChanged)
        #expect(r.request.time == Timestamp(rfc3339: "2027-01-01T00:00:00Z"))
        #expect(r.oldResponse.status == nil && r.newResponse.status == .found)
        #expect(DiffReportRendering.text(report, old: "a", new: "b").contains("at 2027-01-01T00:00:00Z"))
    }

    @Test func aRolloutChangeNamesAClientItMoves() throws {
        let old = "  - {id: beta, source: /app, target: /app2, code: 302, rollout: 10%}\n"
        let new = old.replacingOccurrences(of: "10%", with: "50%")
        let report = Self.diff(try Self.rules(old), try Self.rules(new))
        let r = try #require(report.regions.first)
        #expect(r.kind == .rolloutChanged)
        #expect(r.oldResponse.status == nil && r.newResponse.status == .found)
        let decider = ServerView.detour.rollout
        let newRule = try Self.rules(new).rules[0]
        #expect(decider.includes(newRule, r.request))
    }

    @Test func aRuleLimitedToPOSTIsWitnessedWithPOST() throws {
        let old = "  - {id: form, source: /form, target: /f, code: 307, methods: [POST]}\n"
        let new = old.replacingOccurrences(of: "code: 307", with: "code: 308")
        let report = Self.diff(try Self.rules(old), try Self.rules(new))
        #expect(report.regions.count == 1)
        #expect(report.regions[0].request.method == "POST")
    }

    @Test func aSiteHostChangeIsReportedAsSiteChanged() throws {
        let old = try Self.rules(Self.base)
        let new = try Self.rules(Self.base, site: "site:\n  hosts: [example.org]\n")
        let report = Self.diff(old, new)
        #expect(report.changesBehaviour)
        #expect(report.regions.allSatisfy { $0.kind == .siteChanged })
    }

    @Test func markdownAndJSONCarryTheRegions() throws {
        let new = Self.base.replacingOccurrences(of: "/to-a,", with: "/elsewhere,")
        let report = Self.diff(try Self.rules(Self.base), try Self.rules(new))
        let md = DiffReportRendering.markdown(report, old: "old.yaml", new: "new.yaml")
        #expect(md.contains("#### retargeted (1)"))
        #expect(
            md.contains(
                "| a (line 4) → a (line 4) | `GET https://example.com/a` | 301 → https://example.com/to-a | 301 → https://example.com/elsewhere |"))
        let json = DiffReportRendering.json(report, old: "old.yaml", new: "new.yaml")
        #expect(json.contains("\"kind\": \"retargeted\""))
        #expect(json.contains("\"changed\": true"))
    }
}
