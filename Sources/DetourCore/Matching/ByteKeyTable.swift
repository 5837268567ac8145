/// An open-addressing hash table from byte strings to ascending lists of rule indices, with keys
/// packed in one buffer so that 10⁶ keys cost a few flat arrays instead of 10⁶ allocations. The
/// hash is FNV-1a, which can be computed incrementally: one pass over a request path yields the
/// hash of every prefix, so "which rule prefixes does this path start with" is one probe per
/// distinct prefix length seen in the rules.
struct ByteKeyTable: Sendable {
    private var keyBytes: [UInt8] = []
    private var keyStart: [Int32] = []
    private var keyLength: [Int32] = []
    private var keyHash: [UInt64] = []
    private var firstPosting: [Int32] = []
    private var lastPosting: [Int32] = []
    private var postingRule: [Int32] = []
    private var postingNext: [Int32] = []
    private var slots: [Int32] = []
    private var mask = 0
    /// `hasLength[n]`: some key has n bytes.
    private(set) var hasLength: [Bool] = []

    var isEmpty: Bool { keyStart.isEmpty }

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h = offsetBasis
        for b in bytes { h = step(h, b) }
        return h
    }
    @inline(__always) private func slot(_ h: UInt64) -> Int {
        Int(truncatingIfNeeded: ((h ^ (h >> 31)) &* 0xbf58_476d_1ce4_e5b9) >> 20) & mask
    }

    /// Builds the table; `entries` must come in ascending rule order.
    init(_ entries: [(key: [UInt8], rule: Int32)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        postingRule.reserveCapacity(entries.count)
        postingNext.reserveCapacity(entries.count)
        for (key, rule) in entries { insert(key, rule: rule) }
    }

    private mutating func insert(_ key: [UInt8], rule: Int32) {
        let h = Self.hash(key)
        let posting = Int32(postingRule.count)
        postingRule.append(rule)
        postingNext.append(-1)
        var s = slot(h)
        while slots[s] >= 0 {
            let e = Int(slots[s])
            if keyHash[e] == h && equals(e, key) {
                postingNext[Int(lastPosting[e])] = posting
                lastPosting[e] = posting
                return
            }
            s = (s + 1) & mask
        }
        let e = Int32(keyStart.count)
        slots[s] = e
        keyStart.append(Int32(keyBytes.count))
        keyLength.append(Int32(key.count))
        keyHash.append(h)
        keyBytes.append(contentsOf: key)
        firstPosting.append(posting)
        lastPosting.append(posting)
        if hasLength.count <= key.count { hasLength += Array(repeating: false, count: key.count + 1 - hasLength.count) }
        hasLength[key.count] = true
    }

    private func equals(_ e: Int, _ key: [UInt8]) -> Bool {
        guard Int(keyLength[e]) == key.count else { return false }
        let start = Int(keyStart[e])
        for i in 0..<key.count where keyBytes[start + i] != key[i] { return false }
        return true
    }

    /// The rules of the key equal to `bytes[0..<length]`, whose FNV-1a hash is `h`, appended to `out`.
    func collect(hash h: UInt64, bytes: UnsafeBufferPointer<UInt8>, length: Int, into out: inout [Int32]) {
        var s = slot(h)
        while slots[s] >= 0 {
            let e = Int(slots[s])
            if keyHash[e] == h && Int(keyLength[e]) == length {
                let start = Int(keyStart[e])
                var same = true
                for i in 0..<length where keyBytes[start + i] != bytes[i] { same = false; break }
                if same {
                    var p = firstPosting[e]
                    while p >= 0 { out.append(postingRule[Int(p)]); p = postingNext[Int(p)] }
                    return
                }
            }
            s = (s + 1) & mask
        }
    }

    func hasKey(ofLength n: Int) -> Bool { n < hasLength.count && hasLength[n] }
}
