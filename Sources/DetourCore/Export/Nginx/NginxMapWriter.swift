/// Writes the exact-path `map` of a large export as bytes into one growing buffer: 10^6 entries
/// cost one scan per key and target (which proves nothing needs escaping in the common case) and
/// no String per line. The bytes are those `NginxSyntax.quotedKey`/`quoted` would produce.
enum NginxMapWriter {
    /// Appends the UTF-8 of `text` without copying it into a temporary.
    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8]) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) { return done }
        out.append(contentsOf: text.utf8)
    }

    /// Appends `  "KEY" "KEY TARGET";\n` (the value carries the key for the case-exact
    /// back-reference check).
    static func appendEntry(key: String, target: String, to out: inout [UInt8]) {
        var key = key
        var target = target
        return key.withUTF8 { k in
            target.withUTF8 { t in
                let keyQuoteOrBackslash = k.contains { $0 == 0x5c || $0 == 0x22 }
                let keyDollar = k.contains(0x24)
                let targetSpecial = t.contains { $0 == 0x24 || $0 == 0x5c || $0 == 0x22 }
                out.append(0x20); out.append(0x20)
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
                out.append(0x3b); out.append(0x0a)
            }
        }
    }

    private static let dollarVariable = Array("${detour_dollar}".utf8)

    /// `\` → `\\`, `"` → `\"`, and with `dollar` `$` → `${detour_dollar}` (nginx has no `$` escape).
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, dollar: Bool, to out: inout [UInt8]) {
        for b in bytes {
            switch b {
            case 0x5c: out.append(0x5c); out.append(0x5c)
            case 0x22: out.append(0x5c); out.append(0x22)
            case 0x24 where dollar: out.append(contentsOf: dollarVariable)
            default: out.append(b)
            }
        }
    }
}
