/// An open-addressing hash table from byte strings to ascending lists of rule indices, laid out so
/// that 10⁶ keys cost one flat buffer instead of 10⁶ allocations. A table probed by prefix hashes
/// with FNV-1a, which can be computed incrementally: one pass over a request path yields the hash of
/// every prefix, so "which rule prefixes does this path start with" is one probe per distinct prefix
/// length seen in the rules. A table of whole keys hashes eight bytes at a time instead: the slot
/// address depends on the hash, so a byte-serial hash would delay the one memory access that matters.
///
/// Layout is for cache misses: a big table is probed at random, so every memory line a lookup
/// touches is a miss. Each slot is one 64-byte, line-aligned record holding a hash fingerprint,
/// the key's length, its first rule and the key's first 48 bytes, so the probe, the fingerprint
/// test, the key comparison and the answer all come from that one line. Only keys longer than 48
/// bytes read the rest from an overflow arena, and only keys shared by several rules use the
/// posting chain.
///
/// A class, not a struct: calling into a struct stored in the matcher retained each of its arrays
/// on every lookup. It is never mutated after `init`, hence `@unchecked Sendable`.
final class ByteKeyTable: @unchecked Sendable {
    // Slot layout (bytes): 0 fingerprint (UInt32, high half of the mixed hash) · 4 first rule
    // (Int32, -1 empty) · 8 length and flags (UInt32: bits 0–29 length, bit 30 more rules in
    // `postings`, bit 31 the caller's mark on the first rule) · 12 where bytes 48… of the key start
    // in `overflow` (UInt32) · 16–63 the key's first 48 bytes.
    private static let slotSize = 64
    private static let inlineCapacity = 48
    private static let inlineOffset = 16
    private static let lengthMask: UInt32 = (1 << 30) - 1
    private static let moreFlag: UInt32 = 1 << 30
    private static let markFlag: UInt32 = 1 << 31

