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
                if words.isEmpty {
                    startComments = comments
                    comments.removeAll()
                }
                words.append((arg, token.line, token.column))
            case .semicolon:
                guard let first = words.first else {
                    throw ImportError(file: lexer.file, line: token.line, column: token.column, message: "unexpected ';'")
                }
                let d = NginxDirective(
                    name: first.0.text, arguments: words.dropFirst().map(\.0), file: lexer.file, line: first.1, column: first.2,
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
                out.append(
                    NginxDirective(name: name, arguments: args, file: lexer.file, line: first.1, column: first.2, comments: comments, block: inner))
            case .close:
                guard closer != nil else {
                    throw ImportError(file: lexer.file, line: token.line, column: token.column, message: "unexpected '}' (no block is open)")
                }
                if let first = words.first {
                    throw ImportError(
                        file: lexer.file, line: first.1, column: first.2, message: "directive '\(first.0.text)' is not terminated by ';'")
                }
                return out
            case .end:
                if let first = words.first {
                    throw ImportError(
                        file: lexer.file, line: first.1, column: first.2,
                        message: "directive '\(first.0.text)' is not terminated by ';' before the end of the file")
                }
                if let closer {
                    throw ImportError(
                        file: lexer.file, line: token.line, column: token.column,
                        message:
                            "unexpected end of file: the '\(closer.name)' block opened at line \(closer.line), column \(closer.column) is not closed with '}'"
                    )
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
