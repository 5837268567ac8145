/// The condition of `if ($var)`, `if ($var = VALUE)`, `if ($var != VALUE)` or `if ($var ~ REGEX)`
/// as written, for a variable the configuration defines (`map`, `set`, `geo`, `split_clients`).
struct NginxVariableTest {
    let variable: String
    /// nil: true when the value is neither empty nor `0`.
    let op: String?
    let operand: String

    static func parse(_ d: NginxDirective) -> NginxVariableTest? {
        var text = d.args.joined(separator: " ").trimmedOfBlanks
        guard text.hasPrefix("("), text.hasSuffix(")") else { return nil }
        text = String(text.dropFirst().dropLast()).trimmedOfBlanks
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first, first.hasPrefix("$") else { return nil }
        var name = String(first.dropFirst())
        if name.hasPrefix("{"), name.hasSuffix("}") { name = String(name.dropFirst().dropLast()) }
        guard !name.isEmpty else { return nil }
        if parts.count == 1 { return NginxVariableTest(variable: name, op: nil, operand: "") }
        guard parts.count == 3, ["=", "!=", "~", "~*", "!~", "!~*"].contains(parts[1]) else { return nil }
        return NginxVariableTest(variable: name, op: parts[1], operand: parts[2])
    }

    /// Whether the condition holds when the variable has `value`; nil when the operand cannot be
    /// worked out.
    func holds(_ value: String, _ variables: NginxVariables, _ bindings: NginxVariables.Bindings, sets: [String: String]) -> Bool? {
        switch op {
        case nil: return !value.isEmpty && value != "0"
        case "=", "!=":
            guard let other = variables.expand(operand, bindings, sets: sets) else { return nil }
            return (value == other) == (op == "=")
        default:
            guard let re = variables.pcre(operand, caseless: op!.hasSuffix("*")) else { return nil }
            return re.matches(value) == !op!.hasPrefix("!")
        }
    }
}
