import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// A host written in Unicode is shown as typed in the editor (detail pane and form), and a save
/// of another change keeps it so; matching and exports use its IDNA name (issue #14 item 6).
@Suite("Unicode hosts in the editor")
struct UnicodeHostEditorTests {
    static let file = """
        site:
          hosts: [bücher.example]
        rules:
          - id: alt
            host: bücher.example
            source: /alt
            target: https://bücher.example/café
            code: 301

        """

    @Test("the detail pane and the form show the host as typed; a save keeps it")
    func shownAndSavedAsTyped() throws {
        let path = TUITestSupport.tempDir() + "/rules.yaml"
        try Self.file.write(toFile: path, atomically: true, encoding: .utf8)
        let e = try TestEditor(path: path, size: Size(width: 100, height: 30))
        #expect(e.state.rules[0].host == .exact("xn--bcher-kva.example"))
        #expect(e.screenText.contains("host bücher.example"), "\(e.screenText)")
        #expect(!e.screenText.contains("xn--"), "\(e.screenText)")
        e.press(.editRule)
        let form = try #require(e.form)
        #expect(form.input(FormFieldID("host")).value == "bücher.example")
        #expect(form.input(.target).value == "https://bücher.example/café")
        #expect(e.screenText.contains("bücher.example") && !e.screenText.contains("xn--"), "\(e.screenText)")
        e.press(.applyForm, in: .form)
        e.press(.toggleEnabled).press(.save)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            saved == Self.file.replacingOccurrences(of: "    host: bücher.example\n", with: "    enabled: false\n    host: bücher.example\n"),
            "\(saved)")
    }
}
