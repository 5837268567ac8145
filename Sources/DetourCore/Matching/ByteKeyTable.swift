/// An open-addressing hash table from byte strings to ascending lists of rule indices, with keys
/// packed in one buffer so that 10⁶ keys cost a few flat arrays instead of 10⁶ allocations. The
/// hash is FNV-1a, which can be computed incrementally: one pass over a request path yields the
/// hash of every prefix, so "which rule prefixes does this path start with" is one probe per
/// distinct prefix length seen in the rules.
///
/// Layout is for cache misses: a slot holds the hash's high bits and the entry number, an entry
/// holds where its key is and its first rule, and only keys shared by several rules use the
/// posting chain.
struct ByteKeyTable: Sendable {
    private struct Entry {
        var start: UInt32
        var length: UInt32
        var firstRule: Int32
        /// Index into `postings` of the second rule, -1 when the key has one rule.
        var more: Int32
        /// Last posting, for appending in order.
        var last: Int32
    }

    private var keyBytes: [UInt8] = []
    private var entries: [Entry] = []
    /// (rule, next posting) pairs for keys with several rules.
    private var postings: [(rule: Int32, next: Int32)] = []
    /// 0 empty, else (hash >> 32) << 32 | (entry + 1).
    private var slots: [UInt64] = []
    private var mask = 0
    /// `hasLength[n]`: some key has n bytes.
    private(set) var hasLength: [Bool] = []

    var isEmpty: Bool { entries.isEmpty }

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h = offsetBasis
        for b in bytes { h = step(h, b) }
        return h
    }
    @inline(__always) private static func mix(_ h: UInt64) -> UInt64 { (h ^ (h >> 31)) &* 0xbf58_476d_1ce4_e5b9 }

    /// Builds the table; `entries` must come in ascending rule order.
    init(_ items: [(key: [UInt8], rule: Int32)]) {
        var capacity = 16
        while capacity < items.count * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        entries.reserveCapacity(items.count)
        for (key, rule) in items { insert(key, rule: rule) }
    }

    private mutating func insert(_ key: [UInt8], rule: Int32) {
        let m = Self.mix(Self.hash(key))
        let tag = m & 0xffff_ffff_0000_0000
        var s = Int(truncatingIfNeeded: m) & mask
        while slots[s] != 0 {
            if slots[s] & 0xffff_ffff_0000_0000 == tag {
                let e = Int(slots[s] & 0xffff_ffff) - 1
                if equals(e, key) {
                    let posting = Int32(postings.count)
                    postings.append((rule, -1))
                    if entries[e].more < 0 { entries[e].more = posting } else { postings[Int(entries[e].last)].next = posting }
                    entries[e].last = posting
                    return
                }
            }
            s = (s + 1) & mask
        }
        slots[s] = tag | UInt64(entries.count + 1)
        entries.append(Entry(start: UInt32(keyBytes.count), length: UInt32(key.count), firstRule: rule, more: -1, last: -1))
        keyBytes.append(contentsOf: key)
        if hasLength.count <= key.count { hasLength += Array(repeating: false, count: key.count + 1 - hasLength.count) }
        hasLength[key.count] = true
    }

    private func equals(_ e: Int, _ key: [UInt8]) -> Bool {
        guard Int(entries[e].length) == key.count else { return false }
        let start = Int(entries[e].start)
        for i in 0..<key.count where keyBytes[start + i] != key[i] { return false }
        return true
    }

    /// The rules of the key equal to `bytes[0..<length]`, whose FNV-1a hash is `h`, appended to `out`.
    @inline(__always)
    func collect(hash h: UInt64, bytes: UnsafeBufferPointer<UInt8>, length: Int, into out: inout [Int32]) {
        let m = Self.mix(h)
        let tag = m & 0xffff_ffff_0000_0000
        var s = Int(truncatingIfNeeded: m) & mask
        slots.withUnsafeBufferPointer { slots in
            while slots[s] != 0 {
                if slots[s] & 0xffff_ffff_0000_0000 == tag {
                    let e = Int(slots[s] & 0xffff_ffff) - 1
                    let entry = entries[e]
                    if Int(entry.length) == length && (length == 0 || keyBytes.withUnsafeBufferPointer { kb in
                        memcmpEqual(kb.baseAddress! + Int(entry.start), bytes.baseAddress, length)
                    }) {
                        out.append(entry.firstRule)
                        var p = entry.more
                        while p >= 0 { out.append(postings[Int(p)].rule); p = postings[Int(p)].next }
                        return
                    }
                }
                s = (s + 1) & mask
            }
        }
    }

    func hasKey(ofLength n: Int) -> Bool { n < hasLength.count && hasLength[n] }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
    guard n > 0, let b else { return true }
    var i = 0
    while i < n { if a[i] != b[i] { return false }; i += 1 }
    return true
}
