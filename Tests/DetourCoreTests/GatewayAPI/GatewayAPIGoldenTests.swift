import Foundation
import Testing

@testable import DetourCore

/// The gateway export of `Fixtures/gateway-api/routes.yaml` (lenient: the regex and `query: drop`
/// rules are left out and listed), byte for byte as reviewed when recorded. Re-record deliberately
/// with DETOUR_RECORD_GATEWAY_GOLDEN=1 and review the diff.
@Suite struct GatewayAPIGoldenTests {
    static let directory = TestSupport.fixture("gateway-api/golden")
    static var recording: Bool { ProcessInfo.processInfo.environment["DETOUR_RECORD_GATEWAY_GOLDEN"] == "1" }

    @Test("the export of routes.yaml matches the reviewed golden files")
    func matchesGolden() throws {
        let doc = try RuleFileDocument.load(path: TestSupport.fixture("gateway-api/routes.yaml"))
        var options = GatewayAPIExportTests.options(lenient: true)
        options.sourceSHA256 = String(repeating: "5a", count: 32)
        let out = try GatewayAPIExporter().export(doc.ruleSet, options: options)
        #expect(out.omissions.map(\.ruleID) == ["regex", "dropped"])
        if Self.recording { try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true) }
        for f in out.files {
            let path = Self.directory + "/" + f.name
            if Self.recording {
                try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path))
                continue
            }
            let golden = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            let g = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let a = f.contents.split(separator: "\n", omittingEmptySubsequences: false)
            if let line = (0..<max(g.count, a.count)).first(where: { $0 >= g.count || $0 >= a.count || g[$0] != a[$0] }) {
                Issue.record(
                    "\(f.name) differs at line \(line + 1):\n  golden: \(line < g.count ? String(g[line]) : "<end>")\n  actual: \(line < a.count ? String(a[line]) : "<end>")"
                )
            }
        }
        #expect(try HTTPRouteSchemaValidator().violations(out.files[0].contents) == [])
    }
}
