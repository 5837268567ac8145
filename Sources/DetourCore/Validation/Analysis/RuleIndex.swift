#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the rules whose source could take a given path (or some path starting with given bytes)
/// without looking at every rule: exact sources by hash, prefix sources and regex literal prefixes
/// by a rolling hash over the path's prefixes, plus range queries over sorted keys for the paths
/// that *extend* a given head. Regexes with no literal prefix are always candidates.
final class RuleIndex {
    let set: RuleSet
    let foldCase: Bool
    let foldSlash: Bool
    /// Exact sources by the hash of their key: the first rule, and any further ones.
    private var exact: HashSlots
    /// Prefix sources and regex literal prefixes by the hash of the prefix.
    private var prefixes: HashSlots
    private(set) var unprefixedRegexes: [Int32] = []
    /// Which prefix lengths occur among prefix sources and regex literal prefixes, so a lookup
    /// hashes only at those lengths.
    private var prefixLengths: [Bool] = []
    /// First segments ("/shop/") of the prefix keys that reach past one: a path whose first segment
    /// is not here can only be taken by prefixes no longer than that segment.
    private var prefixSegments: Set<UInt64> = []
    /// (key, rule) sorted by key, built on first use.
    private var sortedCache: [(key: [UInt8], rule: Int32)]?
    private(set) var included: [Bool] = []
    /// Hashes of the first path segment ("/shop/") of every source key that has one: a head
    /// whose segment is not here cannot be extended by any source, and the sorted keys are spared.
    private lazy var firstSegments: FirstSlots = {
        var slots = FirstSlots(capacity: set.rules.count)
        for i in set.rules.indices where included[i] {
            if let p = set.rules[i].source.exactPath {
                if let h = p.withUTF8({ firstSegmentHash($0) }) { _ = slots.insertOrFirst(h, Int32(i)) }
                continue
            }
            switch set.rules[i].source.kind {
            case .exact(let p), .prefix(let p):
                if let h = firstSegmentHash(p.utf8) { _ = slots.insertOrFirst(h, Int32(i)) }
            case .regex(let r):
                if let h = firstSegmentHash(r.literalPrefix) { _ = slots.insertOrFirst(h, Int32(i)) }
            }
        }
        return slots
    }()

    init(_ set: RuleSet, include: (Int) -> Bool) {
        self.set = set
        foldCase = set.site.pathCase == .insensitive
        foldSlash = set.site.trailingSlash == .fold
        var inc = [Bool](repeating: false, count: set.rules.count)
        included = []
        var exactCount = 0
        var prefixCount = 0
        for r in set.rules { if r.source.isExact { exactCount += 1 } else { prefixCount += 1 } }
        exact = HashSlots(capacity: exactCount)
        prefixes = HashSlots(capacity: prefixCount)

        for i in set.rules.indices where include(i) {
            inc[i] = true
            if let p = set.rules[i].source.exactPath {
                exact.insert(p.withUTF8 { keyHash($0, exact: true) }, Int32(i))
                continue
            }
            switch set.rules[i].source.kind {
            case .exact(let p): exact.insert(keyHash(p.utf8, exact: true), Int32(i))
            case .prefix(let p): prefixes.insert(keyHash(p.utf8, exact: false), Int32(i))
            case .regex(let r):
                let lp = r.literalPrefix
                if lp.isEmpty { unprefixedRegexes.append(Int32(i)) } else { prefixes.insert(keyHash(lp, exact: false), Int32(i)) }
            }
        }
        included = inc
        var lengths: [Bool] = []
        for (i, rule) in set.rules.enumerated() where inc[i] && !rule.source.isExact {
            let n: Int
            switch rule.source.kind {
            case .exact: continue
            case .prefix(let p): n = p.utf8.count
            case .regex(let r): n = r.literalPrefix.count
            }
            if n >= lengths.count { lengths += [Bool](repeating: false, count: n + 1 - lengths.count) }
            lengths[n] = true
            let key: [UInt8]
            switch rule.source.kind {
            case .prefix(let p): key = Array(p.utf8)
            case .regex(let r): key = r.literalPrefix
            case .exact: continue
            }
            if let h = firstSegmentHash(key), firstSegmentEnd(key) < key.count { prefixSegments.insert(h) }
        }
        prefixLengths = lengths
    }

    func key(_ bytes: [UInt8], exact: Bool) -> [UInt8] {
        var b = foldCase ? bytes.map(FirstMatchEvaluator.lower) : bytes
        if exact, foldSlash, b.count > 1, b.last == 0x2f { b.removeLast() }
        return b
    }

