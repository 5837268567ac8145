/// Reads Apache httpd configuration syntax (vhost files, `httpd.conf`, `.htaccess`) into
/// `ApacheDirective` trees: one directive per line, a trailing `\` continuing it on the next,
/// `#` comment lines, double- and single-quoted arguments, and `<Section …>` … `</Section>` blocks.
/// `Include` and `IncludeOptional` are followed when the file (or glob) is found relative to the
/// including file; a missing one is recorded rather than fatal, since a vhost is often imported
/// without its neighbours.
public struct ApacheConfigParser {
    /// An `Include` whose file was not found: where it is and what it named.
    public struct MissingInclude: Sendable, Equatable {
        public let file: String
        public let line: Int
        public let directive: String
        public let pattern: String
    }

    public private(set) var missingIncludes: [MissingInclude] = []
    private var including: [String] = []

    public init() {}

    /// Parses `path` and the files it includes. Throws `ImportError` with the position of the
    /// first syntax error, or when `path` itself cannot be read.
    public mutating func parse(file path: String) throws -> [ApacheDirective] {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch {
            var why = "\(error)"
            if why.hasPrefix(path + ": ") { why.removeFirst(path.count + 2) }
            throw ImportError(file: path, line: 0, column: 0, message: why)
        }
        return try parse(String(decoding: bytes, as: UTF8.self), file: path)
    }

    /// Parses configuration text that came from `file` (used for positions and includes).
    public mutating func parse(_ text: String, file: String) throws -> [ApacheDirective] {
        guard !including.contains(file) else {
            throw ImportError(file: file, line: 1, column: 1, message: "include cycle: \(including.joined(separator: " → ")) → \(file)")
        }
        including.append(file)
        defer { including.removeLast() }
        var stack: [(open: ApacheDirective, body: [ApacheDirective])] = []
        var top: [ApacheDirective] = []
        func append(_ d: ApacheDirective) {
            if stack.isEmpty { top.append(d) } else { stack[stack.count - 1].body.append(d) }
        }
        var comments: [String] = []
        for logical in Self.logicalLines(text) {
            let trimmed = logical.text.drop { $0 == " " || $0 == "\t" }
            let indent = logical.text.count - trimmed.count
            if trimmed.isEmpty {
                comments.removeAll()
                continue
            }
            if trimmed.hasPrefix("#") {
                comments.append(String(trimmed.dropFirst()).trimmingSpaces())
                continue
            }
            let column = indent + 1
            if trimmed.hasPrefix("</") {
                let name = String(trimmed.dropFirst(2).prefix { $0 != ">" && $0 != " " && $0 != "\t" })
                guard trimmed.contains(">") else {
                    throw ImportError(file: file, line: logical.line, column: column, message: "'</\(name)' is missing its closing '>'")
                }
                guard let open = stack.popLast() else {
                    throw ImportError(file: file, line: logical.line, column: column, message: "</\(name)> closes a section that was never opened")
                }
                guard open.open.key == name.lowercased() else {
                    throw ImportError(
                        file: file, line: logical.line, column: column,
                        message: "</\(name)> does not close <\(open.open.name)> opened at line \(open.open.line)")
                }
                var d = open.open
                d.block = open.body
                append(d)
                comments.removeAll()
                continue
            }
            if trimmed.hasPrefix("<") {
                guard let close = trimmed.lastIndex(of: ">") else {
                    throw ImportError(
                        file: file, line: logical.line, column: column, message: "section '\(trimmed.prefix(40))' is missing its closing '>'")
                }
                let inner = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
                let words = try Self.words(inner, file: file, line: logical.line, column: column + 1)
                guard let name = words.first, !name.text.isEmpty else {
                    throw ImportError(file: file, line: logical.line, column: column, message: "a section needs a name after '<'")
                }
                let open = ApacheDirective(
                    name: name.text, args: words.dropFirst().map(\.text), file: file, line: logical.line, column: column,
                    argColumns: words.dropFirst().map(\.column), comments: comments, block: [])
                stack.append((open, []))
                comments.removeAll()
                continue
            }
            let words = try Self.words(trimmed, file: file, line: logical.line, column: column)
            let d = ApacheDirective(
                name: words[0].text, args: words.dropFirst().map(\.text), file: file, line: logical.line, column: column,
                argColumns: words.dropFirst().map(\.column), comments: comments, block: nil)
            comments.removeAll()
            if d.key == "include" || d.key == "includeoptional" {
                for included in try include(d) { append(included) }
            } else {
                append(d)
            }
        }
        if let open = stack.last {
            throw ImportError(
                file: file, line: open.open.line, column: open.open.column,
                message: "<\(open.open.name)> is not closed: the file ends before </\(open.open.name)>")
        }
        return top
    }

    /// One directive's text with its continuation lines joined, and the line it starts on.
    struct LogicalLine {
        let text: String
        let line: Int
    }

    /// The file's lines, `\`-continued lines joined (Apache drops the backslash and the line break).
    static func logicalLines(_ text: String) -> [LogicalLine] {
        var out: [LogicalLine] = []
        var pending = ""
        var start = 0
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if pending.isEmpty { start = number }
            if line.hasSuffix("\\") && !line.trimmingSpacesSub().hasPrefix("#") {
                pending += line.dropLast()
                continue
            }
            out.append(LogicalLine(text: pending + line, line: start))
            pending = ""
        }
        if !pending.isEmpty { out.append(LogicalLine(text: pending, line: start)) }
        return out
    }

    /// One argument and its column.
    struct Word {
        let text: String
        let column: Int
    }

    /// Apache's `ap_getword_conf`: words split at blanks; a word starting with a quote runs to the
    /// matching quote, inside which a backslash escapes that quote.
    static func words(_ text: Substring, file: String, line: Int, column: Int) throws -> [Word] {
        var out: [Word] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == " " || chars[i] == "\t" {
                i += 1
                continue
            }
            let start = i
            if chars[i] == "\"" || chars[i] == "'" {
                let quote = chars[i]
                var word = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == quote {
                        word.append(quote)
                        i += 2
                        continue
                    }
                    if chars[i] == quote {
                        closed = true
                        i += 1
                        break
                    }
                    word.append(chars[i])
                    i += 1
                }
                guard closed else {
                    throw ImportError(file: file, line: line, column: column + start, message: "unclosed quote \(quote) in argument")
                }
                out.append(Word(text: word, column: column + start))
                continue
            }
            var word = ""
            while i < chars.count, chars[i] != " ", chars[i] != "\t" {
                word.append(chars[i])
                i += 1
            }
            out.append(Word(text: word, column: column + start))
        }
        return out
    }

    private mutating func include(_ d: ApacheDirective) throws -> [ApacheDirective] {
        guard d.args.count == 1 else {
            throw ImportError(file: d.file, line: d.line, column: d.column, message: "\(d.name) takes one file name or pattern")
        }
        let pattern = d.args[0]
        let dir = d.file.contains("/") ? String(d.file[..<d.file.lastIndex(of: "/")!]) : "."
        let full = pattern.hasPrefix("/") ? pattern : dir + "/" + pattern
        let files = NginxConfigParser.glob(full).sorted()
        guard !files.isEmpty else {
            missingIncludes.append(MissingInclude(file: d.file, line: d.line, directive: d.name, pattern: pattern))
            return []
        }
        var out: [ApacheDirective] = []
        for f in files { out += try parse(file: f) }
        return out
    }
}
