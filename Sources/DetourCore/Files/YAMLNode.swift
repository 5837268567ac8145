/// A node of a parsed YAML document with the byte span it came from, so that errors can point at
/// it and saves can splice new text into exactly its place.
public struct YAMLNode: Sendable {
    public enum Value: Sendable {
        case scalar(String, ScalarStyle)
        case mapping([YAMLEntry])
        case sequence([YAMLNode])
    }
    public enum ScalarStyle: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: Value
    /// Byte offset of the node's first character.
    public var start: Int
    /// Byte offset just past the node's last character (comments excluded).
    public var end: Int
    /// Written in flow style (`[a, b]`, `{a: 1}`) rather than block style.
    public var isFlow: Bool
    /// For a block sequence, the byte offset of each item's `-`.
    public var dashes: [Int] = []

    /// The scalar text, when this is a scalar.
    public var scalar: String? {
        if case .scalar(let s, _) = value { return s }
        return nil
    }

    /// A plain scalar YAML reads as null (`~`, `null`, empty).
    public var isNull: Bool {
        if case .scalar(let s, .plain) = value { return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL" }
        return false
    }

    /// What a message calls this node: "a mapping", "a list", "a string".
    public var kindName: String {
        switch value {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar: return isNull ? "nothing (null)" : "a scalar"
        }
    }
}

/// One `key: value` pair of a mapping, with where the entry starts (the key) and ends (the value).
public struct YAMLEntry: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
    /// The key text.
    public var name: String { key.scalar ?? "" }
}

/// A YAML syntax error at a byte offset.
public struct YAMLSyntaxError: Error, Sendable {
    public let message: String
    public let offset: Int
}

/// Maps byte offsets to 1-based line and column (columns count characters, as editors do).
public struct LineIndex: Sendable {
    public let bytes: [UInt8]
    /// Offset of the first byte of each line.
    public let lineStarts: [Int]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        for (i, b) in bytes.enumerated() where b == 0x0a { starts.append(i + 1) }
        lineStarts = starts
    }

    /// 1-based line of an offset.
    public func line(of offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// 1-based (line, column) of an offset.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        let l = line(of: offset)
        var col = 1
        var i = lineStarts[l - 1]
        let end = min(offset, bytes.count)
        while i < end {
            // Count UTF-8 lead bytes only, so a multi-byte character is one column.
            if bytes[i] & 0xC0 != 0x80 { col += 1 }
            i += 1
        }
        return (l, col)
    }

    /// Offset of the start of the line holding `offset`.
    public func lineStart(of offset: Int) -> Int { lineStarts[line(of: offset) - 1] }

    /// Offset just past the newline ending the line holding `offset` (or the end of the text).
    public func lineEnd(of offset: Int) -> Int {
        let l = line(of: offset)
        return l < lineStarts.count ? lineStarts[l] : bytes.count
    }
}
