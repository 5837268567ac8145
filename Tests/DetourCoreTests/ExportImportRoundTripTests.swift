import Foundation
import PropertyBased
import Testing

@testable import DetourCore

/// Export → import (issue 16 item 5): what `detour export --to traefik` writes, `detour import
/// traefik` reads back as rules that answer every request as the exported server does: the same
/// status, Location and Cache-Control on the first hop. Rule sets and requests come from the
/// matching property test's generators; rules the exporter leaves out (DT080) are left out of the
/// comparison too, since the exported server does not have them.
@Suite struct ExportImportRoundTripTests {
    typealias SplitMix = MatchingPropertyTests.SplitMix
    static let now = Timestamp(secondsSinceEpoch: 1_000)

    /// The rules the lenient export wrote, and its files written into a fresh directory.
    static func exported(_ set: RuleSet, to server: ServerKind) throws -> (written: RuleSet, directory: String, files: [String]) {
        let dir = TestSupport.tempDir()
        let output = try server.target.exporter.export(set, options: ExportOptions(directory: dir, now: now, lenient: true))
        let left = Set(output.omissions.map(\.ruleID))
        var written = set
        written.rules = set.rules.filter { !left.contains($0.id) }
        var paths: [String] = []
        for file in output.files where file.name != "README" {
            let path = dir + "/" + file.name
            try file.withBytes { try Data(buffer: $0).write(to: URL(fileURLWithPath: path)) }
            paths.append(path)
        }
        return (written, dir, paths)
    }

    static func answer(_ simulator: Simulator, _ request: HTTPRequest) -> String {
        let r = simulator.respond(to: request)
        guard let status = r.status else { return "origin" }
        return "\(status.rawValue) \(r.location ?? "-") [\(r.cacheControl ?? "-")]"
    }

    /// Requests near the rules: their paths, the paths of a random walk, with and without a query,
    /// on the site's hosts and another.
    static func requests(for set: RuleSet, _ g: inout SplitMix) -> [HTTPRequest] {
        var out: [HTTPRequest] = []
        for _ in 0..<80 {
            var request = MatchingPropertyTests.randomRequest(&g)
            request.time = now
            if MatchingPropertyTests.chance(40, &g), let rule = set.rules.randomElement(using: &g), case .exact(let p) = rule.source.kind {
                request.path = p
            }
            out.append(request)
        }
        return out
    }

    /// How many compared answers were redirects, so that a run comparing only "origin" fails.
    final class Tally: @unchecked Sendable {
        var redirects = 0
        var rules = 0
    }

    @Test func traefikExportImportsBackWithTheSameAnswers() async throws {
        let tally = Tally()
        await propertyCheck(count: 120, input: Gen.int(in: 0...Int.max)) { seed in
            var g = SplitMix(state: UInt64(seed))
            let set = MatchingPropertyTests.randomRuleSet(&g)
            guard let (written, dir, files) = try? Self.exported(set, to: .traefik) else {
                Issue.record("seed \(seed): the lenient export failed")
                return
            }
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let dynamic = files.filter { $0.hasSuffix("dynamic.yml") }
            guard let result = try? TraefikImporter().importFiles(dynamic, options: ImportOptions()) else {
                Issue.record("seed \(seed): the import failed")
                return
            }
            #expect(result.report.notImported.isEmpty, "seed \(seed): \(result.report.notImported)")
            tally.rules += written.rules.count
            let original = Simulator(ruleSet: written, view: .exported(.traefik))
            let imported = Simulator(ruleSet: result.ruleSet, view: TraefikProofConfig.observedView)
            for request in Self.requests(for: written, &g) {
                let a = Self.answer(original, request)
                let b = Self.answer(imported, request)
                #expect(a == b, "seed \(seed): \(request.method) \(request.host)\(request.path)?\(request.query ?? "") exported \(a), imported \(b)")
                if a != b { return }
                if a != "origin" { tally.redirects += 1 }
            }
        }
        #expect(tally.rules > 500)
        #expect(tally.redirects > 500)
    }
}

/// Each idiom of the Traefik export, read back into the Detour fields it came from.
@Suite struct TraefikExportIdiomTests {
    static func roundTrip(_ yaml: String) throws -> (RuleSet, ImportReport) {
        let set = try TestSupport.yaml(yaml).ruleSet
        let (_, dir, files) = try ExportImportRoundTripTests.exported(set, to: .traefik)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try TraefikImporter().importFiles(files.filter { $0.hasSuffix("dynamic.yml") }, options: ImportOptions())
        return (result.ruleSet, result.report)
    }

