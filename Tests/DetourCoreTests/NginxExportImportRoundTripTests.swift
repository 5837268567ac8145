import Foundation
import PropertyBased
import Testing

@testable import DetourCore

/// Export → import for nginx (issue 16 item 5): what `detour export --to nginx` writes — exact-path
/// `map` chains, flag `map`s of `$host`, `$request_method`, `$http_*`, `$cookie_*`, `$arg_*` and
/// `$msec`, `split_clients` rollouts, `set` + `if` regexes, the `Cache-Control` variable —
/// `detour import nginx` reads back as rules that answer every request as the exported server
/// does (`simulate --as nginx`: status, Location, Cache-Control), standalone or as the two
/// include files, with nothing in the "not imported" report.
@Suite struct NginxExportImportRoundTripTests {
    typealias SplitMix = MatchingPropertyTests.SplitMix
    static let now = ExportImportRoundTripTests.now

    /// The rules the lenient export wrote and the files to import: the standalone `nginx.conf`
    /// (which includes the other two) or the http and server parts.
    static func exported(_ set: RuleSet, standalone: Bool) throws -> (written: RuleSet, directory: String, files: [String]) {
        let dir = TestSupport.tempDir()
        let options = ExportOptions(
            directory: dir, now: now, standaloneListen: standalone ? ListenAddress(host: "127.0.0.1", port: 8080) : nil, lenient: true)
        let output = try NginxExporter().export(set, options: options)
        let left = Set(output.omissions.map(\.ruleID))
        var written = set
        written.rules = set.rules.filter { !left.contains($0.id) }
        for file in output.files where file.name != "README" {
            try file.withBytes { try Data(buffer: $0).write(to: URL(fileURLWithPath: dir + "/" + file.name)) }
        }
        let files = standalone ? [dir + "/nginx.conf"] : [dir + "/detour-http.conf", dir + "/detour-server.conf"]
        return (written, dir, files)
    }

    static func roundTrip(_ yaml: String, standalone: Bool = false) throws -> (written: RuleSet, imported: ImportResult) {
        let set = try TestSupport.yaml(yaml).ruleSet
        let (written, dir, files) = try exported(set, standalone: standalone)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return (written, try NginxImporter().importFiles(files, options: ImportOptions()))
    }

