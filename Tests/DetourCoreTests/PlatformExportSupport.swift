import Foundation
import Testing

@testable import DetourCore

/// What the Netlify and Vercel export tests share: fixed export options, golden files recorded
/// with DETOUR_RECORD_PLATFORM_GOLDEN=1 (review the diff by hand), and the comparison of two rule
/// sets answering the same requests through one platform's view.
enum PlatformExportSupport {
    static let goldenDirectory = TestSupport.fixture("platform-golden")
    static var recording: Bool { ProcessInfo.processInfo.environment["DETOUR_RECORD_PLATFORM_GOLDEN"] == "1" }

    static func options(lenient: Bool = false) -> ExportOptions {
        var o = ExportOptions(
            directory: "/tmp/detour-platform", sourceFile: "rules.yaml", sourceSHA256: String(repeating: "5a", count: 32),
            now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
        o.lenient = lenient
        return o
    }

    static func load(_ path: String) throws -> RuleSet { try RuleFileDocument.load(path: path).ruleSet }

    /// Compares every file of `out` with the recorded golden files of `name`.
    static func compareWithGolden(_ out: ExportOutput, name: String) throws {
        let dir = goldenDirectory + "/" + name
        if recording { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let recorded = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(Set(out.files.map(\.name)) == Set(recorded) || recording, "\(name): file list changed")
        for f in out.files {
            let path = dir + "/" + f.name
            if recording {
                try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path))
                continue
            }
            let golden = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            if golden != f.contents {
                let g = golden.split(separator: "\n", omittingEmptySubsequences: false)
                let a = f.contents.split(separator: "\n", omittingEmptySubsequences: false)
                let line = (0..<min(g.count, a.count)).first { g[$0] != a[$0] } ?? min(g.count, a.count)
                Issue.record(
                    "\(name)/\(f.name) differs at line \(line + 1):\n  golden: \(line < g.count ? String(g[line]) : "<end>")\n  actual: \(line < a.count ? String(a[line]) : "<end>")"
                )
            }
        }
    }

    /// The answer as `status location` or `origin`.
    static func answer(_ set: RuleSet, view: ServerView, _ request: HTTPRequest) -> String {
        let r = Simulator(ruleSet: set, view: view).respond(to: request)
        return r.status.map { "\($0.rawValue) \(r.location ?? "")" } ?? "origin"
    }

    /// Requests whose answers differ between the two sets (at most five), as readable lines. The
    /// site's hosts are left out of both: a platform applies a rule without a host to every domain
    /// of the project (a documented residual difference), and the importers fill `site.hosts` from
    /// their options and the rules' hosts.
    static func differences(_ original: RuleSet, _ imported: RuleSet, view: ServerView, requests: [HTTPRequest]) -> [String] {
        var a = original
        var b = imported
        a.site.hosts = []
        b.site.hosts = []
        var out: [String] = []
        let first = Simulator(ruleSet: a, view: view)
        let second = Simulator(ruleSet: b, view: view)
        func answer(_ s: Simulator, _ r: HTTPRequest) -> String {
            let x = s.respond(to: r)
            return x.status.map { "\($0.rawValue) \(x.location ?? "")" } ?? "origin"
        }
        for r in requests {
            let x = answer(first, r)
            let y = answer(second, r)
            if x != y {
                out.append("\(r.host)\(r.path)\(r.query.map { "?" + $0 } ?? "") \(r.headers.map { "\($0.name): \($0.value)" }): \(x) vs \(y)")
                if out.count == 5 { break }
            }
        }
        return out
    }

    static func request(
        host: String = "www.example.com", _ path: String, query: String? = nil, cookie: String? = nil, header: (String, String)? = nil
    )
        -> HTTPRequest
    {
        var headers: [HTTPRequest.HeaderField] = []
        if let c = cookie { headers.append(.init("Cookie", c)) }
        if let h = header { headers.append(.init(h.0, h.1)) }
        return HTTPRequest(method: "GET", host: host, path: path, query: query, headers: headers, time: Timestamp(secondsSinceEpoch: 0))
    }

    static func pick<T>(_ xs: [T], _ g: inout SeededGenerator) -> T { xs[Int(g.next() % UInt64(xs.count))] }

    static func rule(_ id: String, _ source: String, _ target: String, code: StatusCode = .movedPermanently) throws -> Rule {
        let s = try Source.parse(source)
        var r = Rule(id: id, source: s, target: try Target.parse(target, captureCount: s.captureCount, sourceIsPrefix: s.isPrefix), code: code)
        if !s.query.isEmpty { r.query = .drop }
        return r
    }

    /// `n` exact rules `/old/i` → `/new/i`.
    static func exactRules(_ n: Int, prefix: String = "old") throws -> RuleSet {
        RuleSet(rules: try (0..<n).map { try rule("r\($0)", "/\(prefix)/\($0)", "/new/\($0)") }, lines: Array(1...max(n, 1)).prefix(n).map { $0 })
    }
}
