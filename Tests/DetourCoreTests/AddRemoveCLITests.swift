import Foundation
import Testing

@testable import DetourCore

/// `detour add` and `detour rm`: one rule in or out without the editor, comments and order kept,
/// error findings refused, unknown ids answered with the nearest one.
struct AddRemoveCLITests {
    private let yaml = """
        # Redirects for example.com
        site:
          hosts: [example.com]

        rules:
          # The old blog moved.
          - id: blog
            source: /blog/*
            target: /news/*
            code: 301   # permanent

          # Pricing page renamed.
          - id: pricing
            source: /pricing
            target: /plans
            code: 308

        """

    private func text(_ path: String) throws -> String { String(decoding: try AtomicFile.read(path), as: UTF8.self) }

    private func file(_ content: String, named name: String) throws -> String {
        let path = TestSupport.tempDir() + "/" + name
        try AtomicFile.write(Array(content.utf8), to: path)
        return path
    }

    @Test func addAppendsToYAMLKeepingCommentsAndOrder() throws {
        let path = try file(yaml, named: "r.yaml")
        let r = try CLIRunner.run([
            "add", path, "--source", "/about-us", "--target", "/about", "--code", "301", "--id", "about", "--cache", "no-store",
            "--expires", "2027-01-01T00:00:00Z", "--now", "2026-06-01T00:00:00Z"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "added rule 'about' to \(path) (line 18)\n")
        let after = try text(path)
        #expect(after.hasPrefix(yaml))
        #expect(
            after.dropFirst(yaml.count)
                == "\n  - id: about\n    source: /about-us\n    target: /about\n    code: 301\n    cache: no-store\n    expires: 2027-01-01T00:00:00Z\n"
        )
        #expect(try RuleFileDocument.load(path: path).ruleSet.rules.map(\.id) == ["blog", "pricing", "about"])
    }

    @Test func addAppendsARowToCSV() throws {
        let path = try file("id,source,target,code\na,/a,/b,301\n", named: "r.csv")
        let r = try CLIRunner.run(["add", path, "--source", "/c", "--target", "/d", "--methods", "GET, HEAD", "--now", "2026-06-01T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try RuleFileDocument.load(path: path)
        #expect(doc.ruleSet.rules.map(\.id) == ["a", "rule-2"])
        #expect(doc.ruleSet.rules[1].code == .found)
        #expect(doc.ruleSet.rules[1].methods == ["GET", "HEAD"])
        // A column the new rule needs is added; the existing row keeps its values.
        #expect(try text(path) == "id,source,target,code,methods\na,/a,/b,301,\nrule-2,/c,/d,302,GET HEAD\n")
    }

    @Test func addRefusesARuleWithAnErrorFindingUnlessForced() throws {
        let path = try file(yaml, named: "r.yaml")
        // /plans → /pricing → /plans: a loop through the existing rule.
        let args = ["add", path, "--source", "/plans", "--target", "/pricing", "--id", "back", "--now", "2026-06-01T00:00:00Z"]
        let refused = try CLIRunner.run(args)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("back"))
        #expect(refused.stderr.contains("rule 'back' not added (it causes the errors above); --force adds it anyway"))
        #expect(try text(path) == yaml)
        let forced = try CLIRunner.run(args + ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try RuleFileDocument.load(path: path).ruleSet.rules.map(\.id) == ["blog", "pricing", "back"])
    }

    @Test func addNamesTheOptionThatCannotBeRead() throws {
        let path = try file(yaml, named: "r.yaml")
        let badCode = try CLIRunner.run(["add", path, "--source", "/x", "--target", "/y", "--code", "399"])
        #expect(badCode.status == 2)
        #expect(badCode.stderr.hasPrefix("--code: "))
        let taken = try CLIRunner.run(["add", path, "--source", "/x", "--target", "/y", "--id", "pricing"])
        #expect(taken.status == 2)
        #expect(taken.stderr.contains("--id: 'pricing' is already the id of the rule at line 13"))
        #expect(try text(path) == yaml)
    }

    @Test func rmRemovesOneRuleAndKeepsTheRest() throws {
        let path = try file(yaml, named: "r.yaml")
        let r = try CLIRunner.run(["rm", path, "blog"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "removed rule 'blog' (line 7) from \(path)\n")
        let after = try text(path)
        #expect(after.contains("# Redirects for example.com\n"))
        #expect(after.contains("  # Pricing page renamed.\n  - id: pricing\n"))
        #expect(!after.contains("blog"))
        #expect(try RuleFileDocument.load(path: path).ruleSet.rules.map(\.id) == ["pricing"])
    }

    @Test func rmOfAnUnknownIDSuggestsTheNearest() throws {
        let path = try file(yaml, named: "r.yaml")
        let r = try CLIRunner.run(["rm", path, "pricng"])
        #expect(r.status == 2)
        #expect(r.stderr == "\(path): no rule has the id 'pricng'; did you mean 'pricing'?\n")
        #expect(try text(path) == yaml)
    }

    @Test func rmFromCSV() throws {
        let path = try file("id,source,target,code\na,/a,/b,301\nb,/c,/d,302\n", named: "r.csv")
        #expect(try CLIRunner.run(["rm", path, "a"]).status == 0)
        #expect(try text(path) == "id,source,target,code\nb,/c,/d,302\n")
    }
}
