/// Rule text every exporter writes the same way, checked once for all of them: the id goes into a
/// comment above the rule (`# rule ID (line N)`), where a line break would start a directive, and
/// an exact query value with a raw `#` can never be sent (clients end the URL there; HAProxy
/// answers 400 to a request target holding one), so the server and `simulate` would disagree.
enum ExportTextCheck {
    static func refusal(of rule: Rule, line: Int) -> ExportError? {
        if let control = URLText.firstControl(in: rule.id) {
            return .unsafeCharacter(
                rule: rule.id, line: line, field: "id", character: control, reason: "the id is written into a comment of the configuration")
        }
        for c in rule.allConditions where c.kind == .query {
            if case .exact(let v) = c.value, v.containsByte(0x23) {
                return .unsafeCharacter(
                    rule: rule.id, line: line, field: "when query \(c.name)", character: "'#'",
                    reason: "no client sends a raw '#' in a query (the URL ends there); write it as %23")
            }
        }
        return nil
    }
}
