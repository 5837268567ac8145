#if canImport(Glibc)
import Glibc
#endif

/// Reads nginx configuration syntax into `NginxDirective` trees: words, `;`, `{ }`, `#` comments,
/// single and double quotes with backslash escapes, `${var}`-style braces inside words. `include`
/// is followed when the file (or glob) is found relative to the including file; a missing one is
/// recorded rather than fatal, since a snippet is often imported without its neighbours.
public struct NginxConfigParser {
    /// An `include` whose file was not found: where it is and what it named.
    public struct MissingInclude: Sendable, Equatable {
        public let file: String
        public let line: Int
        public let pattern: String
    }

    public private(set) var missingIncludes: [MissingInclude] = []
    private var including: [String] = []

    public init() {}

    /// Parses `path` and the files it includes. Throws `ImportError` with the position of the
    /// first syntax error, or when `path` itself cannot be read.
    public mutating func parse(file path: String) throws -> [NginxDirective] {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch {
            // The failure's own text starts with the path, which the error already names.
            var why = "\(error)"
            if why.hasPrefix(path + ": ") { why.removeFirst(path.count + 2) }
            throw ImportError(file: path, line: 0, column: 0, message: why)
        }
        return try parse(bytes, file: path)
    }

    /// Parses configuration text that came from `file` (used for positions and includes).
    public mutating func parse(_ bytes: [UInt8], file: String) throws -> [NginxDirective] {
        guard !including.contains(file) else {
            throw ImportError(file: file, line: 1, column: 1, message: "include cycle: \(including.joined(separator: " → ")) → \(file)")
        }
        including.append(file)
        defer { including.removeLast() }
        var lexer = NginxLexer(bytes: bytes, file: file)
        let directives = try block(&lexer, closer: nil)
        return directives
    }

    private mutating func block(_ lexer: inout NginxLexer, closer: (line: Int, column: Int, name: String)?) throws -> [NginxDirective] {
        var out: [NginxDirective] = []
        var words: [(NginxDirective.Argument, Int, Int)] = []
        var comments: [String] = []
        var startComments: [String] = []
        // A comment on the line a directive ends on belongs to that directive, not the next one.
        var lastEndLine = 0
        while true {
            let token = try lexer.next()
            switch token.kind {
            case .comment(let text):
                if words.isEmpty && token.line != lastEndLine { comments.append(text) }
            case .blankLine:
                if words.isEmpty { comments.removeAll() }
            case .word(let arg):
                if words.isEmpty { startComments = comments; comments.removeAll() }
                words.append((arg, token.line, token.column))
            case .semicolon:
                guard let first = words.first else {
                    throw ImportError(file: lexer.file, line: token.line, column: token.column, message: "unexpected ';'")
                }
                let d = NginxDirective(name: first.0.text, arguments: words.dropFirst().map(\.0), file: lexer.file, line: first.1, column: first.2,
                                       comments: startComments, block: nil)
                words.removeAll()
                lastEndLine = token.line
                if d.name == "include" { out += try include(d) } else { out.append(d) }
            case .open:
                guard let first = words.first else {
                    throw ImportError(file: lexer.file, line: token.line, column: token.column, message: "unexpected '{' without a directive name")
                }
                let name = first.0.text
                let args = words.dropFirst().map(\.0)
                words.removeAll()
                let comments = startComments
                lastEndLine = token.line
                let inner = try block(&lexer, closer: (first.1, first.2, name))
                lastEndLine = lexer.line
                out.append(NginxDirective(name: name, arguments: args, file: lexer.file, line: first.1, column: first.2, comments: comments, block: inner))
            case .close:
                guard closer != nil else {
                    throw ImportError(file: lexer.file, line: token.line, column: token.column, message: "unexpected '}' (no block is open)")
                }
                if let first = words.first {
                    throw ImportError(file: lexer.file, line: first.1, column: first.2, message: "directive '\(first.0.text)' is not terminated by ';'")
                }
                return out
            case .end:
                if let first = words.first {
                    throw ImportError(file: lexer.file, line: first.1, column: first.2, message: "directive '\(first.0.text)' is not terminated by ';' before the end of the file")
                }
                if let closer {
                    throw ImportError(file: lexer.file, line: token.line, column: token.column,
                                      message: "unexpected end of file: the '\(closer.name)' block opened at line \(closer.line), column \(closer.column) is not closed with '}'")
                }
                return out
            }
        }
    }

