extension ConfigNode {
    /// The value written as JSON (which YAML readers also accept): how a proof hands a server the
    /// user's own configuration values unchanged. A YAML plain scalar that reads as a number or
    /// boolean is written as one.
    var json: String {
        switch value {
        case .string(let s): return JSON.string(s)
        case .scalar(let s):
            if Int(s) != nil || s == "true" || s == "false" { return s }
            return JSON.string(s)
        case .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.json).joined(separator: ", ") + "]"
        case .object(let entries): return "{" + entries.map { JSON.string($0.key) + ": " + $0.value.json }.joined(separator: ", ") + "}"
        }
    }
}
