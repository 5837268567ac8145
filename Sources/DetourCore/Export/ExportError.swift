/// Why an export was refused: a rule whose text cannot be written safely for the target, or a
/// feature the target cannot enforce (DT080). Every case names the rule.
public enum ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A character in a rule field that the server's syntax cannot carry safely.
    case unsafeCharacter(rule: String, line: Int, field: String, character: String, reason: String)
    /// DT080: the server cannot express a feature the rule uses.
    case unsupportedFeature(rule: String, line: Int, feature: ExportFeature, why: String)
    /// Options that do not fit together (e.g. a bad `--listen`).
    case invalidOption(String)

    public var description: String {
        switch self {
        case .unsafeCharacter(let rule, let line, let field, let character, let reason):
            return "\(line > 0 ? "line \(line): " : "")rule \(rule): \(field) contains \(character), which cannot be exported safely: \(reason)"
        case .unsupportedFeature(let rule, let line, let feature, let why):
            return "\(line > 0 ? "line \(line): " : "")DT080 rule \(rule): the target cannot express \(feature): \(why)"
        case .invalidOption(let s):
            return s
        }
    }

    /// The rule the error is about, nil for option errors.
    public var ruleID: String? {
        switch self {
        case .unsafeCharacter(let r, _, _, _, _), .unsupportedFeature(let r, _, _, _): return r
        case .invalidOption: return nil
        }
    }
}

/// A rule left out of a lenient export, with the reason.
public struct ExportOmission: Sendable, Hashable, CustomStringConvertible {
    public let ruleID: String
    public let line: Int
    public let reason: String
    /// The refusal itself, for tallies by reason (`export --to all`); nil when not an `ExportError`.
    public var error: ExportError? = nil
    /// The reason names the rule and its line already.
    public var description: String { "left out: " + reason }
}

/// The refusal of a strict export: every problem found, in rule order.
public struct ExportRefusal: Error, Sendable, CustomStringConvertible {
    public let errors: [ExportError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
