/// An open-addressing hash table from byte strings to ascending lists of rule indices, with keys
/// packed in one buffer so that 10⁶ keys cost a few flat arrays instead of 10⁶ allocations. The
/// hash is FNV-1a, which can be computed incrementally: one pass over a request path yields the
/// hash of every prefix, so "which rule prefixes does this path start with" is one probe per
/// distinct prefix length seen in the rules.
///
/// Layout is for cache misses: one 16-byte slot holds the hash tag, where the key is and its first
/// rule, so a lookup touches the slot and the key bytes; only keys shared by several rules use the
/// posting chain.
///
/// A class, not a struct: calling into a struct stored in the matcher retained each of its arrays
/// on every lookup. It is never mutated after `init`, hence `@unchecked Sendable`.
final class ByteKeyTable: @unchecked Sendable {
    private struct Slot {
        /// High 32 bits of the mixed hash.
        var tag: UInt32 = 0
        var start: UInt32 = 0
        /// -1: empty.
        var firstRule: Int32 = -1
        var length: UInt16 = 0
        /// Bit 0: the key has more rules in `postings`, starting at `moreOf[slot]`. Bit 1: the caller's
        /// mark for the first rule (the matcher marks exact rules with nothing else to check).
        var flags: UInt16 = 0
    }

    private var keyBytes: [UInt8] = []
    private var slots: [Slot] = []
    /// Keys longer than a slot's 16-bit length field: length by slot index.
    private var longLengths: [Int: Int] = [:]
    private var moreOf: [Int: Int32] = [:]
    private var lastOf: [Int: Int32] = [:]
    /// (rule, next posting) pairs for keys with several rules.
    private var postings: [(rule: Int32, next: Int32)] = []
    private var mask = 0
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

    /// Builds the table; `items` must come in ascending rule order.
    convenience init(_ items: [(key: [UInt8], rule: Int32)]) {
        self.init(expectedCount: items.count)
        for (key, rule) in items { key.withUnsafeBufferPointer { insert($0, rule: rule, marked: false) } }
    }

    /// An empty table sized for `expectedCount` keys (and about `expectedBytes` of key text); fill
    /// it with `insert` in ascending rule order.
    init(expectedCount: Int, expectedBytes: Int = 0) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        // Big tables are probed at random: ask for huge pages before the memory is first touched,
        // so a lookup does not also pay a TLB miss per access.
        slots = [Slot](unsafeUninitializedCapacity: capacity) { buffer, count in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            buffer.initialize(repeating: Slot())
            count = capacity
        }
        mask = capacity - 1
        if expectedBytes > 0 {
            keyBytes.reserveCapacity(expectedBytes)
            HugePages.adviseReserved(&keyBytes)
        }
    }

    @inline(__always) private func length(_ s: Int) -> Int {
        slots[s].length == UInt16.max ? longLengths[s]! : Int(slots[s].length)
    }

    /// Adds a rule under `key` (rules must come in ascending order); `marked` sets the first-rule mark.
    func insert(_ key: UnsafeBufferPointer<UInt8>, rule: Int32, marked: Bool) {
        isEmpty = false
        let m = Self.mix(Self.hash(key))
        let tag = UInt32(truncatingIfNeeded: m >> 32)
        var s = Int(truncatingIfNeeded: m) & mask
        while slots[s].firstRule >= 0 {
            if slots[s].tag == tag && length(s) == key.count && keyBytes[Int(slots[s].start)..<(Int(slots[s].start) + key.count)].elementsEqual(key) {
                let posting = Int32(postings.count)
                postings.append((rule, -1))
                if let last = lastOf[s] { postings[Int(last)].next = posting } else { moreOf[s] = posting; slots[s].flags |= 1 }
                lastOf[s] = posting
                return
            }
            s = (s + 1) & mask
        }
        slots[s] = Slot(tag: tag, start: UInt32(keyBytes.count), firstRule: rule,
                        length: key.count >= Int(UInt16.max) ? UInt16.max : UInt16(key.count), flags: marked ? 2 : 0)
        if key.count >= Int(UInt16.max) { longLengths[s] = key.count }
        keyBytes.append(contentsOf: key)
        if hasLength.count <= key.count { hasLength += Array(repeating: false, count: key.count + 1 - hasLength.count) }
        hasLength[key.count] = true
    }

    /// The slot of the key equal to `bytes[0..<length]` whose FNV-1a hash is `h`, -1 when absent.
    @inline(__always)
    private func find(hash h: UInt64, bytes: UnsafeBufferPointer<UInt8>, length: Int) -> Int {
        let m = Self.mix(h)
        let tag = UInt32(truncatingIfNeeded: m >> 32)
        var s = Int(truncatingIfNeeded: m) & mask
        return slots.withUnsafeBufferPointer { slots in
            while slots[s].firstRule >= 0 {
                if slots[s].tag == tag && self.length(s) == length {
                    let start = Int(slots[s].start)
                    let same = length == 0 || keyBytes.withUnsafeBufferPointer { kb in
                        memcmpEqual(kb.baseAddress! + start, bytes.baseAddress, length)
                    }
                    if same { return s }
                }
                s = (s + 1) & mask
            }
            return -1
        }
    }

    /// The rules of the key equal to `bytes[0..<length]`, whose FNV-1a hash is `h`, appended to `out`.
    @inline(__always)
    func collect(hash h: UInt64, bytes: UnsafeBufferPointer<UInt8>, length: Int, into out: inout [Int32]) {
        let s = find(hash: h, bytes: bytes, length: length)
        guard s >= 0 else { return }
        out.append(slots[s].firstRule)
        if slots[s].flags & 1 != 0 {
            var p = moreOf[s]!
            while p >= 0 { out.append(postings[Int(p)].rule); p = postings[Int(p)].next }
        }
    }

    /// The rules of a key in order, without building an array; `body` gets each rule and whether
    /// it is the marked first rule, and returns false to stop.
    @inline(__always)
    func forEachRule(bytes: UnsafeBufferPointer<UInt8>, _ body: (Int32, Bool) -> Bool) {
        var h = Self.offsetBasis
        for b in bytes { h = Self.step(h, b) }
        let s = find(hash: h, bytes: bytes, length: bytes.count)
        guard s >= 0 else { return }
        let slot = slots[s]
        guard body(slot.firstRule, slot.flags & 2 != 0), slot.flags & 1 != 0 else { return }
        var p = moreOf[s]!
        while p >= 0 {
            guard body(postings[Int(p)].rule, false) else { return }
            p = postings[Int(p)].next
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

    /// Advises the reserved (not yet used) capacity of an array.
    static func adviseReserved(_ bytes: inout [UInt8]) {
        let capacity = bytes.capacity
        bytes.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return }
            advise(UnsafeMutableRawBufferPointer(start: base, count: capacity))
        }
    }
}
