/// A JSON reader that keeps where every value starts and names the line and column of the first
/// syntax error (`vercel.json:4:17: expected ',' or '}' after an object entry`), which
/// Foundation's reader does not.
struct PositionedJSON {
    private let b: [UInt8]
    private let file: String
    private var i = 0
    private let lines: LineIndex

    init(_ bytes: [UInt8], file: String) {
        b = bytes
        self.file = file
        lines = LineIndex(bytes)
    }

    /// Parses one JSON document; throws `ImportError` at the first syntax error.
    static func parse(_ bytes: [UInt8], file: String) throws -> ConfigNode {
        var p = PositionedJSON(bytes, file: file)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw p.fail("unexpected \(p.describe()) after the JSON document") }
        return v
    }

    private func fail(_ message: String, at offset: Int? = nil) -> ImportError {
        let pos = lines.position(of: min(offset ?? i, b.count))
        return ImportError(file: file, line: pos.line, column: pos.column, message: message)
    }

    private func describe() -> String {
        guard i < b.count else { return "end of file" }
        let c = b[i]
        if c == 0x0a { return "end of line" }
        if c >= 0x20 && c < 0x7f { return "'\(Character(UnicodeScalar(c)))'" }
        return "byte 0x" + String(c, radix: 16)
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0a || b[i] == 0x0d || b[i] == 0x09 { i += 1 }
    }

    private mutating func value(depth: Int) throws -> ConfigNode {
        guard depth < 200 else { throw fail("JSON nested more than 200 deep") }
        let start = lines.position(of: i)
        func node(_ v: ConfigNode.Value) -> ConfigNode { ConfigNode(v, line: start.line, column: start.column) }
        guard i < b.count else { throw fail("unexpected end of file, expected a value") }
        switch b[i] {
        case UInt8(ascii: "{"): return node(try object(depth: depth))
        case UInt8(ascii: "["): return node(try array(depth: depth))
        case UInt8(ascii: "\""): return node(.string(try string()))
        case UInt8(ascii: "t"): return node(try word("true", .bool(true)))
        case UInt8(ascii: "f"): return node(try word("false", .bool(false)))
        case UInt8(ascii: "n"): return node(try word("null", .null))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return node(.number(try number()))
        default: throw fail("expected a value, found \(describe())")
        }
    }

    private mutating func word(_ w: String, _ v: ConfigNode.Value) throws -> ConfigNode.Value {
        let bytes = Array(w.utf8)
        guard i + bytes.count <= b.count, Array(b[i..<(i + bytes.count)]) == bytes else { throw fail("expected a value, found \(describe())") }
        i += bytes.count
        return v
    }

    private mutating func number() throws -> String {
        let start = i
        if b[i] == UInt8(ascii: "-") { i += 1 }
        while i < b.count,
            (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")
                || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")
        {
            i += 1
        }
        let text = String(decoding: b[start..<i], as: UTF8.self)
        guard Double(text) != nil else { throw fail("'\(text)' is not a number", at: start) }
        return text
    }

    private mutating func object(depth: Int) throws -> ConfigNode.Value {
        i += 1
        var entries: [(key: String, value: ConfigNode)] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") {
            i += 1
            return .object(entries)
        }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key, found \(describe())") }
            let key = try string()
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key)\", found \(describe())") }
            i += 1
            skipSpace()
            entries.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard i < b.count else { throw fail("unexpected end of file, expected ',' or '}'") }
            if b[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "}") { throw fail("trailing ',' before '}' (JSON allows none)") }
                continue
            }
            guard b[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}' after an object entry, found \(describe())") }
            i += 1
            return .object(entries)
        }
    }

    private mutating func array(depth: Int) throws -> ConfigNode.Value {
        i += 1
        var items: [ConfigNode] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard i < b.count else { throw fail("unexpected end of file, expected ',' or ']'") }
            if b[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "]") { throw fail("trailing ',' before ']' (JSON allows none)") }
                continue
            }
            guard b[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']' after a list item, found \(describe())") }
            i += 1
            return .array(items)
        }
    }

    private mutating func string() throws -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == 0x0a || c < 0x20 { throw fail("unclosed string (a line break or control character inside quotes)", at: i) }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < b.count else { break }
                switch b[i] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(b[i])
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "u"): out += try unicodeEscape()
                default: throw fail("unknown escape '\\\(Character(UnicodeScalar(b[i])))' in a string", at: i - 1)
                }
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        throw fail("unclosed string", at: open)
    }

    /// `\uXXXX` (with a following low surrogate when it is a high one); leaves `i` on the last digit.
    private mutating func unicodeEscape() throws -> [UInt8] {
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= b.count else { return nil }
            return UInt32(String(decoding: b[at..<(at + 4)], as: UTF8.self), radix: 16)
        }
        guard var v = hex4(i + 1) else { throw fail("'\\u' needs four hex digits", at: i - 1) }
        i += 4
        if v >= 0xD800 && v < 0xDC00, i + 6 < b.count, b[i + 1] == UInt8(ascii: "\\"), b[i + 2] == UInt8(ascii: "u"), let low = hex4(i + 3),
            low >= 0xDC00 && low < 0xE000
        {
            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
            i += 6
        }
        guard let scalar = UnicodeScalar(v) else { throw fail("'\\u' escape is not a character", at: i - 5) }
        return Array(String(Character(scalar)).utf8)
    }
}
