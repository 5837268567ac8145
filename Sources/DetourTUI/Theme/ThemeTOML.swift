import TOMLKit

/// A position in a text file, 1-based.
public struct SourcePosition: Sendable, Hashable {
    public let line: Int
    public let column: Int
}

/// A value of a theme file with where it was written.
indirect enum TOMLValue: Sendable {
    case string(String, SourcePosition)
    case integer(Int, SourcePosition)
    case array([TOMLValue], SourcePosition)
    case table([(key: String, value: TOMLValue, position: SourcePosition)], SourcePosition)
    /// A TOML value themes have no use for (a float, a boolean, a date), named by its type.
    case other(String, SourcePosition)

    var position: SourcePosition {
        switch self {
        case .string(_, let p), .integer(_, let p), .array(_, let p), .table(_, let p), .other(_, let p): return p
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

/// A theme file read with TOMLKit: its `[table]` headers and its `key = value` entries in file
/// order, every one with its line and column. TOMLKit reports where a syntax error is but not where
/// a value is, so `TOMLPositions` finds each key and value in the text for the errors of meaning
/// (an unknown role or colour) that `ThemeFile` reports.
struct ThemeTOMLDocument {
    /// Every `[table]` header with its position, empty tables included.
    private(set) var tables: [(name: String, position: SourcePosition)] = []
    /// The entries as tables: "" holds the top-level keys.
    private(set) var entries: [(table: String, key: String, value: TOMLValue, position: SourcePosition)] = []

    init(_ text: String, file: String) throws {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ThemeFileError(file: file, line: e.source.begin.line, column: e.source.begin.column, message: Self.message(e.description))
        }
        let positions = TOMLPositions(text)
        for key in root.keys {
            guard let value = root[key] else { continue }
            if let table = value.table, !table.inline {
                tables.append((key, positions.key([key])))
                for sub in table.keys {
                    guard let v = table[sub] else { continue }
                    entries.append((key, sub, Self.located(v, path: [key, sub], positions), positions.key([key, sub])))
                }
            } else {
                entries.append(("", key, Self.located(value, path: [key], positions), positions.key([key])))
            }
        }
        // TOMLKit's tables are ordered by key; errors should come in the order of the file.
        func before(_ a: SourcePosition, _ b: SourcePosition) -> Bool { (a.line, a.column) < (b.line, b.column) }
        tables.sort { before($0.position, $1.position) }
        entries.sort { before($0.position, $1.position) }
    }

    /// toml++'s "Error while parsing table header: expected ']', saw '\\n'" in Detour's words:
    /// "expected ']', found '\\n'" (the position already says where).
    static func message(_ description: String) -> String {
        var text = Substring(description)
        if text.hasPrefix("Error while parsing "), let colon = text.firstRange(of: ": ") { text = text[colon.upperBound...] }
        return String(text.replacing(", saw ", with: ", found "))
    }

    private static func located(_ v: TOMLValueConvertible, path: [String], _ positions: TOMLPositions) -> TOMLValue {
        let p = positions.value(path)
        if let s = v.string { return .string(s, p) }
        if let n = v.int { return .integer(n, p) }
        if let a = v.array {
            return .array(a.enumerated().map { located($1, path: path + ["#\($0)"], positions) }, p)
        }
        if let t = v.table {
            return .table(t.keys.compactMap { k in t[k].map { (k, located($0, path: path + [k], positions), positions.key(path + [k])) } }, p)
        }
        return .other("\(v.type)", p)
    }
}
