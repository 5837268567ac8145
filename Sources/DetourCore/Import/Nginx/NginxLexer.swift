/// The tokens of nginx syntax with their positions (1-based line and column).
struct NginxLexer {
    enum Kind {
        case word(NginxDirective.Argument)
        case semicolon, open, close, end
        case comment(String)
        /// An empty line, which separates a comment from the directive below it.
        case blankLine
    }

    struct Token {
        let kind: Kind
        let line: Int
        let column: Int
    }

    let bytes: [UInt8]
    let file: String
    var i = 0
    var line = 1
    var lineStart = 0
    /// Newlines seen since the last token, to notice blank lines.
    var newlines = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    var column: Int { i - lineStart + 1 }

    mutating func advance() {
        if bytes[i] == 0x0a {
            line += 1
            lineStart = i + 1
            newlines += 1
        }
        i += 1
    }

    mutating func next() throws -> Token {
        while i < bytes.count, [0x20, 0x09, 0x0d, 0x0a].contains(bytes[i]) {
            advance()
            if newlines >= 2 {
                newlines = 0
                return Token(kind: .blankLine, line: line, column: column)
            }
        }
        newlines = 0
        guard i < bytes.count else { return Token(kind: .end, line: line, column: column) }
        let startLine = line
        let startColumn = column
        switch bytes[i] {
        case 0x3b:
            advance()
            return Token(kind: .semicolon, line: startLine, column: startColumn)
        case 0x7b:
            advance()
            return Token(kind: .open, line: startLine, column: startColumn)
        case 0x7d:
            advance()
            return Token(kind: .close, line: startLine, column: startColumn)
        case 0x23:
            var text: [UInt8] = []
            advance()
            while i < bytes.count, bytes[i] != 0x0a {
                text.append(bytes[i])
                i += 1
            }
            // The newline that ends the comment is not a blank line of its own.
            if i < bytes.count {
                advance()
                newlines = 1
            }
            return Token(kind: .comment(String(decoding: text, as: UTF8.self).trimmedOfBlanks), line: startLine, column: startColumn)
        case 0x22, 0x27:
            let quote = bytes[i]
            advance()
            var text: [UInt8] = []
            while true {
                guard i < bytes.count else {
                    throw ImportError(
                        file: file, line: startLine, column: startColumn, message: "unclosed \(quote == 0x22 ? "double" : "single") quote")
                }
                let b = bytes[i]
                if b == quote {
                    advance()
                    break
                }
                if b == 0x5c, i + 1 < bytes.count {
                    let n = bytes[i + 1]
                    // nginx resolves \" \' \\ \n \r \t; any other escape keeps its backslash (regexes).
                    switch n {
                    case 0x22, 0x27, 0x5c: text.append(n)
                    case 0x6e: text.append(0x0a)
                    case 0x72: text.append(0x0d)
                    case 0x74: text.append(0x09)
                    default:
                        text.append(b)
                        text.append(n)
                    }
                    advance()
                    advance()
                    continue
                }
                text.append(b)
                advance()
            }
            return Token(kind: .word(.init(text: String(decoding: text, as: UTF8.self), quoted: true)), line: startLine, column: startColumn)
        default:
            var text: [UInt8] = []
            var braces = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x5c, i + 1 < bytes.count {
                    let n = bytes[i + 1]
                    if n == 0x22 || n == 0x27 || n == 0x3b || n == 0x20 || n == 0x7b || n == 0x7d {
                        text.append(n)
                    } else {
                        text.append(b)
                        text.append(n)
                    }
                    advance()
                    advance()
                    continue
                }
                // `${name}` and regex counts like `{2,3}` stay inside the word.
                if b == 0x7b, let last = text.last, last == 0x24 || braces > 0 || Self.isRegexCount(bytes, i) {
                    braces += 1
                    text.append(b)
                    advance()
                    continue
                }
                if b == 0x7d, braces > 0 {
                    braces -= 1
                    text.append(b)
                    advance()
                    continue
                }
                if [0x20, 0x09, 0x0d, 0x0a, 0x3b, 0x7b, 0x7d].contains(b) { break }
                if b == 0x23, text.isEmpty { break }
                text.append(b)
                advance()
            }
            return Token(kind: .word(.init(text: String(decoding: text, as: UTF8.self), quoted: false)), line: startLine, column: startColumn)
        }
    }

    /// `{2}` or `{1,3}` right after a regex atom: a quantifier, not a block.
    static func isRegexCount(_ bytes: [UInt8], _ i: Int) -> Bool {
        var j = i + 1
        var sawDigit = false
        while j < bytes.count, (bytes[j] >= 0x30 && bytes[j] <= 0x39) || bytes[j] == 0x2c {
            sawDigit = sawDigit || bytes[j] != 0x2c
            j += 1
        }
        return sawDigit && j < bytes.count && bytes[j] == 0x7d
    }
}

extension String {
    var trimmedOfBlanks: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
        return String(s)
    }
}
