/// Word-at-a-time byte searches over a file's bytes: the loops a 10⁶-row load spends its time in.
/// Eight bytes are tested per step (SWAR), which is what brings a 75 MB scan from ~120 ms of
/// byte-by-byte comparisons down to a few milliseconds.
enum ByteScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// A word with the high bit set in every byte of `w` that equals `byte`, and possibly in bytes
    /// above the first such one (borrows); the lowest set bit is always exact.
    @inline(__always)
    static func matches(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// An exact per-byte mask (no borrow artefacts) of the bytes of `w` equal to `byte`, for counting.
    @inline(__always)
    static func exactMatches(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(byte))
        // High bit of each byte set iff the byte is zero, computed without cross-byte carries.
        let y = (x & ~highs) &+ ~highs
        return ~(y | x | ~highs)
    }

    /// Whether every byte of `start..<end` is printable ASCII (`!`…`~`) and none is one of the four
    /// `excluded` bytes (repeat one to exclude fewer).
    @inline(__always)
    static func allPrintable(
        _ p: UnsafePointer<UInt8>, from start: Int, to end: Int,
        excluding a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8
    ) -> Bool {
        var i = start
        while i + 8 <= end {
            let w = load(p, i)
            let below = (w &- ones &* 0x21) & ~w & highs
            let bad = (w & highs) | below | matches(w, 0x7f) | matches(w, a) | matches(w, b) | matches(w, c) | matches(w, d)
            if bad != 0 { return false }
            i += 8
        }
        while i < end {
            let x = p[i]
            if x <= 0x20 || x >= 0x7f || x == a || x == b || x == c || x == d { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
    }

    /// The first index in `i..<end` holding a comma, line feed, carriage return or quote, or `end`.
    @inline(__always)
    static func nextCSVDelimiter(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while i + 8 <= end {
            let w = load(p, i)
            let m = matches(w, 0x2c) | matches(w, 0x0a) | matches(w, 0x0d) | matches(w, 0x22)
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let c = p[i]
            if c == 0x2c || c == 0x0a || c == 0x0d || c == 0x22 { return i }
            i += 1
        }
        return end
    }

    /// How many line feeds, carriage returns and quotes `start..<end` holds.
    static func countBreaksAndQuotes(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> BreakCount {
        var c = BreakCount()
        var i = start
        while i + 8 <= end {
            // Line feeds are summed per byte lane, at most 255 words at a time so no lane overflows:
            // the baseline x86-64 target has no popcount instruction, and its software stand-in
            // made this pass cost as much as a third of the parse.
            var lanes: UInt64 = 0
            let roundEnd = min(end, i + 255 * 8)
            while i + 8 <= roundEnd {
                let w = load(p, i)
                lanes &+= exactMatches(w, 0x0a) >> 7
                // Carriage returns and quotes are rare in bulk files: test for any before counting.
                if matches(w, 0x0d) | matches(w, 0x22) != 0 {
                    c.returns &+= exactMatches(w, 0x0d).nonzeroBitCount
                    c.quotes &+= exactMatches(w, 0x22).nonzeroBitCount
                }
                i += 8
            }
            c.lineFeeds &+= laneSum(lanes)
        }
        while i < end {
            switch p[i] {
            case 0x0a: c.lineFeeds += 1
            case 0x0d: c.returns += 1
            case 0x22: c.quotes += 1
            default: break
            }
            i += 1
        }
        return c
    }

    /// The sum of the eight byte lanes of `w`.
    @inline(__always)
    static func laneSum(_ w: UInt64) -> Int {
        let pairs = (w & 0x00FF_00FF_00FF_00FF) &+ ((w >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int((pairs &* 0x0001_0001_0001_0001) >> 48)
    }

    /// What `countBreaksAndQuotes` found.
    struct BreakCount: Sendable {
        var lineFeeds = 0, returns = 0, quotes = 0
    }

    /// The offset of the first byte in `start..<end` that is not part of well-formed UTF-8, or nil.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var i = start
        while i < end {
            if i + 8 <= end, load(p, i) & highs == 0 {
                i += 8
                continue
            }
            let c = p[i]
            if c < 0x80 {
                i += 1
                continue
            }
            var len = 0
            var minValue: UInt32 = 0
            var value: UInt32 = 0
            if c & 0xE0 == 0xC0 {
                len = 2
                minValue = 0x80
                value = UInt32(c & 0x1F)
            } else if c & 0xF0 == 0xE0 {
                len = 3
                minValue = 0x800
                value = UInt32(c & 0x0F)
            } else if c & 0xF8 == 0xF0 {
                len = 4
                minValue = 0x10000
                value = UInt32(c & 0x07)
            } else {
                return i
            }
            guard i + len <= end else { return i }
            for k in 1..<len {
                guard p[i + k] & 0xC0 == 0x80 else { return i }
                value = value << 6 | UInt32(p[i + k] & 0x3F)
            }
            if value < minValue || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return i }
            i += len
        }
        return nil
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return nil }
            return firstInvalidUTF8(p, from: 0, to: b.count)
        }
    }

    /// A 64-bit hash of a short byte string (rule ids), for finding duplicates without a
    /// `Set<String>`: word-wise multiply–xorshift, then a MurmurHash3 finaliser.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(end - start)
        var i = start
        while i + 8 <= end {
            h = (h ^ load(p, i)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < end {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    static func hash(_ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { b in
            guard let p = b.baseAddress else { return 0 }
            return hash(p, from: 0, to: b.count)
        }
    }
}
