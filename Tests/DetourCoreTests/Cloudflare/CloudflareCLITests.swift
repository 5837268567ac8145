import Foundation
import Testing

@testable import DetourCore

/// `detour export --to cloudflare` and `simulate --as cloudflare` as a user runs them: the files
/// land in the output directory, the plan comes from the site's exports entry, the exported list
/// imports back with `detour import cloudflare`, and the simulation normalises the path as
/// Cloudflare does before any redirect.
@Suite struct CloudflareCLITests {
    static let rules = """
        site:
          hosts: [www.example.com]
          exports:
            - {to: cloudflare, plan: pro}
        rules:
          - {id: home, source: /home, target: /, code: 301}
          - {id: blog, source: /blog/*, target: /news/*, code: 308}
          - {id: api, source: /api/*, target: /v2/*, code: 307, methods: [POST]}

        """

    static func file() throws -> (dir: String, path: String) {
        let dir = TestSupport.tempDir()
        let path = dir + "/rules.yaml"
        try Self.rules.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test("export writes the list, its rule and the single redirects; the list imports back")
    func exportAndImport() throws {
        let (dir, path) = try Self.file()
        let r = try CLIRunner.run(["export", path, "--to", "cloudflare", "-o", dir + "/out", "--now", "2026-06-01T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir + "/out"))
        #expect(files == ["README", "bulk-redirects.csv", "bulk-redirect-rule.json", "single-redirects.json"])
        let readme = try String(contentsOfFile: dir + "/out/README", encoding: .utf8)
        #expect(readme.contains("4 URL redirects in a Bulk Redirect List, 1 Single Redirect rule; Pro plan quotas"))
        let back = try CLIRunner.run(["import", "cloudflare", dir + "/out/bulk-redirects.csv"])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(
            back.stdout.contains("scheme: https") && back.stdout.contains("source: /blog/*")
                && back.stdout.contains("target: https://www.example.com/news/*"))
        let standalone = try CLIRunner.run(["export", path, "--to", "cloudflare", "--standalone", "-o", dir + "/o2"])
        #expect(standalone.status == 64 && standalone.stderr.contains("--standalone: cloudflare is a hosted platform"))
    }

    @Test("simulate --as cloudflare decodes unreserved escapes and removes dot segments before matching")
    func simulate() throws {
        let (_, path) = try Self.file()
        let r = try CLIRunner.run(["simulate", path, "GET", "http://www.example.com/%68ome?x=1", "--as", "cloudflare"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Location       http://www.example.com/?x=1"), "\(r.stdout)")
        let dots = try CLIRunner.run(["simulate", path, "GET", "https://www.example.com/a/../blog/x", "--as", "cloudflare"])
        #expect(dots.stdout.contains("Location       https://www.example.com/news/x"), "\(dots.stdout)")
        // Detour's own semantics keep the dot segments: no rule matches.
        let own = try CLIRunner.run(["simulate", path, "GET", "https://www.example.com/a/../blog/x", "--as", "detour"])
        #expect(!own.stdout.contains("/news/x"), "\(own.stdout)")
    }
}
