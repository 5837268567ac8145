import Foundation
import Testing

@testable import DetourCore

/// Issue #14 item 6: IRIs are "shown as typed in the editor, encoded in exports, matched as the
/// real servers match". A host written in Unicode (`bücher.example`) matches and exports as its
/// IDNA name, and every save — `fmt`, the streaming `fmt`, a YAML or CSV rewrite — keeps it as typed.
@Suite struct UnicodeHostRoundTripTests {
    static let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!

    static let yaml = """
        site:
          hosts: [bücher.example, "*.straße.example", www.example.com]
          allow: [café.example]
        rules:
          - id: alt
            host: bücher.example
            source: /alt
            target: https://bücher.example/café
            code: 301
          - id: url
            source: https://straße.example/süß
            target: /neu/süß?q=é
            code: 302
          - id: shop
            host: "*.münchen.example"
            source: /laden/*
            target: https://café.example/*
            code: 301

        """

    @Test func fmtKeepsUnicodeHostsAndPathsByteForByte() throws {
        let bytes = Array(Self.yaml.utf8)
        #expect(try YAMLRuleFile.isFormatted(bytes, file: "r.yaml"))
        var streamed: [UInt8] = []
        try YAMLRuleFile.formatStreaming(bytes, file: "r.yaml") { streamed += $0 }
        #expect(String(decoding: streamed, as: UTF8.self) == Self.yaml)
        let path = TestSupport.tempDir() + "/r.yaml"
        try Self.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let fmt = try CLIRunner.run(["fmt", path])
        #expect(fmt.status == 0, "\(fmt.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.yaml)
    }

    @Test func theModelMatchesByTheASCIINameAndSavesTheTypedOne() throws {
        let set = try TestSupport.yaml(Self.yaml).ruleSet
        #expect(set.site.hosts == [.exact("xn--bcher-kva.example"), .suffix("xn--strae-oqa.example"), .exact("www.example.com")])
        #expect(set.rules[0].host == .exact("xn--bcher-kva.example"))
        #expect(set.rules[0].writtenHostText == "bücher.example")
        #expect(RuleFieldTable.column("host")?.text(set.rules[2]) == "*.münchen.example")
        let rewritten = RuleYAMLWriter.document(set)
        #expect(rewritten.contains("hosts: [bücher.example, \"*.straße.example\", www.example.com]"), "\(rewritten)")
        #expect(rewritten.contains("allow: [café.example]") && rewritten.contains("host: bücher.example"))
        #expect(!rewritten.contains("xn--"))
        // Setting the host from code (an import, a fix) forgets the typed text of the old one.
        var rule = set.rules[0]
        rule.host = .exact("example.org")
        #expect(rule.writtenHostText == "example.org")
        // ASCII hosts keep no text of their own (the 10⁶-rule maps carry nothing extra).
        let ascii = try TestSupport.yaml("rules:\n  - {id: a, host: WWW.Example.com, source: /a, target: /b, code: 301}\n").ruleSet
        #expect(ascii.rules[0].writtenHostText == "www.example.com")
    }

    @Test func csvSavesKeepTheTypedHosts() throws {
        let csv = """
            # site.hosts: bücher.example, www.example.com
            # site.allow: café.example
            id,host,source,target,code
            alt,bücher.example,/alt,https://bücher.example/café,301

            """
        let file = try CSVRuleFile.parse(Array(csv.utf8), file: "r.csv")
        let set = file.ruleSet
        #expect(set.rules[0].host == .exact("xn--bcher-kva.example"))
        #expect(set.site.allow == [.exact("xn--caf-dma.example")])
        #expect(String(decoding: file.render(set), as: UTF8.self) == csv)
        // A rewrite from the model (the editor's save of a changed rule) writes them as typed too.
        var changed = set
        changed.rules[0].code = .found
        let saved = String(decoding: file.render(changed), as: UTF8.self)
        #expect(saved.contains("# site.hosts: bücher.example, www.example.com") && saved.contains("alt,bücher.example,/alt,"), "\(saved)")
    }

    @Test func exportsStillWriteTheEncodedHost() throws {
        let set = try TestSupport.yaml(Self.yaml).ruleSet
        var options = ExportOptions(directory: TestSupport.tempDir(), sourceFile: "r.yaml", lenient: true)
        options.now = Self.now
        let text = try ServerKind.nginx.target.exporter.export(set, options: options).files.map(\.contents).joined()
        #expect(text.contains("xn--bcher-kva.example") && text.contains("caf%C3%A9"))
        #expect(!text.contains("bücher") && !text.contains("münchen"))
    }
}
