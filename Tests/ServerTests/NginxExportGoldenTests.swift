import Foundation
import Testing

@testable import DetourCore

/// The nginx export is byte-for-byte what it was when these fixtures were recorded: the fast path
/// for large exact sets must not change a single byte for any rule. The mixed set puts plain exact
/// rules (including ones whose text needs escaping, duplicates and every code/cache/query variant)
/// between prefix, regex, host, method, condition, rollout and window rules.
/// Re-record deliberately with DETOUR_RECORD_NGINX_GOLDEN=1 (and review the diff).
@Suite("nginx export golden files")
struct NginxExportGoldenTests {
    static let directory = ServerTestSupport.fixture("nginx-golden")
    static var recording: Bool { ProcessInfo.processInfo.environment["DETOUR_RECORD_NGINX_GOLDEN"] == "1" }

    static func options(standalone: Bool) -> ExportOptions {
        ExportOptions(
            directory: "/tmp/detour-golden", sourceFile: "rules.yaml", sourceSHA256: String(repeating: "5a", count: 32),
            now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!,
            standaloneListen: standalone ? ListenAddress(host: "127.0.0.1", port: 18080) : nil)
    }

    /// A rule file mixing every kind of rule, with plain exact runs between the others.
    static func mixedYAML() -> String {
        let codes = [301, 302, 307, 308, 303]
        let caches = ["", "    cache: no-store\n", "    cache: max-age=600\n"]
        let awkwardSources = [
            "/a$b", "/dollar$", "/caf\u{e9}", "/sp ace", "/quo\"te", "/back\\slash", "/pct%41%2f", "/bad%zz", "/br{ace}", "/semi;colon", "/hash%23x",
            "/UPPER/Case"
        ]
        let awkwardTargets = [
            "/t$x", "/t\"q", "/t\\b", "/t%7ba", "https://example.com/ünï", "/t?x=1", "/t#frag", "/t?x=1#f", "/t%2", "/t;c'd",
            "https://blog.example.com/x|y<z>"
        ]
        var y = "site:\n  hosts: [example.com, www.example.com, \"*.shop.example.com\"]\n\nrules:\n"
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        for n in 0..<240 {
            y += "  - id: r\(n)\n"
            switch n % 20 {
            case 5: y += "    source: \(q("/pre\(n)/*"))\n    target: \(q("/moved\(n)/*"))\n"
            case 9: y += "    source: \(q("~^/re\(n)/(\\d+)$"))\n    target: \(q("/num/$1"))\n"
            case 11:
                y += "    source: \(q("/cond\(n)"))\n    when:\n      header: {X-Country: DE}\n    target: /de\n"
            case 13: y += "    host: www.example.com\n    source: \(q("/h\(n)"))\n    target: /hx\n"
            case 15: y += "    source: \(q("/m\(n)"))\n    methods: [POST]\n    target: /mx\n"
            case 17: y += "    source: \(q("/ro\(n)"))\n    target: /rx\n    rollout: {percent: 25, by: ip}\n"
            case 18: y += "    source: \(q("/w\(n)"))\n    target: /wx\n    expires: 2099-01-01T00:00:00Z\n"
            case 19 where n % 40 == 19: y += "    source: \(q("/pl\(n)/*"))\n    target: \(q("https://blog.example.com/{host}/*?from={path}"))\n"
            default:
                // Plain exact rules; every seventh reuses an earlier path (the first one wins).
                let src = n % 7 == 3 ? "/plain\(n - 7)" : (n % 4 == 1 ? awkwardSources[n % awkwardSources.count] + "\(n)" : "/plain\(n)")
                let tgt = n % 3 == 2 ? awkwardTargets[n % awkwardTargets.count] + "\(n)" : "/dest\(n)"
                y += "    source: \(q(src))\n    target: \(q(tgt))\n"
            }
            y += "    code: \(codes[n % codes.count])\n" + caches[(n / 2) % caches.count]
            if n % 6 == 4 { y += "    query: drop\n" }
            if n % 50 == 49 { y += "    enabled: false\n" }
        }
        return y
    }

    static func cases() throws -> [(name: String, set: RuleSet)] {
        var all: [(String, RuleSet)] = []
        let mixed = try RuleFileDocument(path: "mixed.yaml", bytes: Array(mixedYAML().utf8)).ruleSet
        all.append(("mixed", mixed))
        all.append(("every-feature", try ServerTestSupport.load(ServerTestSupport.fixture("every-feature.yaml")).0))
        for e in ["api-migration.yaml", "operations.yaml"] {
            all.append((e.split(separator: ".").first.map(String.init)!, try ServerTestSupport.load(ServerTestSupport.example(e)).0))
        }
        all.append(("synthetic-1000", SyntheticRules.exact(count: 1000)))
        return all
    }

    @Test("every exported nginx file matches the recorded golden file byte for byte", arguments: [false, true])
    func matchesGolden(standalone: Bool) throws {
        for (name, set) in try Self.cases() {
            let out = try NginxExporter().export(set, options: Self.options(standalone: standalone))
            let dir = Self.directory + "/" + name + (standalone ? "-standalone" : "")
            if Self.recording { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            let recorded = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            #expect(Set(out.files.map(\.name)) == Set(recorded) || Self.recording, "\(name): file list changed")
            for f in out.files {
                let path = dir + "/" + f.name
                if Self.recording {
                    try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path))
                    continue
                }
                let golden = try Data(contentsOf: URL(fileURLWithPath: path))
                let actual = Data(f.contents.utf8)
                if golden != actual {
                    let g = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    let line = (0..<min(g.count, a.count)).first { g[$0] != a[$0] } ?? min(g.count, a.count)
                    Issue.record(
                        "\(name)/\(f.name) differs at line \(line + 1):\n  golden: \(line < g.count ? String(g[line]) : "<end>")\n  actual: \(line < a.count ? String(a[line]) : "<end>")"
                    )
                }
            }
        }
    }

    @Test("the mixed set really mixes: escaped keys, several maps and per-rule blocks are all exported")
    func mixedSetCoversTheFastPathsNeighbours() throws {
        let set = try RuleFileDocument(path: "mixed.yaml", bytes: Array(Self.mixedYAML().utf8)).ruleSet
        let http = try NginxExporter().export(set, options: Self.options(standalone: false)).files.first { $0.name == "detour-http.conf" }!.contents
        #expect(http.contains("${detour_dollar}"))
        #expect(http.contains("map $detour_path $detour_g2 {"))
        #expect(http.contains("# rule r5 "))
        #expect(http.contains("# rule r9 "))
        #expect(http.contains("_c0 {"))
        #expect(http.contains("split_clients"))
    }
}
