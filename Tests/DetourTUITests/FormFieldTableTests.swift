import Testing

@testable import DetourCore
@testable import DetourTUI

/// The rule form is built from the rule field table: its rows, labels and placeholders, and the
/// text of every field, which reads back to the rule it shows.
@Suite("Form from the rule field table")
struct FormFieldTableTests {
    static func fullRule() throws -> Rule {
        var r = Rule(
            id: "orders-v2", source: try Source.parse("/api/*"),
            target: try Target.parse("https://api.example.com/*", captureCount: 0, sourceIsPrefix: true), code: .temporaryRedirect)
        r.enabled = false
        r.host = HostPattern(text: "*.example.com")
        r.methods = ["POST", "PUT"]
        r.conditions = [Condition(kind: .header, name: "X-Env", value: .exact("beta")), Condition(kind: .cookie, name: "uid", value: .present)]
        r.query = .drop
        r.cache = .noStore
        r.rollout = Rollout(basisPoints: 1250, key: .cookie("uid"), salt: "s1")
        r.starts = Timestamp(rfc3339: "2026-01-01T00:00:00Z")
        r.expires = Timestamp(rfc3339: "2026-12-31T00:00:00Z")
        r.note = "phased migration"
        r.tags = ["api", "needs review"]
        r.owner = "team-orders"
        r.examples = [RuleExample(method: "POST", url: "/api/orders", expect: .origin)]
        return r
    }

    @Test("the form's fields are the table's form columns, with their labels and placeholders")
    func fieldsComeFromTheTable() throws {
        #expect(FormFieldID.allCases.map(\.name) == RuleFieldTable.columns.filter(\.inForm).map(\.name))
        let plain = Rule(
            id: "a", source: try Source.parse("/a"), target: try Target.parse("/b", captureCount: 0, sourceIsPrefix: false), code: .found)
        let form = FormState(purpose: .edit(index: 0), rule: plain, idIsTaken: { _ in false })
        var buffer = CellBuffer(size: Size(width: 100, height: 24))
        RuleFormView(form: form, theme: .fallback).render(in: Rect(x: 0, y: 0, width: 100, height: 24), into: &buffer)
        let lines = buffer.textLines
        for field in FormFieldID.allCases {
            let column = try #require(RuleFieldTable.column(field.name))
            let y = try #require(FormLayout(area: Rect(x: 0, y: 0, width: 100, height: 24)).y(of: field))
            #expect(lines[y].contains(column.label), "\(field.name)")
            if !column.placeholder.isEmpty, case .text(let t) = form.input(field), t.text.isEmpty, field != form.focus {
                #expect(lines[y].contains(column.placeholder.prefix(20)), "\(field.name) placeholder")
            }
        }
    }

    @Test("every field's text reads back: an untouched form gives the rule it started from")
    func untouchedFormRoundTrips() throws {
        let rule = try Self.fullRule()
        let form = FormState(purpose: .edit(index: 0), rule: rule, idIsTaken: { _ in false })
        #expect(form.errors.isEmpty, "\(form.errors)")
        #expect(form.result == rule)
        #expect(!form.isModified)
        for field in FormFieldID.allCases {
            if case .text(let t) = form.input(field) { #expect(t.text == field.column.text(rule), "\(field.name)") }
        }
        #expect(form.input(.conditions).value == "header:X-Env=beta; cookie:uid=*")
        #expect(form.input(.tags).value == "api, needs review")
    }

    @Test("the form reads conditions in the one syntax and the older CSV one")
    func conditionSyntaxes() throws {
        let rule = try Self.fullRule()
        var form = FormState(purpose: .edit(index: 0), rule: rule, idIsTaken: { _ in false })
        form.focus = .conditions
        _ = form.apply(.killToStart, now: Timestamp(rfc3339: "2026-01-01T00:00:00Z")!)
        _ = form.apply(.killToEnd, now: Timestamp(rfc3339: "2026-01-01T00:00:00Z")!)
        form.type("header.X-Env=beta;cookie.uid=*")
        #expect(form.result == rule)
    }
}
