import Foundation
import Testing

@testable import DetourCore

@Suite struct CheckDocsTests {
    @Test("docs/checks.md is generated from the checks")
    func docsInSync() throws {
        let path = TestSupport.repoRoot + "/docs/checks.md"
        let generated = CheckDocs.markdown()
        if ProcessInfo.processInfo.environment["DETOUR_UPDATE_DOCS"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let onDisk = try? String(contentsOfFile: path, encoding: .utf8)
        #expect(onDisk == generated, "docs/checks.md is out of date: DETOUR_UPDATE_DOCS=1 swift test --filter CheckDocsTests")
        #expect(generated.contains("| DT071 | `regex-backtracking` | warning |"))
    }
}
