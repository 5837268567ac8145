/// A value of a JSON, YAML or TOML configuration with the line and column it starts on, so that
/// the importers of those formats read one tree and can say where each entry is.
struct ConfigNode: Sendable {
    indirect enum Value: Sendable {
        case string(String)
        /// A YAML plain scalar: a string, a number or a boolean depending on who reads it.
        case scalar(String)
        case number(String)
        case bool(Bool)
        case null
        case array([ConfigNode])
        case object([(key: String, value: ConfigNode)])
    }

    var value: Value
    /// 1-based; 0 when the reader could not tell.
    var line: Int
    var column: Int

    init(_ value: Value, line: Int, column: Int = 1) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// The text of a string, scalar or number.
    var string: String? {
        switch value {
        case .string(let s), .scalar(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    var bool: Bool? {
        switch value {
        case .bool(let b): return b
        case .scalar(let s), .string(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    var int: Int? {
        switch value {
        case .number(let s), .scalar(let s), .string(let s): return Int(s)
        default: return nil
        }
    }

    var array: [ConfigNode]? {
        if case .array(let a) = value { return a }
        return nil
    }

    var entries: [(key: String, value: ConfigNode)]? {
        if case .object(let e) = value { return e }
        return nil
    }

    var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The value of `key`, compared exactly.
    subscript(key: String) -> ConfigNode? { entries?.first { $0.key == key }?.value }

    /// The value of `key` compared without case (Traefik reads its dynamic configuration so).
    func caseless(_ key: String) -> ConfigNode? {
        let k = key.lowercased()
        return entries?.first { $0.key.lowercased() == k }?.value
    }

    /// What a message calls this value.
    var kindName: String {
        switch value {
        case .string, .scalar: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