    private let slots: UnsafeMutableRawPointer
    /// Whether keys are hashed with FNV-1a so that `collect(hash:…)` can be fed incremental hashes.
    let probedByPrefix: Bool
    private let mask: Int
    /// Bytes 48… of long keys.
    private var overflow: [UInt8] = []
    private var moreOf: [Int: Int32] = [:]
    private var lastOf: [Int: Int32] = [:]
    /// (rule, next posting) pairs for keys with several rules.
    private var postings: [(rule: Int32, next: Int32)] = []
    private(set) var isEmpty = true
    /// `hasLength[n]`: some key has n bytes.
    private(set) var hasLength: [Bool] = []

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h = offsetBasis
        for b in bytes { h = step(h, b) }
        return h
    }
    @inline(__always) private static func mix(_ h: UInt64) -> UInt64 { (h ^ (h >> 31)) &* 0xbf58_476d_1ce4_e5b9 }

    /// A word-at-a-time hash of a whole key (FxHash-style steps plus a final fold of the high half).
    @inline(__always) static func wordHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        let k: UInt64 = 0x517c_c1b7_2722_0a95
        var h = UInt64(truncatingIfNeeded: n) &* k
        guard n > 0, let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        if n < 8 {
            var w: UInt64 = 0
            for i in 0..<n { w |= UInt64(base[i]) << (8 * UInt64(i)) }
            h = (h.rotatedLeft5 ^ w) &* k
        } else {
            var i = 0
            while i + 8 <= n {
                h = (h.rotatedLeft5 ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
                i += 8
            }
            // The last, partly overlapping word: keys of equal length read the same bytes.
            if i < n { h = (h.rotatedLeft5 ^ raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) &* k }
        }
        return h ^ (h >> 32)
    }

    @inline(__always) private func keyHash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        probedByPrefix ? Self.hash(key) : Self.wordHash(key)
    }

    /// Builds a table probed by prefix; `items` must come in ascending rule order.
    convenience init(_ items: [(key: [UInt8], rule: Int32)]) {
        self.init(expectedCount: items.count, probedByPrefix: true)
        for (key, rule) in items { key.withUnsafeBufferPointer { insert($0, rule: rule, marked: false) } }
    }

    /// An empty table sized for `expectedCount` keys; fill it with `insert` in ascending rule order.
    /// `probedByPrefix`: lookups pass incremental FNV-1a hashes to `collect(hash:…)`; otherwise
    /// they look up whole keys with `collect(_:into:)` and `forEachRule`.
    init(expectedCount: Int, probedByPrefix: Bool) {
        self.probedByPrefix = probedByPrefix
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        mask = capacity - 1
        let byteCount = capacity * Self.slotSize
        // Big tables are probed at random: align them to huge pages and ask for those before the
        // memory is first touched, so a lookup does not also pay a TLB miss.
        let alignment = byteCount >= 2 * HugePages.size ? HugePages.size : Self.slotSize
        slots = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: alignment)
        HugePages.advise(UnsafeMutableRawBufferPointer(start: slots, count: byteCount))
        for s in 0..<capacity { slot(s).storeBytes(of: Int32(-1), toByteOffset: 4, as: Int32.self) }
    }

    deinit { slots.deallocate() }

    @inline(__always) private func slot(_ s: Int) -> UnsafeMutableRawPointer { slots + s &* Self.slotSize }

    /// Whether the key in `slot` (whose length is known to be `length`) equals `bytes[0..<length]`.
    @inline(__always)
    private func keyEquals(_ slot: UnsafeMutableRawPointer, _ bytes: UnsafePointer<UInt8>?, _ length: Int) -> Bool {
        guard length > 0, let bytes else { return true }
        let head = min(length, Self.inlineCapacity)
        guard bytesEqual(UnsafeRawPointer(slot + Self.inlineOffset), UnsafeRawPointer(bytes), head) else { return false }
        guard length > head else { return true }
        let start = Int(slot.load(fromByteOffset: 12, as: UInt32.self))
        return overflow.withUnsafeBytes { o in
            bytesEqual(o.baseAddress! + start, UnsafeRawPointer(bytes + head), length - head)
        }
    }

    /// Adds a rule under `key` (rules must come in ascending order); `marked` sets the first-rule mark.
    func insert(_ key: UnsafeBufferPointer<UInt8>, rule: Int32, marked: Bool) {
        precondition(key.count <= Int(Self.lengthMask), "key too long for the index")
        isEmpty = false
        let m = Self.mix(keyHash(key))
        let tag = UInt32(truncatingIfNeeded: m >> 32)
        var s = Int(truncatingIfNeeded: m) & mask
        while slot(s).load(fromByteOffset: 4, as: Int32.self) >= 0 {
            let p = slot(s)
            let word = p.load(fromByteOffset: 8, as: UInt32.self)
            if p.load(as: UInt32.self) == tag && Int(word & Self.lengthMask) == key.count && keyEquals(p, key.baseAddress, key.count) {
                let posting = Int32(postings.count)
                postings.append((rule, -1))
                if let last = lastOf[s] {
                    postings[Int(last)].next = posting
                } else {
                    moreOf[s] = posting
                    p.storeBytes(of: word | Self.moreFlag, toByteOffset: 8, as: UInt32.self)
                }
                lastOf[s] = posting
                return
            }
            s = (s + 1) & mask
        }
        let p = slot(s)
        p.storeBytes(of: tag, toByteOffset: 0, as: UInt32.self)
        p.storeBytes(of: rule, toByteOffset: 4, as: Int32.self)
        p.storeBytes(of: UInt32(key.count) | (marked ? Self.markFlag : 0), toByteOffset: 8, as: UInt32.self)
        let head = min(key.count, Self.inlineCapacity)
        if head > 0 { (p + Self.inlineOffset).copyMemory(from: key.baseAddress!, byteCount: head) }
        if key.count > head {
            precondition(overflow.count <= Int(UInt32.max), "index overflow arena full")
            p.storeBytes(of: UInt32(overflow.count), toByteOffset: 12, as: UInt32.self)
            overflow.append(contentsOf: key[head...])
        }
        if hasLength.count <= key.count { hasLength += Array(repeating: false, count: key.count + 1 - hasLength.count) }
        hasLength[key.count] = true
    }

    /// The slot of the key equal to `bytes[0..<length]` whose FNV-1a hash is `h`, -1 when absent.
    @inline(__always)
    private func find(hash h: UInt64, bytes: UnsafeBufferPointer<UInt8>, length: Int) -> Int {
        let m = Self.mix(h)
        let tag = UInt32(truncatingIfNeeded: m >> 32)
        var s = Int(truncatingIfNeeded: m) & mask
        while true {
            let p = slot(s)
            if p.load(fromByteOffset: 4, as: Int32.self) < 0 { return -1 }
            if p.load(as: UInt32.self) == tag && Int(p.load(fromByteOffset: 8, as: UInt32.self) & Self.lengthMask) == length
                && keyEquals(p, bytes.baseAddress, length)
            {
                return s
            }
            s = (s + 1) & mask
        }
    }

    /// The rules of the key equal to `bytes[0..<length]`, whose FNV-1a hash is `h`, appended to
    /// `out` (tables probed by prefix).
    @inline(__always)
    func collect(hash h: UInt64, bytes: UnsafeBufferPointer<UInt8>, length: Int, into out: inout [Int32]) {
        collect(slot: find(hash: h, bytes: bytes, length: length), into: &out)
    }

    /// The rules of the key equal to `key`, appended to `out`.
    @inline(__always)
    func collect(_ key: UnsafeBufferPointer<UInt8>, into out: inout [Int32]) {
        collect(slot: find(hash: keyHash(key), bytes: key, length: key.count), into: &out)
    }

    @inline(__always)
    private func collect(slot s: Int, into out: inout [Int32]) {
        guard s >= 0 else { return }
        let p = slot(s)
        out.append(p.load(fromByteOffset: 4, as: Int32.self))
        if p.load(fromByteOffset: 8, as: UInt32.self) & Self.moreFlag != 0 {
            var n = moreOf[s]!
            while n >= 0 {
                out.append(postings[Int(n)].rule)
                n = postings[Int(n)].next
            }
        }
    }

    /// The rules of a key in order, without building an array; `body` gets each rule and whether
    /// it is the marked first rule, and returns false to stop.
    @inline(__always)
    func forEachRule(bytes: UnsafeBufferPointer<UInt8>, _ body: (Int32, Bool) -> Bool) {
        let s = find(hash: keyHash(bytes), bytes: bytes, length: bytes.count)
        guard s >= 0 else { return }
        let p = slot(s)
        let word = p.load(fromByteOffset: 8, as: UInt32.self)
        guard body(p.load(fromByteOffset: 4, as: Int32.self), word & Self.markFlag != 0), word & Self.moreFlag != 0 else { return }
        var n = moreOf[s]!
        while n >= 0 {
            guard body(postings[Int(n)].rule, false) else { return }
            n = postings[Int(n)].next
        }
    }

    func hasKey(ofLength n: Int) -> Bool { n < hasLength.count && hasLength[n] }
}

extension UInt64 {
    fileprivate var rotatedLeft5: UInt64 { (self << 5) | (self >> 59) }
}

/// Byte equality eight bytes at a time (keys are a few dozen bytes: cheaper than a `memcmp` call).
@inline(__always)
private func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}

#if canImport(Glibc)
    import Glibc
#endif

/// `madvise(MADV_HUGEPAGE)` for large, randomly probed buffers (a no-op elsewhere or when small).
enum HugePages {
    static let size = 2 << 20

    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
            guard let base = buffer.baseAddress, buffer.count >= 2 * size else { return }
            let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
            let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
            guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(p, end - start, MADV_HUGEPAGE)
        #endif
    }
}
