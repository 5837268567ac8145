import DetourCore
import Testing

@testable import DetourTUI

/// The rule form's `scheme` field (issue 18 item 1): it shows the field as written, reads `http`
/// or `https`, and refuses a value that contradicts a source written as a URL.
@Suite("The scheme in the rule form")
struct SchemeFormTests {
    static let now = Timestamp(rfc3339: "2026-01-01T00:00:00Z")!

    static func form(source: String) throws -> FormState {
        let rule = Rule(
            id: "to-https", source: try Source.parse(source),
            target: try Target.parse("https://example.com/*", captureCount: 1, sourceIsPrefix: true),
            code: .movedPermanently)
        return FormState(purpose: .edit(index: 0), rule: rule, idIsTaken: { _ in false })
    }

    static func replace(_ field: FormFieldID, with text: String, in form: inout FormState) {
        form.focus = field
        _ = form.apply(.killToStart, now: now)
        _ = form.apply(.killToEnd, now: now)
        form.type(text)
    }

    @Test("a scheme typed into the form applies to the rule")
    func typedScheme() throws {
        var form = try Self.form(source: "/*")
        #expect(FormFieldID.allCases.map(\.name).prefix(5) == ["id", "enabled", "host", "scheme", "source"])
        Self.replace(FormFieldID("scheme"), with: "HTTP", in: &form)
        #expect(form.result?.scheme == "http")
        Self.replace(FormFieldID("scheme"), with: "ftp", in: &form)
        #expect(form.result == nil)
        #expect(form.errors[FormFieldID("scheme")] == "http or https")
    }

    @Test("a source URL gives the scheme and host, and a contradicting field is refused")
    func sourceURL() throws {
        var form = try Self.form(source: "/*")
        Self.replace(.source, with: "http://example.com/*", in: &form)
        #expect(form.result?.scheme == "http")
        #expect(form.result?.host == .exact("example.com"))
        Self.replace(FormFieldID("scheme"), with: "https", in: &form)
        #expect(form.result == nil)
        // The form reads the fields in the table's order: the source is where the two meet.
        #expect(form.errors[.source] == "the URL's scheme contradicts the scheme field")
        Self.replace(FormFieldID("scheme"), with: "", in: &form)
        Self.replace(.source, with: "/*", in: &form)
        #expect(form.result?.scheme == nil && form.result?.host == nil, "the scheme and host went with the URL")
    }
}
