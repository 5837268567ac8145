/// Where each key and value of a TOML text is, by its path (`["roles", "title", "fg"]`, array items
/// as `"#0"`, `"#1"` …). It follows TOML's shape only far enough to find them in text TOMLKit has
/// already accepted; a path it cannot find answers the nearest enclosing position.
struct TOMLPositions {
    private var keys: [[String]: SourcePosition] = [:]
    private var values: [[String]: SourcePosition] = [:]
    private let chars: [Character]
    private var i = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) {
        // A CRLF is one Character; as "\n" it ends a line like LF (the \r is past the last column).
        chars = text.map { $0 == "\r\n" ? "\n" : $0 }
        var table: [String] = []
        while true {
            skipBlank(newlines: true)
            guard i < chars.count else { break }
            if chars[i] == "[" {
                let p = position
                i += 1
                if i < chars.count, chars[i] == "[" { i += 1 }
                skipBlank(newlines: false)
                table = [readKey()]
                keys[table] = p
                values[table] = p
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            entry(in: table)
        }
    }

    /// The position of a key (a table's header for a table).
    func key(_ path: [String]) -> SourcePosition {
        if let p = keys[path] { return p }
        return path.count > 1 ? key(Array(path.dropLast())) : SourcePosition(line: 1, column: 1)
    }

    /// The position of a value's first character.
    func value(_ path: [String]) -> SourcePosition {
        if let p = values[path] { return p }
        return path.count > 1 ? value(Array(path.dropLast())) : SourcePosition(line: 1, column: 1)
    }

    private var position: SourcePosition { SourcePosition(line: line, column: i - lineStart + 1) }

    /// `key = value` at the cursor, inside the table or inline table at `path`.
    private mutating func entry(in path: [String]) {
        let p = position
        let k = readKey()
        let full = path + [k]
        keys[full] = p
        skipBlank(newlines: false)
        guard i < chars.count, chars[i] == "=" else {
            skipLine()
            return
        }
        i += 1
        skipBlank(newlines: false)
        value(at: full)
    }

    private mutating func value(at path: [String]) {
        values[path] = position
        guard i < chars.count else { return }
        switch chars[i] {
        case "\"", "'":
            skipString()
        case "[":
            i += 1
            var n = 0
            while true {
                skipBlank(newlines: true)
                guard i < chars.count else { return }
                if chars[i] == "]" {
                    i += 1
                    return
                }
                if chars[i] == "," {
                    i += 1
                    continue
                }
                value(at: path + ["#\(n)"])
                n += 1
            }
        case "{":
            i += 1
            while true {
                skipBlank(newlines: false)
                guard i < chars.count, chars[i] != "\n" else { return }
                if chars[i] == "}" {
                    i += 1
                    return
                }
                if chars[i] == "," {
                    i += 1
                    continue
                }
                entry(in: path)
            }
        default:
            // A number, boolean or date: up to the next delimiter.
            while i < chars.count, !" \t\r\n,]}#".contains(chars[i]) { i += 1 }
        }
    }

    /// A bare, quoted or dotted key; its parts joined by dots.
    private mutating func readKey() -> String {
        var parts: [String] = []
        while i < chars.count {
            skipBlank(newlines: false)
            guard i < chars.count else { break }
            if chars[i] == "\"" || chars[i] == "'" {
                parts.append(readString())
            } else {
                let start = i
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "-" || chars[i] == "_" { i += 1 }
                guard i > start else { break }
                parts.append(String(chars[start..<i]))
            }
            skipBlank(newlines: false)
            guard i < chars.count, chars[i] == "." else { break }
            i += 1
        }
        return parts.joined(separator: ".")
    }

    /// A basic or literal string's text (escapes in basic strings undone for `\"` and `\\`).
    private mutating func readString() -> String {
        let quote = chars[i]
        i += 1
        var s = ""
        while i < chars.count, chars[i] != quote, chars[i] != "\n" {
            if quote == "\"", chars[i] == "\\", i + 1 < chars.count { i += 1 }
            s.append(chars[i])
            i += 1
        }
        if i < chars.count, chars[i] == quote { i += 1 }
        return s
    }

    private mutating func skipString() {
        let quote = chars[i]
        let triple = i + 2 < chars.count && chars[i + 1] == quote && chars[i + 2] == quote
        guard triple else {
            _ = readString()
            return
        }
        i += 3
        while i < chars.count {
            if chars[i] == quote, i + 2 < chars.count, chars[i + 1] == quote, chars[i + 2] == quote {
                i += 3
                return
            }
            if chars[i] == "\\", quote == "\"" { i += 1 }
            if i < chars.count, chars[i] == "\n" { newline() } else { i += 1 }
        }
    }

    private mutating func skipBlank(newlines: Bool) {
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\r" {
                i += 1
            } else if c == "\n" && newlines {
                newline()
            } else if c == "#" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
            } else {
                break
            }
        }
    }

    private mutating func skipLine() {
        while i < chars.count, chars[i] != "\n" { i += 1 }
    }

    private mutating func newline() {
        i += 1
        line += 1
        lineStart = i
    }
}