    /// FNV-1a of the key of `bytes` (case folded and trailing slash dropped as the site says),
    /// without building the key.
    func keyHash<C: BidirectionalCollection>(_ bytes: C, exact: Bool) -> UInt64 where C.Element == UInt8 {
        if !foldCase && !(exact && foldSlash), let h = bytes.withContiguousStorageIfAvailable({ RuleIndex.hash($0) }) { return h }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var n = 0
        var last: UInt64 = 0
        var pending = false
        // With trailing-slash folding the final '/' is left out; it is only mixed in once another
        // byte follows it.
        let dropSlash = exact && foldSlash
        for b in bytes {
            if pending {
                h = (h ^ last) &* 0x100_0000_01b3
                pending = false
            }
            let c = UInt64(foldCase ? FirstMatchEvaluator.lower(b) : b)
            n += 1
            if dropSlash && c == 0x2f {
                last = c
                pending = true
                continue
            }
            h = (h ^ c) &* 0x100_0000_01b3
        }
        if pending && n == 1 { h = (h ^ last) &* 0x100_0000_01b3 }
        return h
    }

    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Rules that may take exactly `path`, in precedence order (a superset: callers match them).
    func candidates<C: BidirectionalCollection>(path: C) -> [Int] where C.Element == UInt8 {
        if let r = path.withContiguousStorageIfAvailable({ candidates(buffer: $0) }) { return r }
        return Array(path).withUnsafeBufferPointer { candidates(buffer: $0) }
    }

    /// The lookup over raw bytes: one hash for the exact table, and a rolling hash probed only at
    /// the lengths some prefix has.
    private func candidates(buffer path: UnsafeBufferPointer<UInt8>) -> [Int] {
        var out: [Int32] = []
        exact.collect(keyHash(path, exact: true), into: &out)
        if !prefixes.isEmpty {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var limit = min(path.count, prefixLengths.count - 1)
            var n = 0
            var slashes = 0
            while n < limit {
                let b = path[n]
                h = (h ^ UInt64(foldCase ? FirstMatchEvaluator.lower(b) : b)) &* 0x100_0000_01b3
                n += 1
                if prefixLengths[n] { prefixes.collect(h, into: &out) }
                // At the end of the first segment: longer prefixes all start with some other segment.
                if b == 0x2f {
                    slashes += 1
                    if slashes == 2, !prefixSegments.contains(h) { limit = n }
                }
            }
        }
        if !unprefixedRegexes.isEmpty { out += unprefixedRegexes }
        return out.isEmpty ? [] : RuleIndex.ordered(out)
    }

    /// Rules that may take some path starting with `head`.
    /// The hash of the bytes up to and including the second '/', nil when there is no second '/'.
    func firstSegmentHash<C: Collection>(_ bytes: C) -> UInt64? where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var slashes = 0
        for b in bytes {
            let c = foldCase ? FirstMatchEvaluator.lower(b) : b
            h = (h ^ UInt64(c)) &* 0x100_0000_01b3
            if c == 0x2f {
                slashes += 1
                if slashes == 2 { return h }
            }
        }
        return nil
    }

    /// Where the first segment of `bytes` ends (just past its second '/'), or `bytes.count`.
    func firstSegmentEnd(_ bytes: [UInt8]) -> Int {
        var slashes = 0
        for (k, b) in bytes.enumerated() where b == 0x2f {
            slashes += 1
            if slashes == 2 { return k + 1 }
        }
        return bytes.count
    }

    func candidates(head: [UInt8]) -> [Int] {
        var out = candidates(path: head).map { Int32($0) }
        if let seg = firstSegmentHash(head), !firstSegments.contains(seg) { return RuleIndex.ordered(out) }
        let h = key(head, exact: false)
        let sorted = sortedKeys()
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if RuleIndex.less(sorted[mid].key, h) { lo = mid + 1 } else { hi = mid }
        }
        var k = lo
        while k < sorted.count, sorted[k].key.starts(with: h) {
            out.append(sorted[k].rule)
            k += 1
        }
        return RuleIndex.ordered(out)
    }

    private func sortedKeys() -> [(key: [UInt8], rule: Int32)] {
        if let s = sortedCache { return s }
        var all: [(key: [UInt8], rule: Int32)] = []
        for (i, rule) in set.rules.enumerated() where included[i] {
            if let p = rule.source.exactPath {
                all.append((key(p.withUTF8 { Array($0) }, exact: true), Int32(i)))
                continue
            }
            switch rule.source.kind {
            case .exact(let p): all.append((key(Array(p.utf8), exact: true), Int32(i)))
            case .prefix(let p): all.append((key(Array(p.utf8), exact: false), Int32(i)))
            case .regex(let r): if !r.literalPrefix.isEmpty { all.append((key(r.literalPrefix, exact: false), Int32(i))) }
            }
        }
        all.sort { RuleIndex.less($0.key, $1.key) }
        sortedCache = all
        return all
    }

    /// Byte-wise order (memcmp, then length).
    static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let n = min(a.count, b.count)
        let c = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in n == 0 ? 0 : memcmp(pa.baseAddress!, pb.baseAddress!, n) } }
        return c != 0 ? c < 0 : a.count < b.count
    }

    static func ordered(_ list: [Int32]) -> [Int] {
        guard list.count > 1 else { return list.map(Int.init) }
        var seen = Set<Int32>()
        return list.filter { seen.insert($0).inserted }.sorted().map(Int.init)
    }
}
