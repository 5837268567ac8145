/// A parser for the YAML that rule files use: block and flow mappings and sequences, plain, quoted
/// and block (`|`, `>`) scalars, comments. It keeps the byte span of every node and every comment,
/// which a comment-preserving save needs and general YAML libraries do not expose; anchors, aliases,
/// tags and multiple documents are refused with a clear message (so an alias bomb cannot expand).
public struct YAMLParser {
    private let b: [UInt8]
    private var i = 0
    private var depth = 0
    /// Byte ranges of every comment, `#` included, in file order.
    public private(set) var comments: [Range<Int>] = []
    private static let maxDepth = 200

    /// When set, each item of the top-level `rules:` block list is handed here as soon as it is
    /// parsed (with the `rules` key, the offset of its `-` and the comments so far) and is not kept
    /// in the tree: streaming `fmt` formats a rule and lets its nodes go before parsing the next.
    var ruleItemHandler: ((_ key: YAMLNode, _ dash: Int, _ item: YAMLNode, _ comments: [Range<Int>]) throws -> Void)?
    /// When set, each entry of the top-level mapping once parsed (a streamed `rules:` list is empty).
    var topLevelEntryHandler: ((_ entry: YAMLEntry, _ comments: [Range<Int>]) throws -> Void)?
    /// The `rules` key whose block list is to be streamed, between the key and its value.
    private var streamedRulesKey: YAMLNode?

    public init(_ bytes: [UInt8]) { b = bytes }

    /// 3 when the text starts with a UTF-8 byte order mark, which is skipped.
    private var byteOrderMark = 0

