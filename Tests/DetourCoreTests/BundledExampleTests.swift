import Foundation
import Testing

@testable import DetourCore

/// The example compiled into the binary is the repository's file, and it is a good first file.
struct BundledExampleTests {
    @Test("the bundled example matches examples/ byte for byte")
    func matchesFile() throws {
        let path = TestSupport.repoRoot + "/" + BundledExample.repositoryPath
        let text = try String(contentsOfFile: path, encoding: .utf8)
        if ProcessInfo.processInfo.environment["DETOUR_UPDATE_EXAMPLE"] == "1" {
            let source = TestSupport.repoRoot + "/Sources/DetourCore/Files/BundledExample.swift"
            var generated = try String(contentsOfFile: source, encoding: .utf8)
            // The literal is indented as swift-format writes it; Swift strips the closing delimiter's indentation.
            let start = try #require(generated.range(of: "public static let text = #\"\"\"\n"))
            let end = try #require(generated.range(of: "\n        \"\"\"#\n}", options: .backwards))
            let indented = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
            generated.replaceSubrange(start.upperBound..<end.lowerBound, with: indented)
            try generated.write(toFile: source, atomically: true, encoding: .utf8)
        }
        #expect(BundledExample.text == text, "\(BundledExample.repositoryPath) differs from BundledExample.swift")
    }

    @Test("the bundled example loads and has no error findings")
    func loadsCleanly() throws {
        let document = try RuleFileDocument(path: "example.yaml", bytes: Array(BundledExample.text.utf8))
        #expect(document.ruleSet.rules.count == 4)
        let errors = Validator(now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!).validate(document.ruleSet).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
    }
}