    @Test func aConstantTargetComesBackWithItsCodeForEveryMethodAndItsCache() throws {
        let (set, report) = try Self.roundTrip(
            """
            site: {hosts: [example.com, "*.shop.example.com"]}
            rules:
              - {source: /old, target: https://example.com/new, code: 303, cache: no-store, query: drop}
            """)
        #expect(report.notImported.isEmpty)
        #expect(Set(set.site.hosts.map(\.description)) == ["example.com", "*.shop.example.com"])
        #expect(set.rules.count == 2)
        for rule in set.rules {
            #expect(rule.source.text == "/old")
            #expect(rule.target.text == "https://example.com/new")
            #expect(rule.code == .seeOther && rule.methods == nil && rule.query == .drop && rule.cache == CachePolicy(text: "no-store"))
        }
        #expect(Set(set.rules.compactMap { $0.host?.description }) == ["example.com", "*.shop.example.com"])
    }

    @Test func aKeptQueryPairIsOneRuleThatKeepsTheQuery() throws {
        let (set, report) = try Self.roundTrip(
            """
            rules:
              - {source: /docs/*, target: /documentation/*, code: 301}
              - {source: "~^/p/([0-9]+)$", target: "/products/$1?from=old#top", code: 307, query: keep}
            """)
        #expect(report.notImported.isEmpty)
        // Traefik's redirectRegex: GET 301/302, other methods 308/307.
        #expect(set.rules.map(\.source.text) == ["/docs/*", "/docs/*", "~^/p/([0-9]+)$", "~^/p/([0-9]+)$"])
        #expect(set.rules.map(\.target.text) == ["/documentation/*", "/documentation/*", "/products/$1?from=old#top", "/products/$1?from=old#top"])
        #expect(set.rules.map(\.code) == [.movedPermanently, .permanentRedirect, .found, .temporaryRedirect])
        #expect(set.rules.map { $0.methods ?? [] } == [["GET"], [], ["GET"], []])
        #expect(set.rules.allSatisfy { $0.query == .keep })
    }

    @Test func conditionsHostsAndDroppedQueriesComeBack() throws {
        let (set, report) = try Self.roundTrip(
            """
            rules:
              - source: /a
                target: "/b/{host}"
                code: 302
                query: drop
                host: www.example.com
                methods: [POST]
                when: {header: {X-Beta: "*"}, cookie: {uid: u1}, query: {q: "1"}}
            """)
        #expect(report.notImported.isEmpty)
        let rule = try #require(set.rules.first)
        #expect(set.rules.count == 1)
        #expect(rule.host == .exact("www.example.com") && rule.methods == ["POST"] && rule.code == .temporaryRedirect && rule.query == .drop)
        #expect(rule.target.text == "/b/{host}")
        #expect(
            Set(rule.conditions)
                == [
                    Condition(kind: .header, name: "X-Beta", value: .present), Condition(kind: .cookie, name: "uid", value: .exact("u1")),
                    Condition(kind: .query, name: "q", value: .exact("1"))
                ])
    }

    @Test func exportedHostPatternsAreReadAndOthersAreNot() {
        #expect(
            TraefikExportedIdioms.hosts(ofHostRegexp: "(?i)^(?:example\\x2Ecom|[^\\x2E]+(?:\\x2E[^\\x2E]+)*\\x2Eshop\\x2Eexample\\x2Ecom)\\.?$")
                == ["example.com", "*.shop.example.com"])
        #expect(TraefikExportedIdioms.hosts(ofHostRegexp: "^(.+)\\.example\\.com$") == nil)
        #expect(TraefikExportedIdioms.hosts(ofHostRegexp: "(?i)^(?:exa.ple\\x2Ecom)\\.?$") == nil)
    }

    @Test func exportedRegexTextReadsBackInPortableSyntax() throws {
        #expect(EmittedRegexText.portable("^/(a|b)/([\\x00-\\x09\\x0B-\\xFF]*)") == "^/(a|b)/(.*)")
        #expect(EmittedRegexText.portable("^/caf\\xC3\\xA9\\x2Ehtml$") == "^/café\\.html$")
        #expect(EmittedRegexText.portable("^/p/([0-9]+)-([\\x2Da-z]+)") == "^/p/([0-9]+)-([\\-a-z]+)")
        #expect(EmittedRegexText.portable("[\\x00-\\x2E\\x30-\\xFF]+") == "[^/]+")
        // Bytes that are neither characters nor a complement of printable ones cannot be written.
        #expect(EmittedRegexText.portable("[\\x80-\\x90]") == nil)
        #expect(EmittedRegexText.portable("\\xC3") == nil)
        // Each reads as the same language as the portable text it became.
        let re = try PortableRegex(try #require(EmittedRegexText.portable("^/(a|b)/([\\x00-\\x09\\x0B-\\xFF]*)")))
        #expect(CompiledRegex(re).firstMatch(Array("/a/x%20y".utf8)) != nil)
    }
}
