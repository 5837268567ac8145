import Foundation
import PropertyBased
import Testing

@testable import DetourCore

/// Export → import for Apache (issue 16 item 5): what `detour export --to apache` writes (the
/// `detour-rewrite.conf` include with its `RewriteMap` files), `detour import apache` reads back
/// as rules that answer every request as `simulate --as apache` on the exported rules: the same
/// status, Location and Cache-Control. The generated rule sets are the matching property test's,
/// with caches, dropped queries, schemes, placeholders and target queries mixed in so that every
/// idiom of the export (maps, `%{ENV:…}` flags, `%{THE_REQUEST}`, `%{TIME}`, `expr` rollouts,
/// `Header always … env=`) is read back.
@Suite struct ApacheExportImportRoundTripTests {
    typealias SplitMix = MatchingPropertyTests.SplitMix
    typealias RoundTrip = ExportImportRoundTripTests

    /// The import of an exported rule set's include file (it reads the maps next to it).
    static func imported(_ set: RuleSet) throws -> (written: RuleSet, result: ImportResult, directory: String) {
        let (written, dir, _) = try RoundTrip.exported(set, to: .apache)
        let result = try ApacheImporter().importFiles([dir + "/detour-rewrite.conf"], options: ImportOptions())
        return (written, result, dir)
    }

    /// The generator's rules with the fields it leaves alone varied: cache, query mode, scheme,
    /// targets with a query, a fragment or placeholders; sometimes a trusted scheme header.
    static func decorated(_ set: RuleSet, _ g: inout SplitMix) -> RuleSet {
        var out = set
        if MatchingPropertyTests.chance(30, &g) { out.site.schemeHeader = "X-Forwarded-Proto" }
        for i in out.rules.indices {
            var r = out.rules[i]
            if MatchingPropertyTests.chance(30, &g) {
                r.cache = MatchingPropertyTests.pick([.noStore, .maxAge(60), .publicMaxAge(300), .privateMaxAge(5)], &g)
            }
            if MatchingPropertyTests.chance(30, &g) { r.query = .drop }
            if MatchingPropertyTests.chance(15, &g) { r.scheme = MatchingPropertyTests.pick(["http", "https"], &g) }
            if MatchingPropertyTests.chance(30, &g), case .exact = r.source.kind {
                let text = MatchingPropertyTests.pick(["/q?from=old", "https://new.example/p#top", "/h/{host}{path}", "/s?a=1#f", "/caf%C3%A9"], &g)
                r.target = try! Target.parse(text, captureCount: 0, sourceIsPrefix: false)
            }
            out.rules[i] = r
        }
        return out
    }

    /// Requests as the matching test makes them, some over https or with the scheme header.
    static func requests(for set: RuleSet, _ g: inout SplitMix) -> [HTTPRequest] {
        RoundTrip.requests(for: set, &g).map { request in
            var r = request
            if MatchingPropertyTests.chance(30, &g) { r.scheme = "https" }
            if MatchingPropertyTests.chance(20, &g) {
                r.headers.append(.init("X-Forwarded-Proto", MatchingPropertyTests.pick(["https", "HTTP", "ftp"], &g)))
            }
            return r
        }
    }

    @Test func apacheExportImportsBackWithTheSameAnswers() async throws {
        let tally = RoundTrip.Tally()
        await propertyCheck(count: 120, input: Gen.int(in: 0...Int.max)) { seed in
            var g = SplitMix(state: UInt64(seed))
            let set = Self.decorated(MatchingPropertyTests.randomRuleSet(&g), &g)
            let written: RuleSet
            let result: ImportResult
            do {
                let r = try Self.imported(set)
                written = r.written
                result = r.result
                try? FileManager.default.removeItem(atPath: r.directory)
            } catch {
                Issue.record("seed \(seed): \(error)")
                return
            }
            #expect(result.report.notImported.isEmpty, "seed \(seed): \(result.report.notImported)")
            tally.rules += written.rules.count
            let original = Simulator(ruleSet: written, view: .exported(.apache))
            let imported = Simulator(ruleSet: result.ruleSet, view: .exported(.apache))
            for request in Self.requests(for: written, &g) {
                let a = RoundTrip.answer(original, request)
                let b = RoundTrip.answer(imported, request)
                #expect(
                    a == b,
                    "seed \(seed): \(request.method) \(request.scheme)://\(request.host)\(request.path)?\(request.query ?? "") exported \(a), imported \(b)"
                )
                if a != b { return }
                if a != "origin" { tally.redirects += 1 }
            }
        }
        #expect(tally.rules > 500)
        #expect(tally.redirects > 500)
    }
}
