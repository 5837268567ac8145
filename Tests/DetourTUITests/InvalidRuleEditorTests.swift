import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// Issue 14.5 in the editor: a file with a rule that cannot work as written opens; the rule is
/// marked in the table, its problem is in the detail pane and the findings, the form shows the
/// field as typed and fixing it makes it a working rule; a save changes only what was edited.
@Suite("Invalid rules in the editor")
struct InvalidRuleEditorTests {
    static let file = """
        site:
          hosts: [example.com]
        rules:
          - id: ok
            source: /old
            target: /new
            code: 301

          - id: broken
            source: ~^/p/(\\d+)$
            target: /products/$2   # one group only
            code: 308

          - id: lookbehind
            source: "~^/(?<=x)y$"
            target: /z
            code: 302

        """

    func editor(validates: Bool = false) throws -> TestEditor {
        let path = TUITestSupport.tempDir() + "/rules.yaml"
        try Self.file.write(toFile: path, atomically: true, encoding: .utf8)
        return try TestEditor(path: path, size: Size(width: 100, height: 30), validates: validates)
    }

    @Test("the file opens with every rule, the invalid ones marked in the table and the detail pane")
    func opensAndMarks() throws {
        let e = try editor()
        #expect(e.ids == ["ok", "broken", "lookbehind"])
        let lines = e.screenText.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  ● ok") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix(" E✗ broken") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix(" E✗ lookbehind") }, "\(lines)")
        e.press(.moveDown)
        #expect(e.screenText.contains("DT070") && e.screenText.contains("placeholder $2 has no group"))
    }

    @Test("the findings list the invalid rules as DT070 with the other rules' findings")
    func findings() throws {
        let e = try editor(validates: true)
        let findings = e.state.findingsIndex?.sorted ?? []
        let invalid = findings.filter { $0.check == "DT070" }
        #expect(invalid.map(\.rules) == [["broken"], ["lookbehind"]])
        #expect(invalid.map(\.position) == [FilePosition(line: 11, column: 23), FilePosition(line: 15, column: 17)])
    }

    @Test("the form shows the rule as typed; fixing the target makes it work; the save changes that line only")
    func fixInTheForm() throws {
        let e = try editor()
        let before = try String(contentsOfFile: e.state.path, encoding: .utf8)
        e.press(.moveDown).press(.editRule)
        guard let form = e.form else {
            Issue.record("no form")
            return
        }
        #expect(form.input(.source).value == "~^/p/(\\d+)$")
        #expect(form.input(.target).value == "/products/$2")
        #expect(form.errors[.target] != nil, "the form says what is wrong with the target")
        #expect(form.result == nil)
        e.press(.nextField)
        #expect(e.form?.focus == .target)
        e.press(.backspace).type("1")
        #expect(e.form?.errors[.target] == nil)
        e.press(.applyForm, in: .form)
        #expect(!e.state.rules[1].isInvalid)
        #expect(e.state.rules[1].target.text == "/products/$1")
        e.press(.save)
        #expect(e.state.status?.text.hasPrefix("saved 3 rules") == true, "\(String(describing: e.state.status))")
        let after = try String(contentsOfFile: e.state.path, encoding: .utf8)
        #expect(after == before.replacingOccurrences(of: "target: /products/$2", with: "target: /products/$1"))
        let reread = try RuleFileDocument.load(path: e.state.path).ruleSet
        #expect(reread.rules.map(\.isInvalid) == [false, false, true])
    }

    @Test("an untouched invalid rule is saved as typed while another rule is edited")
    func untouchedInvalidRuleKept() throws {
        let e = try editor()
        let before = try String(contentsOfFile: e.state.path, encoding: .utf8)
        e.press(.toggleEnabled).press(.save)
        let after = try String(contentsOfFile: e.state.path, encoding: .utf8)
        #expect(after.contains("  - id: ok\n    enabled: false\n"))
        #expect(after.replacingOccurrences(of: "    enabled: false\n", with: "") == before)
        #expect(after.contains("    source: ~^/p/(\\d+)$\n    target: /products/$2   # one group only\n    code: 308\n"))
        #expect(after.contains("    source: \"~^/(?<=x)y$\"\n    target: /z\n    code: 302\n"))
    }
}

extension InvalidRuleEditorTests {
    static let lists = """
        rules:
          - id: m
            source: /a
            target: /b
            code: 307
            methods: [GET, FETCH]
            when: {header: {X-A: "~(?<=a)b"}}

        """

    @Test("a broken method list or condition is shown in the form, must be fixed there, and the fix is saved")
    func fixListsInTheForm() throws {
        let path = TUITestSupport.tempDir() + "/rules.yaml"
        try Self.lists.write(toFile: path, atomically: true, encoding: .utf8)
        let e = try TestEditor(path: path, size: Size(width: 100, height: 30))
        e.press(.editRule)
        guard let form = e.form else {
            Issue.record("no form")
            return
        }
        #expect(form.input(.methods).value == "GET FETCH")
        #expect(form.input(.conditions).value == "header:X-A=~(?<=a)b")
        #expect(form.errors[.methods] != nil && form.errors[.conditions] != nil && form.result == nil)
        for field in [FormFieldID.methods, .conditions] {
            for _ in 0..<FormFieldID.allCases.count where e.form?.focus != field { e.press(.nextField) }
            #expect(e.form?.focus == field)
            e.press(.ctrl("a"), .ctrl("k")).type(field == .methods ? "GET POST" : "header:X-A=b")
        }
        #expect(e.form?.result != nil, "\(String(describing: e.form?.errors))")
        e.press(.applyForm, in: .form)
        #expect(!e.state.rules[0].isInvalid)
        e.press(.save)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("    methods: [GET, POST]\n") && saved.contains("header: {X-A: b}"), "\(saved)")
        #expect(try RuleFileDocument.load(path: path).ruleSet.rules.map(\.isInvalid) == [false])
    }
}

extension InvalidRuleEditorTests {
    @Test("a code that is no redirect (305) shows as typed in the table, the detail pane and the form, until another is picked")
    func codeShownAsTyped() throws {
        let path = TUITestSupport.tempDir() + "/rules.yaml"
        try "rules:\n  - id: proxy\n    source: /a\n    target: /b\n    code: 305\n".write(toFile: path, atomically: true, encoding: .utf8)
        let e = try TestEditor(path: path, size: Size(width: 100, height: 30))
        let row = e.screenText.split(separator: "\n").first { $0.contains("proxy") }.map(String.init) ?? ""
        #expect(row.contains("305") && !row.contains("302"), "\(row)")
        #expect(e.screenText.contains("305 — not a redirect code"))
        e.press(.editRule)
        #expect(e.form?.input(.code).value == "305")
        #expect(e.form?.errors[.code] != nil && e.form?.result == nil)
        for _ in 0..<FormFieldID.allCases.count where e.form?.focus != .code { e.press(.nextField) }
        e.press(.nextChoice, in: .form)
        #expect(e.form?.input(.code).value == FormState.codeOptions[0])
        #expect(e.form?.errors[.code] == nil && e.form?.result != nil, "\(String(describing: e.form?.errors))")
        e.press(.applyForm, in: .form).press(.save)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("code: \(StatusCode.allCases[0].rawValue)\n"))
    }
}
