import Foundation

@testable import DetourCore

/// Helpers shared by the core tests.
enum TestSupport {
    /// The repository root (the tests run from anywhere).
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func example(_ name: String) -> String { repoRoot + "/examples/" + name }

    static func fixture(_ name: String) -> String { repoRoot + "/Tests/DetourCoreTests/Fixtures/" + name }

    static func yaml(_ text: String, file: String = "test.yaml") throws -> YAMLRuleFile {
        try YAMLRuleFile.parse(Array(text.utf8), file: file)
    }

    /// Diagnostics of a text that must fail to load.
    static func loadErrors(_ text: String) -> [Diagnostic] {
        do {
            _ = try yaml(text)
            return []
        } catch let e as RuleFileError { return e.diagnostics } catch { return [] }
    }

    /// The problems of the rules of a text that loads (each rule's field that did not parse, DT070).
    static func problems(_ text: String, file: String = "test.yaml") throws -> [RuleProblem] {
        let set =
            file.hasSuffix(".csv") ? try CSVRuleFile.parse(Array(text.utf8), file: file).ruleSet : try yaml(text, file: file).ruleSet
        return set.rules.flatMap(\.problems)
    }

    static func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "detour-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
