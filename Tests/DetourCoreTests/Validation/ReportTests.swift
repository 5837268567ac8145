import Foundation
import Testing

@testable import DetourCore

@Suite struct ReportTests {
    static let file = """
        site:
          hosts: [example.com, www.example.com]
        rules:
          # a loop
          - id: a
            source: /a
            target: /b
            code: 301
          - id: b
            source: /b
            target: /a
            code: 301
          - id: go
            source: /go/*
            target: /*
            code: 302
            expires: 2027-01-01T00:00:00Z
          - id: canary
            source: /api
            target: /api2
            code: 307
            rollout: 20%
            expires: 2027-01-01T00:00:00Z
        """

    func findings() throws -> (RuleFileDocument, [Finding]) {
        let doc = try RuleFileDocument(path: "redirects.yaml", bytes: Array(Self.file.utf8))
        return (doc, Validator(now: V.now).validate(doc.ruleSet))
    }

    @Test func jsonHasTheKeysOfDesignSection5() throws {
        let (_, f) = try findings()
        let text = FindingsReport.json(f, file: "redirects.yaml")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(obj["file"] as? String == "redirects.yaml")
        let list = try #require(obj["findings"] as? [[String: Any]])
        let loop = try #require(list.first { $0["check"] as? String == "DT010" })
        #expect(loop["severity"] as? String == "error")
        #expect(Set(loop["rules"] as? [String] ?? []) == ["a", "b"])
        #expect(loop["line"] as? Int == 5)
        #expect(loop["message"] as? String == "loop: /a → /b → /a")
        let witness = try #require(loop["witness"] as? [[String: Any]])
        #expect(witness.first?["method"] as? String == "GET")
        #expect(witness.first?["url"] as? String == "https://example.com/a")
        let canary = try #require(list.first { $0["check"] as? String == "DT030" })
        #expect(canary["fix"] as? String == "set cache: no-store")
        let counts = try #require(obj["counts"] as? [String: Int])
        #expect(counts["error"] == f.filter { $0.severity == .error }.count)
        #expect(counts["warning"]! + counts["info"]! + counts["error"]! == list.count)
    }

    @Test func textGroupsByRuleAndColoursOnlyWhenAsked() throws {
        let (_, f) = try findings()
        let plain = FindingsReport.text(f, file: "redirects.yaml", color: false)
        #expect(!plain.contains("\u{1b}["))
        #expect(plain.contains("redirects.yaml:5: rule a\n"))
        #expect(plain.contains("witness: GET https://example.com/go//"))
        let coloured = FindingsReport.text(f, file: "redirects.yaml", color: true)
        #expect(coloured.contains("\u{1b}[31;1merror"))
    }

    @Test func locatorPointsAtTheField() throws {
        let (_, f) = try findings()
        let loc = FindingLocator(fileBytes: Array(Self.file.utf8), isYAML: true)
        let open = try #require(f.first { $0.check == "DT001" })
        #expect(loc.locate(open) == (line: 15, column: 5))
        let cache = try #require(f.first { $0.check == "DT030" })
        #expect(loc.locate(cache).line == 18)  // no cache key: the rule's first line
    }

    static var jsonschemaAvailable: Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import jsonschema"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// Validates with python3's jsonschema against the committed SARIF 2.1.0 schema.
    static func validateSARIF(_ text: String) throws -> (ok: Bool, output: String) {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.sarif"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            doc = json.load(open(sys.argv[2]))
            errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
            for e in errors: print(list(e.absolute_path), e.message)
            sys.exit(1 if errors else 0)
            """, TestSupport.fixture("sarif/sarif-schema-2.1.0.json"), path
        ]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus == 0, String(decoding: out, as: UTF8.self))
    }

    @Test(.enabled(if: ReportTests.jsonschemaAvailable)) func sarifValidatesAgainstTheSchema() throws {
        let (doc, f) = try findings()
        let sarif = SARIFReport.render(
            f, checks: Validator.allChecks, file: "redirects.yaml", fileBytes: Array(Self.file.utf8), isYAML: true,
            version: "0.1.0", fixedText: { doc.render($0.apply(to: doc.ruleSet)) })
        let result = try Self.validateSARIF(sarif)
        #expect(result.ok, "\(result.output)")
        // And the schema is not a rubber stamp: a result without a message is refused.
        let broken = sarif.replacingAll("\"message\": {\"text\":", "\"mess\": {\"text\":")
        #expect(try Self.validateSARIF(broken).ok == false)
    }

    @Test func sarifCarriesRulesLocationsAndFixes() throws {
        let (doc, f) = try findings()
        let sarif = SARIFReport.render(
            f, checks: Validator.allChecks, file: "redirects.yaml", fileBytes: Array(Self.file.utf8), isYAML: true,
            version: "0.1.0", fixedText: { doc.render($0.apply(to: doc.ruleSet)) })
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((obj["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [[String: Any]])?.count == Validator.allChecks.count)
        let results = try #require(run["results"] as? [[String: Any]])
        let cache = try #require(results.first { $0["ruleId"] as? String == "DT030" })
        let region = ((cache["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
        #expect(region?["startLine"] as? Int == 18)
        #expect(region?["startColumn"] as? Int == 3)  // the rule's "- " (it has no cache key)
        let fix = try #require((cache["fixes"] as? [[String: Any]])?.first)
        let change = try #require((fix["artifactChanges"] as? [[String: Any]])?.first)
        let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
        let inserted = (replacement["insertedContent"] as? [String: Any])?["text"] as? String
        #expect(inserted?.contains("cache: no-store") == true)
    }
}
