import Foundation
import Testing

@testable import DetourCore
@testable import DetourTUI

/// The export dialog's verify runs DetourVerify in-process on the rules as they are in the
/// editor: no rule file is read or written, and cancelling ends it.
@Suite(
    "Export dialog verify, in-process", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["DETOUR_SKIP_SERVERS"] != "1", "DETOUR_SKIP_SERVERS=1: real-server tests skipped"))
struct ExportWorkVerifyTests {
    static func unsavedRules() -> RuleSet {
        RuleSet(rules: [
            Rule(
                id: "old", source: Source(kind: .exact("/old"), text: "/old"), target: Target(parts: [.literal("/new")], text: "/new"),
                code: .movedPermanently),
            Rule(
                id: "docs", source: Source(kind: .prefix("/docs/"), text: "/docs/"), target: Target(parts: [.literal("/help/")], text: "/help/"),
                code: .found)
        ])
    }

    @Test("verifies the editor's rules without a rule file and ends with the agreement line")
    func verifiesUnsavedRules() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx"), "nginx is not installed")
        let (lines, agreed) = ExportWork.verify(Self.unsavedRules(), server: .nginx, sourceFile: "/nonexistent/unsaved.yaml") { false }
        #expect(agreed)
        let last = try #require(lines.last)
        #expect(last.hasPrefix("nginx: ") && last.hasSuffix(" agree"), "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("DISAGREE") })
    }

    @Test("a cancelled verify reports the cancellation and does not agree")
    func cancelled() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx"), "nginx is not installed")
        let (lines, agreed) = ExportWork.verify(Self.unsavedRules(), server: .nginx, sourceFile: "rules.yaml") { true }
        #expect(!agreed)
        #expect(lines == ["verify: cancelled"])
    }

    @Test("v in the export dialog shows how many requests verify has sent, then the agreement")
    func dialogShowsProgress() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx"), "nginx is not installed")
        let e = try TestEditor(path: TUITestSupport.copyOfExample(), size: Size(width: 100, height: 40), jobsInBackground: true)
        e.press(.openExport)
        e.loop.settle()
        e.press(.verifyExport)
        var progressShown: String?
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            _ = e.loop.receiveResults()
            guard case .export(let d) = e.state.mode, d.running != nil else { break }
            if let line = e.screenText.split(separator: "\n").first(where: { $0.contains(" requests") && $0.contains("verifying") }) {
                progressShown = String(line)
            }
            usleep(2_000)
        }
        e.loop.settle()
        let shown = try #require(progressShown, "no progress line while verify ran")
        #expect(shown.contains("verifying against the real nginx on 127.0.0.1…"))
        #expect(shown.range(of: #"\d+/\d+ requests"#, options: .regularExpression) != nil, "\(shown)")
        guard case .export(let d) = e.state.mode else {
            Issue.record("dialog closed")
            return
        }
        #expect(d.verifyProgress == nil)
        #expect(d.verifyReport.last?.hasSuffix(" agree") == true, "\(d.verifyReport)")
    }
}
