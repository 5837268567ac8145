import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// `detour import nginx --verify` against the real nginx: every import fixture's ORIGINAL
/// configuration answers exactly as `simulate --as nginx` predicts on the imported rules.
@Suite("nginx import proven against the real nginx", .serialized, needsServers)
struct NginxImportProofTests {
    static func fixture(_ name: String) -> String { ServerTestSupport.repoRoot + "/Tests/DetourCoreTests/Fixtures/import/nginx/" + name }

    @Test(arguments: ["multi-server.conf", "precedence.conf", "map.conf", "rewrites.conf", "wildcards.conf", "maintenance.conf"])
    func everyFixtureAgrees(_ name: String) throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let file = Self.fixture(name)
        let result = try NginxImporter().importFiles([file], options: ImportOptions())
        let outcome = try NginxImportProof(files: [file], result: result).run()
        for d in outcome.disagreements { Issue.record("\(name): \(d)") }
        #expect(outcome.allAgree)
        // Every imported rule was exercised, plus the locations' own and near-miss requests.
        #expect(outcome.total >= 3 * result.ruleSet.rules.count + 10, "\(name): only \(outcome.total) requests")
    }

    @Test func aWrongImportIsCaught() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let file = Self.fixture("rewrites.conf")
        var result = try NginxImporter().importFiles([file], options: ImportOptions())
        // Pretend the importer got the blog rule's status wrong and dropped the feed rule.
        result.ruleSet.rules[1].code = .permanentRedirect
        result.ruleSet.rules.remove(at: 2)
        result.ruleSet.lines.removeLast()
        let outcome = try NginxImportProof(files: [file], result: result).run()
        #expect(!outcome.allAgree)
        #expect(outcome.disagreements.contains { $0.request.path.hasPrefix("/blog/") && $0.observedStatus == 301 })
        #expect(outcome.disagreements.contains { $0.request.path == "/feed" && $0.observedStatus == 302 })
    }
}

extension NginxImportProofTests {
    /// A small seeded generator of location soups: exact, prefix, `^~` and regex locations that
    /// overlap, some redirecting, some proxying or answering 404 — the precedence traps nginx's
    /// location selection sets for a first-match importer — behind server-level rewrites, `if`s
    /// (method, host, argument, header) and sometimes a `map`.
    struct LocationSoup {
        var state: UInt64

        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }

        mutating func config() -> String {
            let segments = ["a", "ab", "b", "img", "a/b", "a/c", "docs"]
            var lines: [String] = []
            let hasMap = next(2) == 0
            if hasMap { lines += ["map $uri $m {", "    default \"\";", "    /a/1 /m1;", "    /Docs /m2;", "    ~^/b/(\\d+)$ /m3/$1;", "}"] }
            lines += ["server {", "    server_name example.com www.example.com;"]
            // Server-level directives run before any location is chosen.
            for i in 0..<next(4) {
                let s = segments[next(segments.count)]
                lines.append(
                    "    "
                        + [
                            "rewrite ^/\(s)/(\\d+)$ /s\(i)/$1 permanent;",
                            "rewrite ^/\(s)$ /s\(i) redirect;",
                            "rewrite ^/\(s)/x /internal\(i) last;",
                            "if ($request_method = POST) { return 307 /post\(i); }",
                            "if ($host = www.example.com) { return 301 https://example.com$request_uri; }",
                            "if ($arg_v = \(i)) { return 302 /v\(i); }",
                            hasMap ? "if ($m) { return 301 $m; }" : "rewrite ^/\(s)/y$ /y\(i)? permanent;",
                            "if ($http_x_beta) { rewrite ^/\(s)/(.*)$ /beta/$1 redirect; }"
                        ][next(8)])
            }
            var used = Set<String>()
            for i in 0..<(4 + next(6)) {
                let modifier = ["=", "", "^~", "~", "~*"][next(5)]
                let s = segments[next(segments.count)]
                let isRegex = modifier.hasPrefix("~")
                let pattern =
                    isRegex
                    ? ["^/\(s)/(\\d+)$", "\\.php$", "^/\(s)", "/\(s)/([a-z]+)\\.html$", "(\\d+)$"][next(5)]
                    : "/" + s + ["", "/"][next(2)]
                guard used.insert(modifier + pattern).inserted, !(modifier == "" && used.contains("^~" + pattern)),
                    !(modifier == "^~" && used.contains(pattern))
                else { continue }
                var body = [
                    "return 301 /t\(i);", "return 302 /t\(i)$is_args$args;", "proxy_pass http://127.0.0.1:9;", "return 404;",
                    isRegex ? "return 307 /t\(i);" : "rewrite ^/\(s)/(.*)$ /r\(i)/$1 permanent;"
                ][next(5)]
                if isRegex && pattern.contains("(") && next(2) == 0 { body = "return 301 /c\(i)/$1;" }
                lines.append("    location \(modifier.isEmpty ? "" : modifier + " ")\(pattern) { \(body) }")
            }
            return (lines + ["}"]).joined(separator: "\n") + "\n"
        }
    }

    @Test(arguments: 1...80)
    func generatedLocationPrecedenceAgrees(_ seed: Int) throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        var soup = LocationSoup(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15)
        let config = soup.config()
        let dir = ServerTestSupport.tempDir("import-soup")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/soup.conf"
        try AtomicFile.write(Array(config.utf8), to: file)
        let result = try NginxImporter().importFiles([file], options: ImportOptions())
        let outcome = try NginxImportProof(files: [file], result: result).run()
        for d in outcome.disagreements { Issue.record("seed \(seed):\n\(config)\(d)") }
        #expect(outcome.allAgree)
    }
}
