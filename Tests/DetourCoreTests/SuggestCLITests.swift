import Foundation
import Testing

@testable import DetourCore

/// `detour suggest` and `detour replay --prune-older-than` through the binary, on the files of the
/// worked migration (docs/migration.md).
@Suite struct SuggestCLITests {
    @Test("suggest on the migration example writes the six checked rules of docs/migration.md")
    func suggestOnTheMigrationExample() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/suggested.yaml"
        let r = try CLIRunner.run([
            "suggest", "examples/site-migration.csv", "examples/migration/access.log", "--sitemap", "examples/migration/sitemap.xml", "-o", out,
            "--now", "2026-11-06T00:00:00Z"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains("11 distinct 404 paths in examples/migration/access.log (1 already redirected): 6 rules suggested, 1 without a page"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let set = try TestSupport.yaml(text).ruleSet
        #expect(
            set.rules.map(\.id) == [
                "suggest-blog", "suggest-floral-red-dress-200001", "suggest-oxford-blue-shirt-200002", "suggest-returns",
                "suggest-waffle-white-towel-200003", "suggest-about-us"
            ])
        #expect(text.contains("#   /wp-login.php (15)"))
        // The page shows this file: keep them equal.
        let doc = try String(contentsOfFile: TestSupport.repoRoot + "/docs/migration.md", encoding: .utf8)
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(4).joined(separator: "\n")
        #expect(doc.contains(body), "docs/migration.md no longer shows what suggest writes")
        // An existing file is not overwritten without --force.
        let again = try CLIRunner.run(["suggest", "examples/site-migration.csv", "examples/migration/access.log", "-o", out])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }

    @Test("the diff step of docs/migration.md shows what detour diff prints after the suggestions are appended")
    func diffStepOfTheMigration() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["examples/site-migration.csv", "examples/migration/access.log", "examples/migration/sitemap.xml"] {
            try FileManager.default.copyItem(atPath: TestSupport.repoRoot + "/" + name, toPath: dir + "/" + (name as NSString).lastPathComponent)
        }
        let suggest = try CLIRunner.run(
            ["suggest", "site-migration.csv", "access.log", "--sitemap", "sitemap.xml", "-o", "suggested.yaml", "--now", "2026-11-06T00:00:00Z"],
            in: dir)
        #expect(suggest.status == 0, "\(suggest.stderr)")
        #expect(try CLIRunner.run(["convert", "site-migration.csv", "redirects.yaml"], in: dir).status == 0)
        // `sed -n '/^rules:/,$p' suggested.yaml | tail -n +2 >> redirects.yaml`
        let suggested = try String(contentsOfFile: dir + "/suggested.yaml", encoding: .utf8)
        let rules = suggested.components(separatedBy: "\nrules:\n")[1]
        let handle = try #require(FileHandle(forWritingAtPath: dir + "/redirects.yaml"))
        handle.seekToEndOfFile()
        handle.write(Data(rules.utf8))
        handle.closeFile()
        let diff = try CLIRunner.run(["diff", "site-migration.csv", "redirects.yaml", "--format", "markdown"], in: dir)
        #expect(diff.status == 1, "\(diff.stderr)")
        let doc = try String(contentsOfFile: TestSupport.repoRoot + "/docs/migration.md", encoding: .utf8)
        #expect(doc.contains(diff.stdout.trimmingCharacters(in: .newlines)), "docs/migration.md no longer shows what diff prints")
        #expect(diff.stdout.contains("#### added (6)"))
    }

    @Test("replay --prune-older-than writes the file without the unused rules, or refuses a log that is too short")
    func prune() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        site: {hosts: [example.com]}
        rules:
          # the spring sale, still linked from newsletters
          - {id: spring, source: /spring, target: /sale, code: 301}
          - {id: old-faq, source: /faq.html, target: /help, code: 301}
        """.write(toFile: dir + "/r.yaml", atomically: true, encoding: .utf8)
        try [
            #"198.51.100.7 - - [02/Jan/2026:08:00:00 +0000] "GET /faq.html HTTP/1.1" 301 0 "-" "-""#,
            #"198.51.100.7 - - [20/Jul/2026:09:30:00 +0000] "GET /spring HTTP/1.1" 301 0 "-" "-""#
        ].joined(separator: "\n").write(toFile: dir + "/access.log", atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["replay", "r.yaml", "access.log", "--prune-older-than", "90d", "-o", "pruned.yaml"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("removed 1 rule not hit since 2026-04-21T09:30:00Z: old-faq; wrote pruned.yaml"), "\(r.stderr)")
        #expect(r.stdout.contains("2026-01-02  old-faq  (r.yaml:5)"), "\(r.stdout)")
        let pruned = try String(contentsOfFile: dir + "/pruned.yaml", encoding: .utf8)
        #expect(pruned.contains("# the spring sale, still linked from newsletters") && !pruned.contains("old-faq"))
        let tooShort = try CLIRunner.run(["replay", "r.yaml", "access.log", "--prune-older-than", "365d", "-o", "p2.yaml"], in: dir)
        #expect(tooShort.status == 2)
        #expect(tooShort.stderr.contains("cannot show a rule unused for that long"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/p2.yaml"))
    }
}
