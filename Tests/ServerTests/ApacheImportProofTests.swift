import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// `detour import apache --verify` against the real apache2: every Apache import fixture's
/// ORIGINAL configuration (vhosts, `.htaccess`) answers exactly as `simulate --as apache`
/// predicts on the imported rules.
@Suite("Apache import proven against the real apache2", .serialized, needsServers)
struct ApacheImportProofTests {
    static func fixture(_ name: String) -> String { ServerTestSupport.repoRoot + "/Tests/DetourCoreTests/Fixtures/import/apache/" + name }

    @Test(arguments: [("vhosts.conf", nil), ("wordpress.htaccess", nil), ("legacy.htaccess", "www.example.com")] as [(String, String?)])
    func everyFixtureAgrees(_ name: String, _ host: String?) throws {
        try #require(ServerTestSupport.installed(.apache), "apache2 is not installed")
        let file = Self.fixture(name)
        let result = try ApacheImporter().importFiles([file], options: ImportOptions(host: host))
        let outcome = try ApacheImportProof(files: [file], result: result).run()
        for d in outcome.disagreements { Issue.record("\(name): \(d)") }
        #expect(outcome.allAgree)
        // Every imported rule was exercised, plus each directive's own and near-miss requests.
        #expect(outcome.total >= 3 * result.ruleSet.rules.count + 10, "\(name): only \(outcome.total) requests")
    }

    @Test func aWrongImportIsCaught() throws {
        try #require(ServerTestSupport.installed(.apache), "apache2 is not installed")
        let file = Self.fixture("legacy.htaccess")
        var result = try ApacheImporter().importFiles([file], options: ImportOptions(host: "www.example.com"))
        // Pretend the importer put mod_alias first: `Redirect /about` before the RewriteRule that
        // httpd runs first, and kept the query of the [QSD] rule.
        let about = try #require(result.ruleSet.rules.firstIndex { $0.source.text == "/about" })
        let rewrite = try #require(result.ruleSet.rules.firstIndex { $0.source.text == "~^/about$" })
        result.ruleSet.rules.swapAt(about, rewrite)
        let files = try #require(result.ruleSet.rules.firstIndex { $0.target.text == "/downloads/$1" })
        result.ruleSet.rules[files].query = .keep
        let outcome = try ApacheImportProof(files: [file], result: result).run()
        #expect(!outcome.allAgree)
        #expect(outcome.disagreements.contains { $0.request.path == "/about" && $0.observedLocation?.hasSuffix("/about-us") == true })
        #expect(outcome.disagreements.contains { $0.request.path.hasPrefix("/files/") && $0.request.query != nil })
    }
}

extension ApacheImportProofTests {
    /// A small seeded generator of `.htaccess` soups: `Redirect`s and `RedirectMatch`es above and
    /// below `RewriteRule`s with host, method and header conditions, `[OR]` chains, `[NC]`, query
    /// flags, `%N` and `%{REQUEST_URI}` targets, internal rewrites and `-` rules — the order and
    /// matching traps of mod_rewrite next to mod_alias.
    struct HtaccessSoup {
        var state: UInt64

        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }

        mutating func pick<T>(_ list: [T]) -> T { list[next(list.count)] }

