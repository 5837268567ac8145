import Foundation
import Testing

@testable import DetourCore

/// docs/targets.md lists every registered target with the capability table and residual
/// differences its exporter declares (the same text the export README carries), so the page cannot
/// drift from what `export`, `simulate --as` and `verify` do.
@Suite struct TargetsDocTests {
    static let page = (try? String(contentsOfFile: TestSupport.repoRoot + "/docs/targets.md", encoding: .utf8)) ?? ""

    /// The text of one `## name` section.
    static func section(_ name: String) -> String? {
        guard let start = page.range(of: "\n## \(name)\n") else { return nil }
        let rest = page[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    @Test("every target has a section with its capability table, residual differences and refused features", arguments: ServerKind.allCases)
    func section(kind: ServerKind) throws {
        let t = kind.target
        let text = try #require(Self.section(t.name), "docs/targets.md has no '## \(t.name)' section")
        #expect(text.contains(t.capabilities.markdown.trimmingCharacters(in: .whitespacesAndNewlines)), "\(t.name): capability table differs")
        for d in t.residualDifferences { #expect(text.contains("- " + d), "\(t.name): residual difference missing: \(d)") }
        let refused = ExportFeature.allCases.filter { !t.capabilities.supports($0) }.map(\.description).joined(separator: ", ")
        #expect(Self.page.contains("| \(t.name) | ") && Self.page.contains(" | \(refused) |"), "\(t.name): summary row should list \(refused)")
    }
}
