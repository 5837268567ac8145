/// A byte-level RFC 4180 CSV reader: quoted fields with `""`, CRLF or LF rows, positions kept for
/// error messages. Written for speed on 10⁶-row files (DESIGN §3.2 measured general CSV packages
/// at 3–6 s where this shape of reader takes well under one).
public struct CSVReader {
    public struct Field {
        public var value: String
        /// Byte offset where the field starts (its quote, if quoted).
        public var offset: Int
    }

    public struct Row {
        public var fields: [Field]
        /// Byte range of the whole row including its line break.
        public var range: Range<Int>
        /// 1-based line where the row starts.
        public var line: Int
    }

    private let b: UnsafeBufferPointer<UInt8>
    private var i: Int
    private let end: Int
    private var line = 1
    /// The line the reader has reached.
    public var currentLine: Int { line }

    /// A reader of `bytes`, which must stay valid while it reads (a loaded file, or a mapped one).
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        b = bytes
        i = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        end = bytes.count
    }

    /// A reader of the rows in `range` only, the first of which is on `line`.
    public init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, line: Int) {
        b = bytes
        i = range.lowerBound
        end = range.upperBound
        self.line = line
    }

    public var offset: Int { i }

    /// The next non-empty row, nil at the end. Throws on an unterminated quote.
    public mutating func next() throws -> Row? {
        while i < end, b[i] == 0x0a || b[i] == 0x0d {
            if b[i] == 0x0a { line += 1 }
            i += 1
        }
        guard i < end else { return nil }
        let start = i
        let rowLine = line
        var fields: [Field] = []
        fields.reserveCapacity(8)
        while true {
            let fieldStart = i
            if i < end, b[i] == 0x22 {
                i += 1
                var out: [UInt8] = []
                var segmentStart = i
                while true {
                    guard i < end else {
                        throw CSVSyntaxError(message: "unterminated quoted field (opened here)", offset: fieldStart)
                    }
                    let c = b[i]
                    if c == 0x22 {
                        out.append(contentsOf: b[segmentStart..<i])
                        if i + 1 < end, b[i + 1] == 0x22 {
                            out.append(0x22)
                            i += 2
                            segmentStart = i
                            continue
                        }
                        i += 1
                        break
                    }
                    if c == 0x0a { line += 1 }
                    i += 1
                }
                if i < end, b[i] != 0x2c, b[i] != 0x0a, b[i] != 0x0d {
                    throw CSVSyntaxError(message: "unexpected text after a closing quote; a quote inside a field is written \"\"", offset: i)
                }
                fields.append(Field(value: String(decoding: out, as: UTF8.self), offset: fieldStart))
            } else {
                while i < end, b[i] != 0x2c, b[i] != 0x0a, b[i] != 0x0d { i += 1 }
                fields.append(Field(value: String(decoding: b[fieldStart..<i], as: UTF8.self), offset: fieldStart))
            }
            if i < end, b[i] == 0x2c {
                i += 1
                continue
            }
            break
        }
        if i < end, b[i] == 0x0d { i += 1 }
        if i < end, b[i] == 0x0a {
            i += 1
            line += 1
        }
        return Row(fields: fields, range: start..<i, line: rowLine)
    }

    /// A field quoted for writing when it needs it.
    public static func quote(_ s: String) -> String {
        var needs = false
        for c in s.utf8 where c == 0x2c || c == 0x22 || c == 0x0a || c == 0x0d {
            needs = true
            break
        }
        if !needs, s.utf8.first != 0x20, s.utf8.last != 0x20 { return s }
        var out = "\""
        for ch in s.unicodeScalars { if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) } }
        return out + "\""
    }
}

/// A CSV syntax error at a byte offset.
public struct CSVSyntaxError: Error {
    public let message: String
    public let offset: Int
}