        mutating func text() -> String {
            let segments = ["a", "ab", "b", "img", "a/b", "docs", "Old"]
            var lines: [String] = []
            for _ in 0..<(2 + next(4)) {
                let s = pick(segments)
                switch next(3) {
                case 0:
                    lines.append(
                        "Redirect \(pick(["301", "302", "permanent", "temp", "seeother"])) /\(s) /new-\(s.replacingOccurrences(of: "/", with: "-"))")
                case 1: lines.append("Redirect 301 /\(s)/ https://other.example/\(s)/")
                default: lines.append("RedirectMatch \(pick(["301", "302"])) ^/\(s)/([0-9]+)$ /m/$1")
                }
            }
            lines.append("RewriteEngine On")
            lines.append("RewriteBase /")
            for _ in 0..<(3 + next(5)) {
                let s = pick(segments)
                switch next(6) {
                case 0: lines.append("RewriteCond %{HTTP_HOST} ^(www\\.)?example\\.com$ [NC]")
                case 1: lines += ["RewriteCond %{REQUEST_METHOD} =POST [OR]", "RewriteCond %{REQUEST_METHOD} =PUT"]
                case 2: lines.append("RewriteCond %{HTTP:X-Beta} ^on$")
                case 3: lines.append("RewriteCond %{HTTP_HOST} !^www\\. [NC]")
                default: break
                }
                let flags = pick(["R=301,L", "R=302,L,NC", "R,L,QSD", "R=308,L,QSA", "R=301,L,NE"])
                switch next(5) {
                case 0: lines.append("RewriteRule ^\(s)/(.*)$ /r/$1 [\(flags)]")
                case 1: lines.append("RewriteRule ^\(s)$ \(pick(["/x?y=1", "/x?", "https://www.example.com/%1"])) [\(flags)]")
                case 2: lines.append("RewriteRule ^\(s) https://www.example.com%{REQUEST_URI} [\(flags)]")
                case 3: lines.append("RewriteRule ^\(s)/internal$ /index.html [L]")
                default: lines.append("RewriteRule ^\(s)\\.php$ - [L]")
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    @Test(arguments: 1...8)
    func generatedHtaccessSoupsAgree(_ seed: Int) throws {
        try #require(ServerTestSupport.installed(.apache), "apache2 is not installed")
        var soup = HtaccessSoup(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15)
        let dir = NSTemporaryDirectory() + "detour-apache-soup-\(getpid())-\(seed)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/.htaccess"
        let text = soup.text()
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try ApacheImporter().importFiles([file], options: ImportOptions(host: "www.example.com"))
        let outcome = try ApacheImportProof(files: [file], result: result).run()
        for d in outcome.disagreements.prefix(5) { Issue.record("seed \(seed):\n\(text)\n\(d)") }
        #expect(outcome.allAgree, "seed \(seed): \(outcome.disagreements.count) of \(outcome.total) disagree")
        #expect(!result.ruleSet.rules.isEmpty, "seed \(seed) imported nothing:\n\(text)\n\(result.report.text)")
        #expect(outcome.total >= 3 * result.ruleSet.rules.count + 10)
    }
}

/// Detour's own Apache export read back (issue 16 item 5): `detour import apache` on the
/// `detour-rewrite.conf` of every-feature.yaml imports every rule, and `--verify` runs that very
/// file (with its RewriteMap files and `Header always` lines) in the real apache2 and agrees with
/// `simulate` on the imported rules for every probe.
@Suite("Apache export imported back, proven against the real apache2", .serialized, needsServers)
struct ApacheExportImportProofTests {
    @Test func everyFeatureExportImportsBackAndAgrees() throws {
        try #require(ServerTestSupport.installed(.apache), "apache2 is not installed")
        let (set, _) = try ServerTestSupport.load(ServerTestSupport.fixture("every-feature.yaml"))
        let dir = ServerTestSupport.tempDir("apache-export-import")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = try ApacheExporter().export(set, options: ExportOptions(directory: dir, lenient: true))
        #expect(output.omissions.isEmpty)
        for file in output.files {
            try file.withBytes { try Data(buffer: $0).write(to: URL(fileURLWithPath: dir + "/" + file.name)) }
            chmod(dir + "/" + file.name, 0o644)
        }
        let conf = dir + "/detour-rewrite.conf"
        let result = try ApacheImporter().importFiles([conf], options: ImportOptions())
        #expect(result.report.notImported.isEmpty, "\(result.report.notImported)")
        // Every rule the export wrote (enabled, not yet expired) came back once, with the site's hosts.
        let live = set.rules.filter { $0.enabled && !($0.expires.map { $0 <= Timestamp.now() } ?? false) }
        #expect(result.ruleSet.rules.count == live.count)
        #expect(result.ruleSet.site.hosts == set.site.hosts)
        #expect(Array(result.ruleSet.rules.prefix(3).map(\.source.text)) == ["/old", "/caf%C3%A9", "/old2"])
        var proof = ApacheImportProof(files: [conf], result: result)
        proof.directory = dir + "/proof"
        let outcome = try proof.run()
        for d in outcome.disagreements.prefix(20) { Issue.record("\(d)") }
        #expect(outcome.allAgree)
        #expect(outcome.total >= 3 * result.ruleSet.rules.count, "only \(outcome.total) requests")

        // A wrong reading is caught: the cache of the exact rules' map and a rollout's share.
        var wrong = result
        let cached = try #require(wrong.ruleSet.rules.firstIndex { $0.cache == .maxAge(600) })
        wrong.ruleSet.rules[cached].cache = .none
        let rollout = try #require(wrong.ruleSet.rules.firstIndex { $0.rollout?.key == .ip })
        wrong.ruleSet.rules[rollout].rollout = Rollout(basisPoints: 10000, key: .ip, salt: wrong.ruleSet.rules[rollout].rollout?.salt)
        var check = ApacheImportProof(files: [conf], result: wrong)
        check.directory = dir + "/wrong"
        let caught = try check.run()
        #expect(caught.disagreements.contains { $0.request.path == "/old2" })
        #expect(caught.disagreements.contains { $0.request.path == "/canary" })
    }
}
