import Foundation
import Testing

@testable import DetourCore

/// `detour diff` through the built binary: files and git revisions, the three formats, `--as`, and
/// the exit statuses a CI job relies on (0 no change, 1 change, 2 unreadable).
@Suite(.serialized) struct DiffCLITests {
    static let rules = """
        site:
          hosts: [example.com]
        rules:
          - {id: a, source: /a, target: /to-a, code: 301}
          - {id: blog, source: /blog/*, target: /news/*, code: 301}

        """

    static func git(_ args: [String], in dir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-c", "user.name=Detour Test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"] + args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "git \(args) failed")
    }

    /// A repository whose last commit holds `rules` and whose working copy retargets rule `a`.
    static func repository() throws -> String {
        let dir = TestSupport.tempDir()
        try rules.write(toFile: dir + "/redirects.yaml", atomically: true, encoding: .utf8)
        try git(["init", "-q"], in: dir)
        try git(["add", "redirects.yaml"], in: dir)
        try git(["commit", "-q", "-m", "rules"], in: dir)
        try rules.replacingOccurrences(of: "/to-a,", with: "/elsewhere,").write(toFile: dir + "/redirects.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func gitRevisionAgainstTheWorkingFileShowsTheRetargetAndExits1() throws {
        let dir = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLIRunner.run(["diff", "HEAD:redirects.yaml", "redirects.yaml", "--now", "2026-12-01T00:00:00Z"], in: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("retargeted (1)"))
        #expect(r.stdout.contains("request  GET https://example.com/a"))
        #expect(r.stdout.contains("before   301 → https://example.com/to-a"))
        #expect(r.stdout.contains("after    301 → https://example.com/elsewhere"))
    }

    @Test func sameRulesAsCSVExit0WithNoBehaviouralChange() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.rules.write(toFile: dir + "/r.yaml", atomically: true, encoding: .utf8)
        let convert = try CLIRunner.run(["convert", "r.yaml", "r.csv"], in: dir)
        #expect(convert.status == 0, "\(convert.stderr)")
        let r = try CLIRunner.run(["diff", "r.yaml", "r.csv", "--now", "2026-12-01T00:00:00Z"], in: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("no behavioural change"))
        #expect(r.stdout.contains("findings: unchanged"))
    }

    @Test func markdownAndJSONFormats() throws {
        let dir = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let md = try CLIRunner.run(
            ["diff", "HEAD:redirects.yaml", "redirects.yaml", "--format", "markdown", "--now", "2026-12-01T00:00:00Z"], in: dir)
        #expect(md.status == 1)
        #expect(md.stdout.hasPrefix("### Redirect changes: `HEAD:redirects.yaml` → `redirects.yaml`"))
        #expect(md.stdout.contains("| rules | request | before | after |"))
        let json = try CLIRunner.run(["diff", "HEAD:redirects.yaml", "redirects.yaml", "--format", "json", "--now", "2026-12-01T00:00:00Z"], in: dir)
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["changed"] as? Bool == true)
        let regions = try #require(object["regions"] as? [[String: Any]])
        #expect(regions.count == 1)
        #expect((regions[0]["after"] as? [String: Any])?["location"] as? String == "https://example.com/elsewhere")
    }

    @Test func asServerUsesThatServersLocationForm() throws {
        let dir = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLIRunner.run(["diff", "HEAD:redirects.yaml", "redirects.yaml", "--as", "haproxy", "--now", "2026-12-01T00:00:00Z"], in: dir)
        #expect(r.status == 1)
        // HAProxy sends the Location as written.
        #expect(r.stdout.contains("(as haproxy"))
        #expect(r.stdout.contains("after    301 → /elsewhere"))
    }

    @Test func unreadableRevisionOrFileExits2WithTheReason() throws {
        let dir = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let badRev = try CLIRunner.run(["diff", "nosuchrev:redirects.yaml", "redirects.yaml"], in: dir)
        #expect(badRev.status == 2)
        #expect(badRev.stderr.contains("nosuchrev:redirects.yaml"))
        try "rules:\n  - {id: x, source: nope, target: /y}\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["diff", "redirects.yaml", "bad.yaml"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.yaml:2:"))
    }

    @Test func whenBothFilesAreUnreadableTheOldOnesProblemsAreReported() throws {
        // The two files are read side by side; what is reported must not depend on which finished first.
        let dir = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "rules:\n  - {id: x, source: nope, target: /y}\n".write(toFile: dir + "/old.yaml", atomically: true, encoding: .utf8)
        try "colour: red\nrules: []\n".write(toFile: dir + "/new.yaml", atomically: true, encoding: .utf8)
        for _ in 0..<3 {
            let r = try CLIRunner.run(["diff", "old.yaml", "new.yaml"], in: dir)
            #expect(r.status == 2)
            #expect(r.stderr.contains("old.yaml:2:"))
            #expect(!r.stderr.contains("new.yaml"))
        }
    }
}