    private mutating func include(_ d: NginxDirective) throws -> [NginxDirective] {
        guard d.args.count == 1 else {
            throw ImportError(file: d.file, line: d.line, column: d.column, message: "include takes one file name")
        }
        let pattern = d.args[0]
        let dir = d.file.contains("/") ? String(d.file[..<d.file.lastIndex(of: "/")!]) : "."
        let full = pattern.hasPrefix("/") ? pattern : dir + "/" + pattern
        let files = Self.glob(full)
        guard !files.isEmpty else {
            missingIncludes.append(MissingInclude(file: d.file, line: d.line, pattern: pattern))
            return []
        }
        var out: [NginxDirective] = []
        for f in files { out += try parse(file: f) }
        return out
    }

    static func glob(_ pattern: String) -> [String] {
        guard pattern.contains("*") || pattern.contains("?") || pattern.contains("[") else {
            return access(pattern, R_OK) == 0 ? [pattern] : []
        }
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }
    }
}

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
        if bytes[i] == 0x0a { line += 1; lineStart = i + 1; newlines += 1 }
        i += 1
    }

    mutating func next() throws -> Token {
        while i < bytes.count, [0x20, 0x09, 0x0d, 0x0a].contains(bytes[i]) {
            advance()
            if newlines >= 2 { newlines = 0; return Token(kind: .blankLine, line: line, column: column) }
        }
        newlines = 0
        guard i < bytes.count else { return Token(kind: .end, line: line, column: column) }
        let startLine = line, startColumn = column
        switch bytes[i] {
        case 0x3b: advance(); return Token(kind: .semicolon, line: startLine, column: startColumn)
        case 0x7b: advance(); return Token(kind: .open, line: startLine, column: startColumn)
        case 0x7d: advance(); return Token(kind: .close, line: startLine, column: startColumn)
        case 0x23:
            var text: [UInt8] = []
            advance()
            while i < bytes.count, bytes[i] != 0x0a { text.append(bytes[i]); i += 1 }
            // The newline that ends the comment is not a blank line of its own.
            if i < bytes.count { advance(); newlines = 1 }
            return Token(kind: .comment(String(decoding: text, as: UTF8.self).trimmedOfBlanks), line: startLine, column: startColumn)
        case 0x22, 0x27:
            let quote = bytes[i]
            advance()
            var text: [UInt8] = []
            while true {
                guard i < bytes.count else {
                    throw ImportError(file: file, line: startLine, column: startColumn, message: "unclosed \(quote == 0x22 ? "double" : "single") quote")
                }
                let b = bytes[i]
                if b == quote { advance(); break }
                if b == 0x5c, i + 1 < bytes.count {
                    let n = bytes[i + 1]
                    // nginx resolves \" \' \\ \n \r \t; any other escape keeps its backslash (regexes).
                    switch n {
                    case 0x22, 0x27, 0x5c: text.append(n)
                    case 0x6e: text.append(0x0a)
                    case 0x72: text.append(0x0d)
                    case 0x74: text.append(0x09)
                    default: text.append(b); text.append(n)
                    }
                    advance(); advance()
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
                    if n == 0x22 || n == 0x27 || n == 0x3b || n == 0x20 || n == 0x7b || n == 0x7d { text.append(n) } else { text.append(b); text.append(n) }
                    advance(); advance()
                    continue
                }
                // `${name}` and regex counts like `{2,3}` stay inside the word.
                if b == 0x7b, let last = text.last, last == 0x24 || braces > 0 || Self.isRegexCount(bytes, i) { braces += 1; text.append(b); advance(); continue }
                if b == 0x7d, braces > 0 { braces -= 1; text.append(b); advance(); continue }
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
        while j < bytes.count, (bytes[j] >= 0x30 && bytes[j] <= 0x39) || bytes[j] == 0x2c { sawDigit = sawDigit || bytes[j] != 0x2c; j += 1 }
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
