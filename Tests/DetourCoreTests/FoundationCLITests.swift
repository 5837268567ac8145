import Foundation
import Testing

@testable import DetourCore

/// The foundation commands as a user runs them: new, fmt, list, convert, and their exit statuses.
struct FoundationCLITests {
    @Test func listPrintsTheRulesInOrder() throws {
        let r = try CLIRunner.run(["list", "examples/api-migration.yaml"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines[0].hasPrefix("LINE"))
        #expect(lines[1].contains("orders-v2") && lines[1].contains("307") && lines[1].contains("rollout=20%/cookie:uid"))
        #expect(lines[4].contains("https-only") && lines[4].contains("scheme=http"))
        #expect(lines.count == 5)
    }

    @Test func listJSONIsMachineReadable() throws {
        let r = try CLIRunner.run(["list", "examples/operations.yaml", "--format", "json"])
        #expect(r.status == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let rules = obj?["rules"] as? [[String: Any]]
        #expect(rules?.count == 5)
        #expect(rules?[1]["enabled"] as? Bool == false)
        #expect((rules?[4]["rollout"] as? [String: Any])?["by"] as? String == "header:X-User-Id")
    }

    @Test func loadErrorsExitTwoWithOneLinePerProblem() throws {
        let r = try CLIRunner.run(["list", "Tests/DetourCoreTests/Fixtures/bad/many-errors.yaml"])
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        // The unreadable parts only (a bad site host, an unknown key, a repeated id); fields that
        // do not give a value make their rules invalid (DT070) instead.
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix("Tests/DetourCoreTests/Fixtures/bad/many-errors.yaml:") })
        #expect(r.stdout.isEmpty)
        let missing = try CLIRunner.run(["list", "no/such/file.yaml"])
        #expect(missing.status == 2 && missing.stderr.contains("no/such/file.yaml: cannot read"))
    }

    @Test func newWritesAStarterThatLoadsAndRefusesToOverwrite() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/redirects.yaml"
        #expect(try CLIRunner.run(["new", path]).status == 0)
        let doc = try RuleFileDocument.load(path: path)
        #expect(doc.ruleSet.rules.count == 4)
        #expect(String(decoding: try AtomicFile.read(path), as: UTF8.self).contains("# redirects.yaml"))
        let again = try CLIRunner.run(["new", path])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
    }

    @Test func fmtCheckAndRewrite() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/r.yaml"
        try AtomicFile.write(Array("# mine\nrules:\n    - code: 301   # kept\n      source: /a\n      target: '/b'\n".utf8), to: path)
        let check = try CLIRunner.run(["fmt", "--check", path])
        #expect(check.status == 1 && check.stderr.contains("not formatted"))
        #expect(try CLIRunner.run(["fmt", path]).status == 0)
        #expect(
            String(decoding: try AtomicFile.read(path), as: UTF8.self) == "# mine\nrules:\n  - source: /a\n    target: /b\n    code: 301   # kept\n")
        #expect(try CLIRunner.run(["fmt", "--check", path]).status == 0)
        #expect(try CLIRunner.run(["fmt", "--check", "examples/api-migration.yaml"]).status == 0)
        #expect(try CLIRunner.run(["fmt", "--check", "examples/operations.yaml"]).status == 0)
    }

    @Test func convertBetweenYAMLAndCSV() throws {
        let dir = TestSupport.tempDir()
        let r = try CLIRunner.run(["convert", "examples/operations.yaml", dir + "/ops.csv"])
        #expect(r.status == 0)
        // Example headers cannot go into CSV: said on stderr, with file and line.
        #expect(r.stderr.contains("examples/operations.yaml:") && r.stderr.contains("rule 'geo-de': example headers"))
        let back = try CLIRunner.run(["convert", dir + "/ops.csv", dir + "/ops.yaml"])
        #expect(back.status == 0)
        let a = try RuleFileDocument.load(path: TestSupport.example("operations.yaml")).ruleSet.rules
        let b = try RuleFileDocument.load(path: dir + "/ops.yaml").ruleSet.rules
        #expect(a.map(\.id) == b.map(\.id))
        #expect(a.map(\.conditions) == b.map(\.conditions))
        #expect(a.map(\.rollout) == b.map(\.rollout))
        let big = try CLIRunner.run(["convert", "examples/site-migration.csv", dir + "/site.yaml"])
        #expect(big.status == 0 && big.stdout.contains("wrote 12000 rules"))
    }

    @Test func everyCommandHasHelpWithAnExample() throws {
        for command in ["new", "fmt", "list", "convert"] {
            let r = try CLIRunner.run([command, "--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("Example:") && r.stdout.contains("detour \(command)"), "\(command)")
        }
    }

    @Test func aMistypedCommandIsNamedNotOpenedAsAFile() throws {
        let typo = try CLIRunner.run(["chek", "examples/api-migration.yaml"])
        #expect(typo.status == 2)
        #expect(typo.stderr == "detour: unknown command 'chek' — did you mean check?\n")
        let unknown = try CLIRunner.run(["frobnicate", "a", "b"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown command 'frobnicate' (commands: edit, new, fmt, list"))
        // A word that is an existing file still goes to the default command (here: its help).
        let dir = TestSupport.tempDir()
        #expect(FileManager.default.createFile(atPath: dir + "/redirects", contents: Data("rules: []\n".utf8)))
        let file = try CLIRunner.run(["redirects", "--help"], in: dir)
        #expect(file.status == 0 && file.stdout.contains("Edit a rule file"))
    }
}
