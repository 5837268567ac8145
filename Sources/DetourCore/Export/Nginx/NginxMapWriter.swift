/// Writes the exact-path `map`s of a large export as bytes into one buffer: 10^6 entries cost no
/// String per line and no per-byte append (whether a line needs escaping is known from the one
/// scan `ExactEntry` made of its texts). The bytes are those `NginxSyntax.quotedKey`/`quoted` would produce.
enum NginxMapWriter {
    /// Appends the UTF-8 of `text` without copying it into a temporary.
    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8]) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) { return done }
        out.append(contentsOf: text.utf8)
    }

    /// The length of an entry's map line: `2·path + target + 10` bytes unless its texts need
    /// escaping (rare: only `$` can survive canonicalisation).
    static func lineLength(_ e: ExactEntry) -> Int {
        e.needsEscaping ? escapedLine(e).count : 2 * e.path.utf8Count + e.target.utf8Count + 10
    }

    /// Appends the map lines of `members` (indices of `.entry` items), `size` bytes together (the
    /// sum of `lineLength`): the buffer grows once and the lines are copied into place instead of
    /// appended byte by byte.
    static func appendEntries(_ members: [Int32], of items: [PlanItem], size: Int, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: size))
        out.withUnsafeMutableBufferPointer { buffer in
            var cursor = Cursor(at: buffer.baseAddress! + start)
            for m in members {
                guard case .entry(let e) = items[Int(m)] else { continue }
                if e.needsEscaping {
                    escapedLine(e).withUnsafeBufferPointer { cursor.put($0) }
                    continue
                }
                cursor.put(0x20)
                cursor.put(0x20)
                cursor.put(0x22)
                cursor.put(e.path)
                cursor.put(0x22)
                cursor.put(0x20)
                cursor.put(0x22)
                cursor.put(e.path)
                cursor.put(0x20)
                cursor.put(e.target)
                cursor.put(0x22)
                cursor.put(0x3b)
                cursor.put(0x0a)
            }
            precondition(cursor.at == buffer.baseAddress! + start + size, "map line lengths were mis-counted")
        }
    }

    /// Where the next byte goes in space already sized for it.
    private struct Cursor {
        var at: UnsafeMutablePointer<UInt8>

        mutating func put(_ byte: UInt8) {
            at.initialize(to: byte)
            at += 1
        }

        mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
            if let from = bytes.baseAddress { at.update(from: from, count: bytes.count) }
            at += bytes.count
        }

        mutating func put(_ text: RuleText) {
            text.withUTF8 { put($0) }
        }

        mutating func put(_ text: String) {
            if text.utf8.withContiguousStorageIfAvailable({ put($0) }) == nil {
                var copy = text
                copy.withUTF8 { put($0) }
            }
        }
    }

    /// The line of an entry whose texts need escaping.
    private static func escapedLine(_ e: ExactEntry) -> [UInt8] {
        var line: [UInt8] = []
        appendEntry(key: e.path.string, target: e.target.string, to: &line)
        return line
    }

    /// Appends `  "KEY" "KEY TARGET";\n` (the value carries the key for the case-exact
    /// back-reference check).
    private static func appendEntry(key: String, target: String, to out: inout [UInt8]) {
        var key = key
        var target = target
        return key.withUTF8 { k in
            target.withUTF8 { t in
                let keyQuoteOrBackslash = k.contains { $0 == 0x5c || $0 == 0x22 }
                let keyDollar = k.contains(0x24)
                let targetSpecial = t.contains { $0 == 0x24 || $0 == 0x5c || $0 == 0x22 }
                out.append(0x20)
                out.append(0x20)
                out.append(0x22)
                if keyQuoteOrBackslash { appendEscaped(k, dollar: false, to: &out) } else { out.append(contentsOf: k) }
                out.append(0x22)
                out.append(0x20)
                out.append(0x22)
                if keyDollar || keyQuoteOrBackslash || targetSpecial {
                    appendEscaped(k, dollar: true, to: &out)
                    out.append(0x20)
                    appendEscaped(t, dollar: true, to: &out)
                } else {
                    out.append(contentsOf: k)
                    out.append(0x20)
                    out.append(contentsOf: t)
                }
                out.append(0x22)
                out.append(0x3b)
                out.append(0x0a)
            }
        }
    }

    private static let dollarVariable = Array("${detour_dollar}".utf8)

    /// `\` → `\\`, `"` → `\"`, and with `dollar` `$` → `${detour_dollar}` (nginx has no `$` escape).
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, dollar: Bool, to out: inout [UInt8]) {
        for b in bytes {
            switch b {
            case 0x5c:
                out.append(0x5c)
                out.append(0x5c)
            case 0x22:
                out.append(0x5c)
                out.append(0x22)
            case 0x24 where dollar: out.append(contentsOf: dollarVariable)
            default: out.append(b)
            }
        }
    }
}