    /// Parses one document; nil root for a document with no content.
    public mutating func parse() throws -> YAMLNode? {
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            i = 3
            byteOrderMark = 3
        }
        try skipBlankAndComments()
        if i < b.count, b[i] == UInt8(ascii: "%") { throw YAMLSyntaxError(message: "YAML directives (%) are not supported in rule files", offset: i) }
        if atDocumentMarker("---") {
            i += 3
            try skipSpaces()
            if i < b.count, b[i] != 0x0a, b[i] != 0x0d, b[i] != UInt8(ascii: "#") {
                throw YAMLSyntaxError(message: "content on the '---' line is not supported; start it on the next line", offset: i)
            }
            try skipBlankAndComments()
        }
        guard i < b.count, !atDocumentMarker("...") else { return nil }
        let root = try parseBlockNode(parentIndent: -1)
        try skipBlankAndComments()
        if atDocumentMarker("...") {
            i += 3
            try skipBlankAndComments()
        }
        if i < b.count {
            if atDocumentMarker("---") {
                throw YAMLSyntaxError(message: "a rule file holds one YAML document; found a second '---'", offset: i)
            }
            throw YAMLSyntaxError(message: "unexpected content here (check the indentation of this line)", offset: i)
        }
        return root
    }

    // MARK: - Low-level scanning

    private func atDocumentMarker(_ m: String) -> Bool {
        let mb = Array(m.utf8)
        guard i + 3 <= b.count, column(of: i) == 0, Array(b[i..<(i + 3)]) == mb else { return false }
        return i + 3 == b.count || b[i + 3] == 0x20 || b[i + 3] == 0x0a || b[i + 3] == 0x0d || b[i + 3] == 0x09
    }

    private func column(of offset: Int) -> Int {
        var k = offset
        // A byte order mark is not indentation.
        while k > byteOrderMark, b[k - 1] != 0x0a { k -= 1 }
        return offset - k
    }

    private func isBreak(_ k: Int) -> Bool { k >= b.count || b[k] == 0x0a || b[k] == 0x0d }
    private func isBlank(_ k: Int) -> Bool { k >= b.count || b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0a || b[k] == 0x0d }

    private mutating func skipSpaces() throws {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
    }

    private mutating func skipComment() {
        guard i < b.count, b[i] == UInt8(ascii: "#") else { return }
        let start = i
        while i < b.count, b[i] != 0x0a, b[i] != 0x0d { i += 1 }
        comments.append(start..<i)
    }

    /// Skips spaces, comments and line breaks; stops at the first content byte. Rejects tabs used as
    /// indentation, which YAML forbids and which editors make invisible.
    private mutating func skipBlankAndComments() throws {
        while i < b.count {
            let c = b[i]
            if c == 0x20 {
                i += 1
            } else if c == 0x09 {
                // A tab before content at the start of a line is indentation.
                var k = i
                while k < b.count, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
                if !isBreak(k), b[k] != UInt8(ascii: "#"), onlySpacesBefore(i) {
                    throw YAMLSyntaxError(message: "tab character used for indentation; YAML allows only spaces", offset: i)
                }
                i += 1
            } else if c == 0x0a || c == 0x0d {
                i += 1
            } else if c == UInt8(ascii: "#") {
                skipComment()
            } else {
                return
            }
        }
    }

    private func onlySpacesBefore(_ offset: Int) -> Bool {
        var k = offset
        while k > 0, b[k - 1] != 0x0a {
            if b[k - 1] != 0x20 && b[k - 1] != 0x09 { return false }
            k -= 1
        }
        return true
    }

    /// After an inline value: only spaces and a comment may follow on the line.
    private mutating func expectLineEnd(context: String) throws {
        try skipSpaces()
        if i < b.count, b[i] == UInt8(ascii: "#") {
            guard i > 0, b[i - 1] == 0x20 || b[i - 1] == 0x09 else {
                throw YAMLSyntaxError(message: "a comment needs a space before '#'", offset: i)
            }
            skipComment()
        }
        guard isBreak(i) else {
            if b[i] == UInt8(ascii: ":") {
                throw YAMLSyntaxError(message: "unexpected ':' after \(context); quote a value that contains ': '", offset: i)
            }
            throw YAMLSyntaxError(message: "unexpected text after \(context)", offset: i)
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > YAMLParser.maxDepth { throw YAMLSyntaxError(message: "nesting deeper than \(YAMLParser.maxDepth) levels", offset: i) }
    }

    // MARK: - Block structure

    private func nullNode(at offset: Int) -> YAMLNode {
        YAMLNode(value: .scalar("", .plain), start: offset, end: offset, isFlow: false)
    }

    private mutating func parseBlockNode(parentIndent: Int) throws -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let col = column(of: i)
        let c = b[i]
        // Only the value right after the top-level `rules` key is streamed, never a nested list.
        let streamed = streamedRulesKey
        streamedRulesKey = nil
        if c == UInt8(ascii: "-"), isBlank(i + 1) { return try parseBlockSequence(indent: col, streaming: streamed) }
        try rejectUnsupportedIndicator()
        if c == UInt8(ascii: "|") || c == UInt8(ascii: ">") { return try parseBlockScalar(parentIndent: parentIndent) }
        if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
            let node = try parseFlowNode()
            try skipSpaces()
            if i < b.count, b[i] == UInt8(ascii: ":") {
                throw YAMLSyntaxError(message: "flow collections cannot be mapping keys here", offset: i)
            }
            try expectLineEnd(context: "the closing bracket")
            return node
        }
        if try lineHasMappingKey() { return try parseBlockMapping(indent: col) }
        let node = try parseInlineScalar()
        try expectLineEnd(context: "a value")
        return node
    }

    private func rejectUnsupportedIndicator() throws {
        let c = b[i]
        switch c {
        case UInt8(ascii: "&"): throw YAMLSyntaxError(message: "YAML anchors (&) are not supported in rule files", offset: i)
        case UInt8(ascii: "*"):
            if isBlank(i + 1) || b[i + 1] == UInt8(ascii: ",") || b[i + 1] == UInt8(ascii: "}") || b[i + 1] == UInt8(ascii: "]") {
                throw YAMLSyntaxError(message: "a bare '*' starts an alias in YAML; quote it: \"*\"", offset: i)
            }
            throw YAMLSyntaxError(message: "YAML aliases (*) are not supported in rule files; quote a value starting with '*'", offset: i)
        case UInt8(ascii: "!"): throw YAMLSyntaxError(message: "YAML tags (!) are not supported in rule files", offset: i)
        case UInt8(ascii: "@"), UInt8(ascii: "`"):
            throw YAMLSyntaxError(message: "'\(Character(UnicodeScalar(c)))' is reserved in YAML; quote the value", offset: i)
        default: return
        }
    }

    /// Whether the content at `i` is `key:` followed by a blank, a line end or a comment.
    private mutating func lineHasMappingKey() throws -> Bool {
        let save = i
        let saveComments = comments.count
        defer {
            i = save
            comments.removeLast(comments.count - saveComments)
        }
        if b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
            _ = try parseQuoted()
            try skipSpaces()
            return i < b.count && b[i] == UInt8(ascii: ":") && isBlank(i + 1)
        }
        var k = i
        while !isBreak(k) {
            if b[k] == UInt8(ascii: ":") && isBlank(k + 1) { return true }
            if b[k] == UInt8(ascii: "#") && k > i && (b[k - 1] == 0x20 || b[k - 1] == 0x09) { return false }
            k += 1
        }
        return false
    }

    private mutating func parseBlockMapping(indent: Int) throws -> YAMLNode {
        var entries: [YAMLEntry] = []
        let start = i
        var end = i
        let isTopLevel = depth == 1
        while true {
            let key = try parseKey()
            if isTopLevel, ruleItemHandler != nil, key.scalar == "rules" { streamedRulesKey = key }
            // parseKey leaves i just past ':'.
            try skipSpaces()
            var value: YAMLNode
            if i >= b.count || isBreak(i) || b[i] == UInt8(ascii: "#") {
                let afterColon = i
                skipComment()
                try skipBlankAndComments()
                if i < b.count, column(of: i) > indent {
                    value = try parseBlockNode(parentIndent: indent)
                } else if i < b.count, column(of: i) == indent, b[i] == UInt8(ascii: "-"), isBlank(i + 1) {
                    value = try parseBlockSequence(indent: indent, streaming: streamedRulesKey)
                } else {
                    value = nullNode(at: afterColon)
                }
            } else {
                if b[i] == UInt8(ascii: "-"), isBlank(i + 1) {
                    throw YAMLSyntaxError(message: "a list cannot start on the same line as its key; put '- ' items on the next lines", offset: i)
                }
                value = try parseInlineValue(parentIndent: indent)
            }
            streamedRulesKey = nil
            entries.append(YAMLEntry(key: key, value: value))
            if isTopLevel { try topLevelEntryHandler?(entries[entries.count - 1], comments) }
            end = max(value.end, key.end)
            try skipBlankAndComments()
            guard i < b.count, !atDocumentMarker("---"), !atDocumentMarker("...") else { break }
            let col = column(of: i)
            if col < indent { break }
            if col > indent {
                throw YAMLSyntaxError(
                    message: "unexpected indentation (a value that goes on over several lines must be quoted, or written with |)", offset: i)
            }
            if b[i] == UInt8(ascii: "-"), isBlank(i + 1) { break }
            guard try lineHasMappingKey() else {
                throw YAMLSyntaxError(message: "expected 'key: value' at this indentation", offset: i)
            }
        }
        return YAMLNode(value: .mapping(entries), start: start, end: end, isFlow: false)
    }

    private mutating func parseKey() throws -> YAMLNode {
        try rejectUnsupportedIndicator()
        if b[i] == UInt8(ascii: "?") && isBlank(i + 1) {
            throw YAMLSyntaxError(message: "complex keys ('? ') are not supported in rule files", offset: i)
        }
        let key: YAMLNode
        if b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
            key = try parseQuoted()
            try skipSpaces()
        } else {
            let start = i
            while !(b[i] == UInt8(ascii: ":") && isBlank(i + 1)) { i += 1 }
            var end = i
            while end > start, b[end - 1] == 0x20 || b[end - 1] == 0x09 { end -= 1 }
            key = YAMLNode(value: .scalar(String(decoding: b[start..<end], as: UTF8.self), .plain), start: start, end: end, isFlow: false)
        }
        guard i < b.count, b[i] == UInt8(ascii: ":") else {
            throw YAMLSyntaxError(message: "expected ':' after the key", offset: i)
        }
        i += 1
        return key
    }

    private mutating func parseInlineValue(parentIndent: Int) throws -> YAMLNode {
        try rejectUnsupportedIndicator()
        let c = b[i]
        if c == UInt8(ascii: "|") || c == UInt8(ascii: ">") { return try parseBlockScalar(parentIndent: parentIndent) }
        if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
            let node = try parseFlowNode()
            try expectLineEnd(context: "the closing bracket")
            return node
        }
        let node = try parseInlineScalar()
        try expectLineEnd(context: "the value")
        return node
    }

    /// A block list; with `streaming` (the top-level `rules` key) its items go to `ruleItemHandler`
    /// instead of into the node.
    private mutating func parseBlockSequence(indent: Int, streaming rulesKey: YAMLNode? = nil) throws -> YAMLNode {
        var items: [YAMLNode] = []
        var dashes: [Int] = []
        let start = i
        var end = i
        while true {
            // At '-'.
            let dash = i
            i += 1
            try skipSpaces()
            var item: YAMLNode
            if i >= b.count || isBreak(i) || b[i] == UInt8(ascii: "#") {
                let afterDash = i
                skipComment()
                try skipBlankAndComments()
                if i < b.count, column(of: i) > indent {
                    item = try parseBlockNode(parentIndent: indent)
                } else {
                    item = nullNode(at: afterDash)
                }
            } else {
                item = try parseBlockNode(parentIndent: indent)
            }
            end = max(item.end, end)
            if let rulesKey, let ruleItemHandler {
                try ruleItemHandler(rulesKey, dash, item, comments)
            } else {
                items.append(item)
                dashes.append(dash)
            }
            try skipBlankAndComments()
            guard i < b.count, !atDocumentMarker("---"), !atDocumentMarker("...") else { break }
            let col = column(of: i)
            if col < indent { break }
            if col > indent {
                throw YAMLSyntaxError(message: "unexpected indentation inside a list item", offset: i)
            }
            guard b[i] == UInt8(ascii: "-"), isBlank(i + 1) else { break }
        }
        return YAMLNode(value: .sequence(items), start: start, end: end, isFlow: false, dashes: dashes)
    }

    // MARK: - Scalars

    /// A plain or quoted scalar that ends on this line (block context).
    private mutating func parseInlineScalar() throws -> YAMLNode {
        if b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") { return try parseQuoted() }
        try rejectUnsupportedIndicator()
        let start = i
        var end = i
        while !isBreak(i) {
            if b[i] == UInt8(ascii: "#") && i > start && (b[i - 1] == 0x20 || b[i - 1] == 0x09) { break }
            if b[i] == UInt8(ascii: ":") && isBlank(i + 1) {
                throw YAMLSyntaxError(message: "unexpected ': ' inside a value; quote the value", offset: i)
            }
            if b[i] != 0x20 && b[i] != 0x09 { end = i + 1 }
            i += 1
        }
        i = end
        return YAMLNode(value: .scalar(String(decoding: b[start..<end], as: UTF8.self), .plain), start: start, end: end, isFlow: false)
    }

    private mutating func parseQuoted() throws -> YAMLNode {
        let start = i
        let quote = b[i]
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < b.count else {
                throw YAMLSyntaxError(message: "unterminated quoted string (opened here)", offset: start)
            }
            let c = b[i]
            if c == quote {
                if quote == UInt8(ascii: "'"), i + 1 < b.count, b[i + 1] == quote {
                    out.append(quote)
                    i += 2
                    continue
                }
                i += 1
                break
            }
            if c == 0x0a || c == 0x0d {
                // Line folding: trailing spaces dropped, one break = space, each further empty line = '\n'.
                while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
                var breaks = 0
                while i < b.count, b[i] == 0x0a || b[i] == 0x0d || b[i] == 0x20 || b[i] == 0x09 {
                    if b[i] == 0x0a { breaks += 1 }
                    i += 1
                }
                if breaks <= 1 { out.append(0x20) } else { out.append(contentsOf: Array(repeating: 0x0a, count: breaks - 1)) }
                continue
            }
            if c == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                try parseEscape(into: &out)
                continue
            }
            out.append(c)
            i += 1
        }
        let style: YAMLNode.ScalarStyle = quote == UInt8(ascii: "'") ? .singleQuoted : .doubleQuoted
        return YAMLNode(value: .scalar(String(decoding: out, as: UTF8.self), style), start: start, end: i, isFlow: false)
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws {
        let escStart = i
        i += 1
        guard i < b.count else { throw YAMLSyntaxError(message: "unterminated escape", offset: escStart) }
        let e = b[i]
        i += 1
        func hex(_ n: Int) throws -> UInt32 {
            guard i + n <= b.count else { throw YAMLSyntaxError(message: "incomplete \\\(Character(UnicodeScalar(e))) escape", offset: escStart) }
            var v: UInt32 = 0
            for k in i..<(i + n) {
                guard let d = Character(UnicodeScalar(b[k])).hexDigitValue else {
                    throw YAMLSyntaxError(message: "invalid hex digit in escape", offset: k)
                }
                v = v * 16 + UInt32(d)
            }
            i += n
            return v
        }
        func scalar(_ v: UInt32) throws {
            guard let s = UnicodeScalar(v) else { throw YAMLSyntaxError(message: "escape is not a valid Unicode scalar", offset: escStart) }
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        switch e {
        case UInt8(ascii: "0"): out.append(0)
        case UInt8(ascii: "a"): out.append(7)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "t"), 0x09: out.append(9)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "v"): out.append(11)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "e"): out.append(27)
        case 0x20: out.append(0x20)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "/"): out.append(0x2f)
        case UInt8(ascii: "\\"): out.append(0x5c)
        case UInt8(ascii: "N"): try scalar(0x85)
        case UInt8(ascii: "_"): try scalar(0xA0)
        case UInt8(ascii: "L"): try scalar(0x2028)
        case UInt8(ascii: "P"): try scalar(0x2029)
        case UInt8(ascii: "x"): try scalar(try hex(2))
        case UInt8(ascii: "u"): try scalar(try hex(4))
        case UInt8(ascii: "U"): try scalar(try hex(8))
        case 0x0a, 0x0d:
            // Escaped line break: joins lines without a space.
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0a || b[i] == 0x0d { i += 1 }
        default:
            throw YAMLSyntaxError(message: "unknown escape '\\\(Character(UnicodeScalar(e)))' in a double-quoted string", offset: escStart)
        }
    }

    private mutating func parseBlockScalar(parentIndent: Int) throws -> YAMLNode {
        let start = i
        let folded = b[i] == UInt8(ascii: ">")
        i += 1
        var chomp: UInt8 = 0
        var explicitIndent: Int? = nil
        while i < b.count, !isBlank(i), b[i] != UInt8(ascii: "#") {
            let c = b[i]
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
                chomp = c
            } else if c >= UInt8(ascii: "1"), c <= UInt8(ascii: "9") {
                explicitIndent = Int(c - 0x30)
            } else {
                throw YAMLSyntaxError(message: "invalid block scalar header", offset: i)
            }
            i += 1
        }
        try expectLineEnd(context: "the block scalar indicator")
        // Collect lines.
        var lines: [(indent: Int, text: ArraySlice<UInt8>)] = []
        var contentIndent = explicitIndent.map { max(parentIndent, 0) + $0 }
        var end = i
        if i < b.count, b[i] == 0x0d { i += 1 }
        if i < b.count, b[i] == 0x0a { i += 1 }
        while i < b.count {
            let lineStart = i
            var k = i
            while k < b.count, b[k] == 0x20 { k += 1 }
            let ind = k - lineStart
            var lineEnd = k
            while lineEnd < b.count, b[lineEnd] != 0x0a { lineEnd += 1 }
            var textEnd = lineEnd
            if textEnd > k, b[textEnd - 1] == 0x0d { textEnd -= 1 }
            let empty = textEnd == k
            if !empty {
                if contentIndent == nil {
                    guard ind > parentIndent else { break }
                    contentIndent = ind
                }
                if ind < contentIndent! { break }
                if b[k] == 0x09 && ind < contentIndent! { throw YAMLSyntaxError(message: "tab character used for indentation", offset: k) }
            }
            let ci = contentIndent ?? ind
            lines.append((ind, empty ? [] : b[(lineStart + min(ci, ind))..<textEnd]))
            if !empty { end = textEnd }
            i = lineEnd < b.count ? lineEnd + 1 : lineEnd
        }
        // Rewind so trailing empty lines are left for the caller (they are not content).
        while let last = lines.last, last.text.isEmpty { lines.removeLast() }
        let trailingBreaks = countTrailingEmpty(from: end)
        i = end
        var out: [UInt8] = []
        var previousWasMoreIndented = false
        for (n, line) in lines.enumerated() {
            let moreIndented = !line.text.isEmpty && (line.text.first == 0x20 || line.text.first == 0x09)
            if n > 0 {
                if folded && !line.text.isEmpty && !moreIndented && !previousWasMoreIndented && !lines[n - 1].text.isEmpty {
                    out.append(0x20)
                } else {
                    out.append(0x0a)
                }
            }
            out.append(contentsOf: line.text)
            previousWasMoreIndented = moreIndented
        }
        switch chomp {
        case UInt8(ascii: "-"): break
        case UInt8(ascii: "+"): if !lines.isEmpty { out.append(contentsOf: Array(repeating: 0x0a, count: 1 + trailingBreaks)) }
        default: if !lines.isEmpty { out.append(0x0a) }
        }
        return YAMLNode(value: .scalar(String(decoding: out, as: UTF8.self), folded ? .folded : .literal), start: start, end: end, isFlow: false)
    }

    private func countTrailingEmpty(from offset: Int) -> Int {
        var k = offset
        var n = 0
        if k < b.count, b[k] == 0x0d { k += 1 }
        guard k < b.count, b[k] == 0x0a else { return 0 }
        k += 1
        while k < b.count {
            var j = k
            while j < b.count, b[j] == 0x20 { j += 1 }
            guard j < b.count, b[j] == 0x0a else { break }
            n += 1
            k = j + 1
        }
        return n
    }

    // MARK: - Flow collections

    private mutating func skipFlowBlank() throws {
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d { i += 1 } else if c == UInt8(ascii: "#") { skipComment() } else { return }
        }
    }

    private mutating func parseFlowNode() throws -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let start = i
        let open = b[i]
        let close: UInt8 = open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
        i += 1
        var items: [YAMLNode] = []
        var entries: [YAMLEntry] = []
        while true {
            try skipFlowBlank()
            guard i < b.count else {
                throw YAMLSyntaxError(message: "unclosed '\(Character(UnicodeScalar(open)))' (opened here)", offset: start)
            }
            if b[i] == close {
                i += 1
                break
            }
            if open == UInt8(ascii: "{") {
                let key = try parseFlowScalar(isKey: true)
                try skipFlowBlank()
                var value: YAMLNode
                if i < b.count, b[i] == UInt8(ascii: ":") {
                    i += 1
                    try skipFlowBlank()
                    if i < b.count, b[i] == UInt8(ascii: ",") || b[i] == close {
                        value = nullNode(at: i)
                    } else {
                        value = try parseFlowValue()
                    }
                } else {
                    value = nullNode(at: i)
                }
                entries.append(YAMLEntry(key: key, value: value))
            } else {
                items.append(try parseFlowValue())
            }
            try skipFlowBlank()
            guard i < b.count else {
                throw YAMLSyntaxError(message: "unclosed '\(Character(UnicodeScalar(open)))' (opened here)", offset: start)
            }
            if b[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if b[i] == close {
                i += 1
                break
            }
            throw YAMLSyntaxError(message: "expected ',' or '\(Character(UnicodeScalar(close)))' in a flow collection", offset: i)
        }
        let value: YAMLNode.Value = open == UInt8(ascii: "[") ? .sequence(items) : .mapping(entries)
        return YAMLNode(value: value, start: start, end: i, isFlow: true)
    }

    private mutating func parseFlowValue() throws -> YAMLNode {
        if b[i] == UInt8(ascii: "[") || b[i] == UInt8(ascii: "{") { return try parseFlowNode() }
        return try parseFlowScalar(isKey: false)
    }

    private mutating func parseFlowScalar(isKey: Bool) throws -> YAMLNode {
        if b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") { return try parseQuoted() }
        try rejectUnsupportedIndicator()
        let start = i
        var end = i
        while i < b.count {
            let c = b[i]
            if c == 0x0a || c == 0x0d || c == UInt8(ascii: ",") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || c == UInt8(ascii: "[")
                || c == UInt8(ascii: "{")
            {
                break
            }
            if c == UInt8(ascii: ":")
                && (isBlank(i + 1) || b[i + 1] == UInt8(ascii: ",") || b[i + 1] == UInt8(ascii: "}") || b[i + 1] == UInt8(ascii: "]"))
            {
                if isKey { break }
                throw YAMLSyntaxError(message: "unexpected ': ' inside a flow value; quote the value", offset: i)
            }
            if c == UInt8(ascii: "#") && i > start && (b[i - 1] == 0x20 || b[i - 1] == 0x09) { break }
            if c != 0x20 && c != 0x09 { end = i + 1 }
            i += 1
        }
        if end == start && !isKey && i < b.count && (b[i] == UInt8(ascii: "[") || b[i] == UInt8(ascii: "{")) {
            throw YAMLSyntaxError(message: "unexpected bracket", offset: i)
        }
        i = max(end, start)
        return YAMLNode(value: .scalar(String(decoding: b[start..<end], as: UTF8.self), .plain), start: start, end: end, isFlow: true)
    }
}
