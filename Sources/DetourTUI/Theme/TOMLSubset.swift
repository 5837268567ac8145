/// A position in a text file, 1-based.
public struct SourcePosition: Sendable, Hashable {
    public let line: Int
    public let column: Int
}

/// A value of the TOML subset theme files use, with where it was written.
indirect enum TOMLValue: Sendable {
    case string(String, SourcePosition)
    case integer(Int, SourcePosition)
    case array([TOMLValue], SourcePosition)
    case table([(key: String, value: TOMLValue, position: SourcePosition)], SourcePosition)

    var position: SourcePosition {
        switch self {
        case .string(_, let p), .integer(_, let p), .array(_, let p), .table(_, let p): return p
        }
    }
}

/// A syntax or meaning error in a theme file, printed as `file:line:column: message`.
public struct ThemeFileError: Error, Sendable, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads the flat TOML subset of theme files (comments, `key = value`, `[table]` headers, strings,
/// integers, arrays and inline tables). Written by hand so every value keeps its line and column.
struct TOMLSubsetParser {
    private let chars: [Character]
    private let file: String
    private var i = 0
    private var line = 1
    private var lineStart = 0
    /// Every `[table]` header with its position, empty tables included.
    private(set) var tables: [(name: String, position: SourcePosition)] = []

    init(_ text: String, file: String) {
        self.chars = Array(text)
        self.file = file
    }

    /// The document as tables: "" holds the top-level keys.
    mutating func parse() throws -> [(table: String, key: String, value: TOMLValue, position: SourcePosition)] {
        var out: [(table: String, key: String, value: TOMLValue, position: SourcePosition)] = []
        var table = ""
        var seen = Set<String>()
        while true {
            skipBlankAndComments()
            guard i < chars.count else { break }
            if chars[i] == "[" {
                let p = position
                i += 1
                skipSpaces()
                table = try key()
                skipSpaces()
                try expect("]")
                if seen.contains("[" + table) { throw error("table [\(table)] is defined twice", at: p) }
                seen.insert("[" + table)
                tables.append((table, p))
                try endOfLine()
                continue
            }
            let p = position
            let k = try key()
            skipSpaces()
            try expect("=")
            skipSpaces()
            let v = try value()
            let full = table + "." + k
            if seen.contains(full) { throw error("key '\(k)' is defined twice", at: p) }
            seen.insert(full)
            out.append((table, k, v, p))
            try endOfLine()
        }
        return out
    }

    private var position: SourcePosition { SourcePosition(line: line, column: i - lineStart + 1) }

    private func error(_ message: String, at p: SourcePosition? = nil) -> ThemeFileError {
        let p = p ?? position
        return ThemeFileError(file: file, line: p.line, column: p.column, message: message)
    }

    private mutating func skipSpaces() {
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
    }

    private mutating func skipBlankAndComments() {
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\r" { i += 1 }
            else if c == "\n" { newline() }
            else if c == "#" { while i < chars.count, chars[i] != "\n" { i += 1 } }
            else { break }
        }
    }

    private mutating func newline() {
        i += 1
        line += 1
        lineStart = i
    }

    private mutating func endOfLine() throws {
        skipSpaces()
        if i < chars.count, chars[i] == "#" { while i < chars.count, chars[i] != "\n" { i += 1 } }
        if i < chars.count, chars[i] == "\r" { i += 1 }
        guard i >= chars.count || chars[i] == "\n" else {
            throw error("expected the end of the line, found '\(chars[i])'")
        }
    }

    private mutating func expect(_ c: Character) throws {
        guard i < chars.count, chars[i] == c else {
            throw error("expected '\(c)', found " + (i < chars.count ? "'\(chars[i])'" : "the end of the file"))
        }
        i += 1
    }

    private mutating func key() throws -> String {
        guard i < chars.count else { throw error("expected a key, found the end of the file") }
        if chars[i] == "\"" {
            guard case .string(let s, _) = try string() else { fatalError("string() returns .string") }
            return s
        }
        let start = i
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || "-_.".contains(chars[i]) { i += 1 }
        guard i > start else { throw error("expected a key, found '\(chars[i])'") }
        return String(chars[start..<i])
    }

    private mutating func string() throws -> TOMLValue {
        let p = position
        try expect("\"")
        var s = ""
        while true {
            guard i < chars.count, chars[i] != "\n" else { throw error("unterminated string", at: p) }
            let c = chars[i]
            i += 1
            if c == "\"" { break }
            if c == "\\" {
                guard i < chars.count else { throw error("unterminated string", at: p) }
                let e = chars[i]
                i += 1
                switch e {
                case "\"": s.append("\"")
                case "\\": s.append("\\")
                case "n": s.append("\n")
                case "t": s.append("\t")
                default: throw error("unknown escape '\\\(e)'", at: SourcePosition(line: line, column: i - lineStart - 1))
                }
            } else {
                s.append(c)
            }
        }
        return .string(s, p)
    }

    private mutating func value() throws -> TOMLValue {
        let p = position
        guard i < chars.count else { throw error("expected a value, found the end of the file") }
        switch chars[i] {
        case "\"":
            return try string()
        case "[":
            i += 1
            var items: [TOMLValue] = []
            while true {
                skipBlankAndComments()
                if i < chars.count, chars[i] == "]" { i += 1; break }
                items.append(try value())
                skipBlankAndComments()
                if i < chars.count, chars[i] == "," { i += 1; continue }
                try expect("]")
                break
            }
            return .array(items, p)
        case "{":
            i += 1
            var entries: [(key: String, value: TOMLValue, position: SourcePosition)] = []
            skipSpaces()
            if i < chars.count, chars[i] == "}" { i += 1; return .table(entries, p) }
            while true {
                skipSpaces()
                let kp = position
                let k = try key()
                if entries.contains(where: { $0.key == k }) { throw error("key '\(k)' is defined twice", at: kp) }
                skipSpaces()
                try expect("=")
                skipSpaces()
                entries.append((k, try value(), kp))
                skipSpaces()
                if i < chars.count, chars[i] == "," { i += 1; continue }
                try expect("}")
                break
            }
            return .table(entries, p)
        case "-", "0"..."9":
            let start = i
            if chars[i] == "-" { i += 1 }
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            guard let n = Int(String(chars[start..<i])) else { throw error("expected a number", at: p) }
            return .integer(n, p)
        default:
            throw error("expected a value (a \"string\", a number, [array] or {table}), found '\(chars[i])'")
        }
    }
}
