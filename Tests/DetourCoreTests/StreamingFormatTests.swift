import Foundation
import Testing

@testable import DetourCore

/// `fmt` streams (issue 19.8): it formats each rule while the file is parsed and never holds the
/// whole parse tree nor the formatted text. Its bytes must be those of formatting the loaded file,
/// its errors those of loading it, and a formatted file must not be rewritten.
struct StreamingFormatTests {
    private func streamed(_ text: String, file: String = "x.yaml") throws -> [UInt8] {
        var out: [UInt8] = []
        try YAMLRuleFile.formatStreaming(Array(text.utf8), file: file) { out.append(contentsOf: $0) }
        return out
    }

    private func errors(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let e as RuleFileError { return e.diagnostics.map(\.description) } catch { return ["\(error)"] }
    }

    @Test func streamedBytesAreTheLoadedFilesFormattedBytes() throws {
        var texts = (0..<300).map { RoundTripTests.document(seed: UInt64($0)) }
        texts += [
            FormatterTests().messy,
            // The site block after the rules, a comment on the rules line, a flow list left as written.
            "rules:   # first match wins\n  - code: 301\n    source: /a\n    target: /b\n\nsite:\n    hosts: [ example.com ]  # ours\n",
            "site: {hosts: [example.com]}\nrules: [{source: /a, target: /b, code: 301}]\n",
            "rules:\n- source: /a\n  target: /b\n  code: 302\n- {source: /c, target: /d, code: 307}\n\n\n\n",
            "# only a comment\nrules:\n  - source: /a   \n    target: /b\t\n    code: 308\n    when:\n      # inside\n      header: {X-A: b}\n"
        ]
        for text in texts {
            let loaded = try TestSupport.yaml(text)
            #expect(try streamed(text) == loaded.formatted(), "\(text.debugDescription)")
        }
    }

    @Test func aByteOrderMarkStaysFirstWhenStreamed() throws {
        let text = "\u{FEFF}site:\n    hosts: [example.com]\nrules:\n  - code: 301\n    source: /a\n    target: /b\n"
        let out = try streamed(text)
        #expect(out == [0xEF, 0xBB, 0xBF] + Array("site:\n  hosts: [example.com]\nrules:\n  - source: /a\n    target: /b\n    code: 301\n".utf8))
    }

    @Test func aFileThatDoesNotLoadFailsWithTheLoadersDiagnostics() throws {
        var texts = [
            "",
            "- a\n- b\n",
            "site:\n  hosts: [example.com]\n",
            "rules:\n  - id: a\n    source: /a\n    target: /b\n    code: 301\n  - id: a\n    source: /c\n    target: /d\n    code: 999\n",
            "colour: red\nrules:\n  - source: /a\n    target: /b\n    code: 301\n    sauce: x\nsite: 3\n",
            "rules:\n  - source: /a\n    target: /b\n    code: 301\n  - source: /c\n   target: /d\n",
            "rules: 3\n",
            "rules:\n  - source: /a\n    target: /b\n    code: 301\nrules:\n  - source: /c\n    target: /d\n    code: 301\n",
            "rules:\n  - source: /a\n    target: /b\n    code: 301\n  - just text\n"
        ]
        for name in ["many-errors.yaml", "unknown-key.yaml", "wrong-types.yaml", "tabs.yaml", "alias-bomb.yaml", "empty.yaml"] {
            texts.append(try String(contentsOfFile: TestSupport.fixture("bad/" + name), encoding: .utf8))
        }
        for text in texts {
            let expected = errors { _ = try TestSupport.yaml(text, file: "bad.yaml") }
            #expect(!expected.isEmpty, "\(text.debugDescription) loads")
            #expect(errors { _ = try streamed(text, file: "bad.yaml") } == expected, "\(text.debugDescription)")
        }
        let invalid = Array("rules:\n  - source: /a\n".utf8) + [0xFF] + Array("\n".utf8)
        #expect(
            errors { try YAMLRuleFile.formatStreaming(invalid, file: "bad.yaml") { _ in } }
                == errors { _ = try YAMLRuleFile.parse(invalid, file: "bad.yaml") })
    }

    @Test func theLineEndPassGivesTheSameBytesWhateverThePieces() {
        var generator = SeededGenerator()
        let pieces: [String] = ["a", "key: value", " ", "\t", "\r", "\n", "\n\n", "# c", "é"]
        for _ in 0..<1_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...14, using: &generator) { text += pieces.randomElement(using: &generator)! }
            let bytes = Array(text.utf8)
            var trimmer = LineEndTrimmer()
            var out: [UInt8] = []
            var k = 0
            while k < bytes.count {
                let n = Int.random(in: 1...4, using: &generator)
                bytes[k..<min(k + n, bytes.count)].withUnsafeBufferPointer { trimmer.feed($0) { out.append(contentsOf: $0) } }
                k += n
            }
            trimmer.finish { out.append(contentsOf: $0) }
            #expect(out == YAMLRuleFile.trimmingLineEnds(bytes), "\(text.debugDescription)")
        }
    }

    @Test func checkTellsAFormattedFileFromOneThatIsNot() throws {
        let formatted = try TestSupport.yaml(FormatterTests().messy).formatted()
        #expect(try YAMLRuleFile.isFormatted(formatted, file: "x.yaml"))
        #expect(try !YAMLRuleFile.isFormatted(Array(FormatterTests().messy.utf8), file: "x.yaml"))
        // Longer than its formatted text (a blank line at the end), and shorter (no final newline).
        #expect(try !YAMLRuleFile.isFormatted(formatted + [0x0a], file: "x.yaml"))
        #expect(try !YAMLRuleFile.isFormatted(Array(formatted.dropLast()), file: "x.yaml"))
    }

    @Test func formatFileWritesOnlyWhatDiffersAndLeavesAFormattedFileAlone() throws {
        let dir = TestSupport.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rules.yaml"
        let messy = Array(FormatterTests().messy.utf8)
        let expected = try TestSupport.yaml(FormatterTests().messy).formatted()
        try Data(messy).write(to: URL(fileURLWithPath: path))
        var (bytes, stamp) = try AtomicFile.readWithStamp(path)
        #expect(try YAMLRuleFile.formatFile(bytes, path: path, options: .init(expected: stamp, checkConflict: true)))
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == expected)

        // Formatted already: nothing is written, the file keeps its inode.
        (bytes, stamp) = try AtomicFile.readWithStamp(path)
        let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        #expect(try !YAMLRuleFile.formatFile(bytes, path: path, options: .init(expected: stamp, checkConflict: true)))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode)

        // Read-only: a formatted file is fine as it is; an unformatted one is refused, untouched.
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        #expect(try !YAMLRuleFile.formatFile(bytes, path: path, options: .init(expected: stamp, checkConflict: true)))
        let other = dir + "/other.yaml"
        try Data(messy).write(to: URL(fileURLWithPath: other))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: other)
        (bytes, stamp) = try AtomicFile.readWithStamp(other)
        #expect(throws: AtomicFile.Failure.self) {
            try YAMLRuleFile.formatFile(bytes, path: other, options: .init(expected: stamp, checkConflict: true))
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: other))) == messy)

        // A file whose formatted text only drops its trailing blank lines: written, shorter.
        let padded = dir + "/padded.yaml"
        try Data(expected + [0x0a, 0x0a]).write(to: URL(fileURLWithPath: padded))
        (bytes, stamp) = try AtomicFile.readWithStamp(padded)
        #expect(try YAMLRuleFile.formatFile(bytes, path: padded, options: .init(expected: stamp, checkConflict: true)))
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: padded))) == expected)
    }
}
