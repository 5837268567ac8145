/// One `when` condition (DESIGN §2.2): a header, cookie or query parameter that must be present,
/// equal a value, or match a portable regex.
public struct Condition: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case header, cookie, query
    }
    public let kind: Kind
    /// Header names compare case-insensitively; cookie and query names exactly.
    public let name: String
    public let value: ConditionValue

    public init(kind: Kind, name: String, value: ConditionValue) {
        self.kind = kind
        self.name = name
        self.value = value
    }
}

/// The value side of a condition.
public enum ConditionValue: Sendable, Hashable, CustomStringConvertible {
    case exact(String)
    case regex(PortableRegex)
    /// `*`: present with any value.
    case present

    /// Parses the file spelling: `*`, `~regex`, or an exact value.
    public static func parse(_ text: String) throws -> ConditionValue {
        if text == "*" { return .present }
        if text.hasPrefix("~") { return .regex(try PortableRegex(String(text.dropFirst()))) }
        return .exact(text)
    }

    public var description: String {
        switch self {
        case .exact(let v): return v
        case .regex(let r): return "~" + r.pattern
        case .present: return "*"
        }
    }
}