    @Test func generatedRuleSetsImportBackWithTheSameAnswers() async throws {
        let tally = ExportImportRoundTripTests.Tally()
        await propertyCheck(count: 140, input: Gen.int(in: 0...Int.max)) { seed in
            var g = SplitMix(state: UInt64(seed))
            let set = MatchingPropertyTests.randomRuleSet(&g)
            let standalone = g.next() % 2 == 0
            guard let (written, dir, files) = try? Self.exported(set, standalone: standalone) else {
                Issue.record("seed \(seed): the lenient export failed")
                return
            }
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let result: ImportResult
            do { result = try NginxImporter().importFiles(files, options: ImportOptions()) } catch {
                Issue.record("seed \(seed): the import failed: \(error)")
                return
            }
            #expect(result.report.notImported.isEmpty, "seed \(seed): \(result.report.notImported)")
            tally.rules += written.rules.count
            let original = Simulator(ruleSet: written, view: .exported(.nginx))
            let imported = Simulator(ruleSet: result.ruleSet, view: .exported(.nginx))
            var requests = ExportImportRoundTripTests.requests(for: written, &g)
            // The export enforces time windows by the clock: ask on both sides of their edges.
            for i in requests.indices where i % 2 == 0 { requests[i].time = Timestamp(secondsSinceEpoch: 990 + Int64(g.next() % 200)) }
            for request in requests {
                let a = ExportImportRoundTripTests.answer(original, request)
                let b = ExportImportRoundTripTests.answer(imported, request)
                #expect(
                    a == b,
                    "seed \(seed) (\(standalone ? "standalone" : "includes")): \(request.method) \(request.host)\(request.path)?\(request.query ?? "") exported \(a), imported \(b)"
                )
                if a != b { return }
                if a != "origin" { tally.redirects += 1 }
            }
        }
        #expect(tally.rules > 500)
        #expect(tally.redirects > 500)
    }

    /// Each bundled example, standalone and as includes: every rule comes back, and requests for
    /// every rule's own path (with a query, on the site's first host) get the same answers.
    @Test(arguments: ["api-migration.yaml", "operations.yaml", "site-migration.csv"])
    func bundledExamplesImportBack(_ name: String) throws {
        let set = try RuleFileDocument.load(path: TestSupport.example(name)).ruleSet
        for standalone in [true, false] {
            let (written, dir, files) = try Self.exported(set, standalone: standalone)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let result = try NginxImporter().importFiles(files, options: ImportOptions())
            #expect(result.report.notImported.isEmpty, "\(name): \(result.report.notImported.prefix(3))")
            #expect(result.ruleSet.rules.count == written.rules.filter(\.enabled).count, "\(name)")
            let original = Simulator(ruleSet: written, view: .exported(.nginx))
            let imported = Simulator(ruleSet: result.ruleSet, view: .exported(.nginx))
            let host =
                written.site.hosts.first.map { h -> String in
                    switch h {
                    case .exact(let n): return n
                    case .suffix(let s): return "www." + s
                    }
                } ?? "example.com"
            var redirects = 0
            for rule in written.rules.prefix(400) {
                let path: String
                switch rule.source.kind {
                case .exact(let p): path = p
                case .prefix(let p): path = p + "x/y"
                default: continue
                }
                // The request each rule is written for: its conditions met, inside its window.
                var query = ["a=1"]
                var headers: [HTTPRequest.HeaderField] = []
                for c in rule.conditions {
                    let value: String
                    switch c.value {
                    case .exact(let v): value = v
                    case .present: value = "1"
                    case .regex: continue
                    }
                    switch c.kind {
                    case .header: headers.append(.init(c.name, value))
                    case .cookie: headers.append(.init("Cookie", c.name + "=" + value))
                    case .query: query.append(c.name + "=" + value)
                    }
                }
                let request = HTTPRequest(
                    method: rule.methods?.first ?? "GET", host: host, path: path, query: query.joined(separator: "&"), headers: headers,
                    time: rule.starts ?? Self.now)
                let a = ExportImportRoundTripTests.answer(original, request)
                #expect(a == ExportImportRoundTripTests.answer(imported, request), "\(name): \(path)")
                if a != "origin" { redirects += 1 }
            }
            #expect(redirects > 0, "\(name)")
        }
    }

    /// Scheme rules, with the site's trusted header and without: the header map is read as
    /// `scheme_header`, the map over it as the rule's `scheme`.
    @Test(arguments: [nil, "X-Forwarded-Proto"])
    func schemeRulesComeBackWithTheTrustedHeader(_ header: String?) throws {
        let (written, result) = try Self.roundTrip(
            """
            site: {hosts: [example.com]\(header.map { ", scheme_header: \($0)" } ?? "")}
            rules:
              - {source: /a, target: "https://example.com/a", code: 301, scheme: http}
            """)
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        #expect(result.ruleSet.site.schemeHeader?.lowercased() == header?.lowercased())
        let rule = try #require(result.ruleSet.rules.first)
        #expect(rule.scheme == "http" && rule.source.text == "/a")
        let original = Simulator(ruleSet: written, view: .exported(.nginx))
        let imported = Simulator(ruleSet: result.ruleSet, view: .exported(.nginx))
        for (scheme, proto) in [("http", nil), ("https", nil), ("http", "https"), ("https", "http"), ("http", "ftp")] as [(String, String?)] {
            let request = HTTPRequest(
                method: "GET", scheme: scheme, host: "example.com", path: "/a", headers: proto.map { [.init("X-Forwarded-Proto", $0)] } ?? [],
                time: Self.now)
            #expect(ExportImportRoundTripTests.answer(original, request) == ExportImportRoundTripTests.answer(imported, request))
        }
    }
}
