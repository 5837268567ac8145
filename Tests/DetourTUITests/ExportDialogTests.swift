import DetourCore
import Foundation
import Testing

@testable import DetourTUI

@Suite("Export dialog driven by keys")
struct ExportDialogTests {
    func editor(size: Size = Size(width: 100, height: 40)) throws -> TestEditor {
        try TestEditor(path: TUITestSupport.copyOfExample(), size: size)
    }

    func dialog(_ e: TestEditor) -> ExportDialogState? {
        if case .export(let d) = e.state.mode { return d }
        return nil
    }

    func allPreviewText(_ e: TestEditor) -> String {
        dialog(e)?.preview?.output.files.map(\.contents).joined(separator: "\n") ?? ""
    }

    @Test("x previews the site's first target (nginx); → switches to HAProxy and the preview follows")
    func previewNginxAndHAProxy() throws {
        let e = try editor()
        e.press(.openExport)
        let nginx = try #require(dialog(e))
        #expect(nginx.serverKind == .nginx)
        #expect(nginx.preview?.output.exportedRuleCount == 3)
        #expect(e.screenText.contains("target ‹ nginx ›"))
        #expect(allPreviewText(e).contains("return 308"))
        #expect(e.screenText.contains("3 exported"))
        e.press(.nextTarget).press(.nextTarget)
        let haproxy = try #require(dialog(e))
        #expect(haproxy.serverKind == .haproxy)
        #expect(haproxy.directory.text.hasSuffix("/export-haproxy"))
        #expect(allPreviewText(e).contains("http-request redirect"))
        #expect(!allPreviewText(e).contains("return 308"))
        #expect(e.screenText.contains("target ‹ haproxy ›"))
    }

    @Test("the preview scrolls and colours directives and comments differently")
    func scrollAndColour() throws {
        let e = try editor(size: Size(width: 80, height: 24))
        e.press(.openExport)
        let first = e.screen
        let lines = first.textLines
        let y = try #require(lines.firstIndex { $0.contains("│ #") })
        let x = lines[y].distance(from: lines[y].startIndex, to: lines[y].firstIndex(of: "#")!)
        #expect(first[x, y].style == e.state.theme[.hintDescription])
        e.press(.moveDown).press(.moveDown)
        #expect(dialog(e)?.scroll == 2)
        #expect(e.screen.textLines != lines)
    }

    @Test("w writes the files; a second w asks before overwriting; esc keeps them")
    func writeAndOverwrite() throws {
        let e = try editor()
        let dir = TUITestSupport.tempDir() + "/out"
        e.press(.openExport).press(.editDirectory)
        e.press(.ctrl("a"), .ctrl("k")).type(dir)
        e.press(.enter)
        #expect(e.state.status?.text.hasPrefix("wrote") == true, "\(String(describing: e.state.status))")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!names.isEmpty)
        let file = dir + "/" + names[0]
        try "changed by hand".write(toFile: file, atomically: true, encoding: .utf8)
        e.press(.writeExport)
        #expect(dialog(e)?.overwriteQuestion != nil)
        #expect(e.screenText.contains("o overwrites, esc keeps them"))
        e.press(.cancelJob)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "changed by hand")
        e.press(.writeExport).press(.confirmOverwrite)
        #expect(try String(contentsOfFile: file, encoding: .utf8) != "changed by hand")
    }

    @Test("a rule the target cannot carry gets a verdict in the dialog")
    func verdicts() throws {
        let yaml = """
            site:
              hosts: [example.com]
            rules:
              - id: by-header
                source: /a
                target: /b
                code: 302
                cache: no-store
                rollout: {percent: 30, by: "header:X-User"}
              - id: plain
                source: /c
                target: /d
                code: 302
            """
        let path = TUITestSupport.tempDir() + "/r.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let e = try TestEditor(path: path, size: Size(width: 120, height: 40))
        e.press(.openExport)
        var seen: [ServerKind: [RuleVerdict]] = [:]
        for _ in ServerKind.allCases {
            let d = try #require(dialog(e))
            seen[d.serverKind] = d.preview?.verdicts ?? []
            e.press(.nextTarget)
        }
        #expect(seen.values.allSatisfy { !$0.contains { $0.rule == "plain" && $0.kind == .refused } })
        let judged = seen.filter { $0.value.contains { $0.rule == "by-header" } }
        #expect(!judged.isEmpty, "some target needs a workaround for or refuses a header rollout")
        for (server, verdicts) in judged {
            // Refused rules come first.
            #expect(verdicts.map(\.kind) == verdicts.map(\.kind).sorted { $0 == .refused && $1 != .refused }, "\(server)")
        }
        // The screen names the verdict for the target currently shown, if it has one.
        while dialog(e)?.preview?.verdicts.contains(where: { $0.rule == "by-header" }) == false { e.press(.nextTarget) }
        #expect(e.screenText.contains("by-header"))
    }

    @Test("esc closes the dialog; reopening keeps the target")
    func closeAndReopen() throws {
        let e = try editor()
        e.press(.openExport).press(.nextTarget).press(.cancelJob)
        if case .table = e.state.mode {} else { Issue.record("not closed") }
        e.press(.openExport)
        #expect(dialog(e)?.serverKind == .apache)
    }

    @Test("every target is listed with its summary of the file; the chosen one is marked and follows ←/→")
    func targetSummaries() throws {
        let yaml = """
            site:
              hosts: [example.com]
            rules:
              - id: plain
                source: /a
                target: /b
                code: 301
              - id: canary
                source: /canary
                target: /v2
                code: 302
                rollout: {percent: 10, by: "cookie:uid"}
            """
        let path = TUITestSupport.tempDir() + "/r.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let e = try TestEditor(path: path, size: Size(width: 120, height: 50))
        e.press(.openExport)
        let d = try #require(dialog(e))
        let summaries = try #require(d.targetSummaries)
        #expect(summaries.count == ServerKind.allCases.count)
        let set = e.state.ruleSet
        for (i, kind) in ServerKind.allCases.enumerated() {
            // The sentence is the target's own, and the screen shows it on the target's row.
            #expect(summaries[i] == kind.target.exportSummary(for: set))
            let row = e.screen.textLines.first { $0.contains(" \(kind.name) ") && $0.contains(summaries[i]) }
            #expect(row != nil, "\(kind.name): \(summaries[i])")
        }
        #expect(summaries[ServerKind.allCases.firstIndex(of: .nginx)!] == "all 2 rules")
        #expect(summaries[ServerKind.allCases.firstIndex(of: .envoy)!] == "1 of 2 rules; 1 refused: rollout by cookie (1)")
        #expect(e.screen.textLines.contains { $0.contains("▸ nginx") })
        e.press(.nextTarget)
        #expect(e.screen.textLines.contains { $0.contains("▸ apache") })
        #expect(!e.screen.textLines.contains { $0.contains("▸ nginx") })
        // Reopened on the same rules, the list is not computed again.
        let job = dialog(e)?.summaryJob
        e.press(.cancelJob).press(.openExport)
        #expect(dialog(e)?.summaryJob == job)
        #expect(dialog(e)?.targetSummaries == summaries)
    }

    @Test("on a small screen the list shows the rows around the chosen target")
    func targetListScrolls() throws {
        let e = try editor(size: Size(width: 100, height: 24))
        e.press(.openExport)
        for _ in 0..<(ServerKind.allCases.count - 1) { e.press(.nextTarget) }
        let last = try #require(ServerKind.allCases.last)
        #expect(e.screen.textLines.contains { $0.contains("▸ \(last.name)") })
    }
}
