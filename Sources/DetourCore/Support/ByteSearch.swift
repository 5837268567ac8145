#if canImport(Glibc)
    import Glibc
#endif

extension String {
    /// Whether the UTF-8 bytes hold `byte` (memchr over contiguous storage: the checks ask this of
    /// every rule of a 10⁶-rule map).
    func containsByte(_ byte: UInt8) -> Bool {
        if let r = utf8.withContiguousStorageIfAvailable({ b -> Bool in
            guard let base = b.baseAddress, !b.isEmpty else { return false }
            return memchr(base, Int32(byte), b.count) != nil
        }) {
            return r
        }
        return utf8.contains(byte)
    }

    /// This text with every occurrence of `pattern` replaced by `replacement`, matched on UTF-8
    /// bytes: the exporters escape text the way servers read it, byte by byte, and a text with
    /// nothing to replace (nearly every rule of a bulk map) is returned as it is, uncopied.
    func replacingOccurrences(of pattern: String, with replacement: String) -> String {
        guard !pattern.isEmpty else { return self }
        var text = self
        var pattern = pattern
        return text.withUTF8 { t in
            pattern.withUTF8 { p in
                guard var at = Self.firstOccurrence(of: p, in: t, from: 0) else { return self }
                var out: [UInt8] = []
                out.reserveCapacity(t.count + 16)
                var copied = 0
                repeat {
                    out.append(contentsOf: t[copied..<at])
                    out.append(contentsOf: replacement.utf8)
                    copied = at + p.count
                    at = Self.firstOccurrence(of: p, in: t, from: copied) ?? -1
                } while at >= 0
                out.append(contentsOf: t[copied...])
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// Whether `pattern` occurs in this text, compared on UTF-8 bytes (no Foundation search).
    func containsBytes(_ pattern: String) -> Bool {
        guard !pattern.isEmpty else { return true }
        var text = self
        var pattern = pattern
        return text.withUTF8 { t in pattern.withUTF8 { p in Self.firstOccurrence(of: p, in: t, from: 0) != nil } }
    }

    private static func firstOccurrence(of p: UnsafeBufferPointer<UInt8>, in t: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard p.count <= t.count, start <= t.count - p.count else { return nil }
        let head = p[0]
        var i = start
        while i <= t.count - p.count {
            if t[i] == head {
                var k = 1
                while k < p.count, t[i + k] == p[k] { k += 1 }
                if k == p.count { return i }
            }
            i += 1
        }
        return nil
    }
}
