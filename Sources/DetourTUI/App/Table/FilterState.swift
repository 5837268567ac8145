import DetourCore

/// The `/` filter: a query and the rules that match it, found incrementally in chunks so typing
/// never waits for a scan of 10⁶ rules.
public struct FilterState: Sendable {
    public var field: TextField
    /// Indices of matching rules, ascending.
    public private(set) var matches: [Int] = []
    /// Rules scanned so far; the scan is complete when this reaches the rule count.
    public private(set) var scanned = 0
    private var needle: [UInt8] = []

    /// Rules checked per step: about 2–4 ms of work, so input is read between steps.
    public static let chunkSize = 40_000

    public init(query: String = "") {
        field = TextField(query)
        needle = FilterState.folded(query)
    }

    public var query: String { field.text }
    public var isEmpty: Bool { needle.isEmpty }
    public func isComplete(total: Int) -> Bool { scanned >= total }

    /// Starts over after the query changed.
    public mutating func restart() {
        needle = FilterState.folded(field.text)
        matches.removeAll(keepingCapacity: true)
        scanned = 0
    }

    /// Scans the next chunk of `rules`.
    public mutating func step(_ rules: [Rule], chunk: Int = FilterState.chunkSize) {
        let end = min(rules.count, scanned + chunk)
        guard scanned < end else { return }
        let needle = self.needle
        rules.withUnsafeBufferPointer { buffer in
            for i in scanned..<end where FilterState.matches(buffer[i], needle) { matches.append(i) }
        }
        scanned = end
    }

    /// Whether `rule` matches the current query.
    public func matches(_ rule: Rule) -> Bool { FilterState.matches(rule, needle) }

    /// Keeps `matches` right after an edit without rescanning everything.
    public mutating func adjust(for edit: RuleEdit, rules: [Rule]) {
        switch edit {
        case .replace(let i, _, let new):
            let pos = lowerBound(i)
            let has = pos < matches.count && matches[pos] == i
            let should = i < scanned && matches(new)
            if has && !should { matches.remove(at: pos) }
            if !has && should { matches.insert(i, at: pos) }
        case .insert(let i, let r):
            let pos = lowerBound(i)
            for k in pos..<matches.count { matches[k] += 1 }
            if i < scanned || scanned >= rules.count - 1 {
                scanned += 1
                if matches(r) { matches.insert(i, at: pos) }
            }
        case .remove(let i, _):
            let pos = lowerBound(i)
            if pos < matches.count, matches[pos] == i { matches.remove(at: pos) }
            for k in pos..<matches.count { matches[k] -= 1 }
            if i < scanned { scanned -= 1 }
        case .swapWithNext(let i):
            let a = lowerBound(i)
            let hasA = a < matches.count && matches[a] == i
            let b = lowerBound(i + 1)
            let hasB = b < matches.count && matches[b] == i + 1
            if hasA && !hasB { matches[a] = i + 1 }
            if hasB && !hasA { matches[b] = i }
        case .replaceAll:
            restart()
        }
    }

    /// First position in `matches` whose index is ≥ `i`.
    public func lowerBound(_ i: Int) -> Int {
        var lo = 0
        var hi = matches.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if matches[mid] < i { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func folded(_ s: String) -> [UInt8] { s.utf8.map(fold) }

    @inline(__always) static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    static func matches(_ rule: borrowing Rule, _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if contains(rule.id, needle) || contains(rule.source.storedText, needle) || contains(rule.target.storedText, needle) {
            return true
        }
        if let n = rule.note, contains(n, needle) { return true }
        if let o = rule.owner, contains(o, needle) { return true }
        return rule.tags.contains { contains($0, needle) }
    }

    /// ASCII-case-insensitive substring search on UTF-8 bytes (no allocation per rule).
    static func contains(_ s: String, _ needle: [UInt8]) -> Bool {
        // Native strings are contiguous UTF-8; a bridged one is copied once.
        if let found = s.utf8.withContiguousStorageIfAvailable({ search($0, needle) }) { return found }
        return Array(s.utf8).withUnsafeBufferPointer { search($0, needle) }
    }

    /// The same search on a rule text's stored bytes (a bulk file's texts are not `String`s).
    static func contains(_ t: RuleText, _ needle: [UInt8]) -> Bool { t.withUTF8 { search($0, needle) } }

    private static func search(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard hay.count >= n else { return false }
        let first = needle[0]
        var i = 0
        let last = hay.count - n
        while i <= last {
            if fold(hay[i]) == first {
                var k = 1
                while k < n, fold(hay[i + k]) == needle[k] { k += 1 }
                if k == n { return true }
            }
            i += 1
        }
        return false
    }
}
