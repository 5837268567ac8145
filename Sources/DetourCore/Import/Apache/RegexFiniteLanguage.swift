/// The strings a regex anchored at both ends matches, when they are few: `^(www\.)?example\.com$`
/// → `example.com`, `www.example.com`. Host conditions of Apache (`%{HTTP_HOST}`) become Detour
/// hosts this way. Letters are compared without case, as host names are.
enum RegexFiniteLanguage {
    /// nil when the regex is not anchored at both ends, has an unbounded repetition, or matches
    /// more than `limit` strings.
    static func hosts(_ regex: PortableRegex, limit: Int = 32) -> [String]? {
        guard case .concat(var parts) = regex.root, parts.first == .startAnchor, parts.last == .endAnchor else { return nil }
        parts.removeFirst()
        parts.removeLast()
        guard let bytes = strings(.concat(parts), limit: limit) else { return nil }
        var seen = Set<String>()
        return bytes.map { String(decoding: $0, as: UTF8.self) }.filter { seen.insert($0).inserted }
    }

    private static func strings(_ node: RegexNode, limit: Int) -> [[UInt8]]? {
        switch node {
        case .empty: return [[]]
        case .bytes(let set):
            var lowered = Set<UInt8>()
            for b in set.members { lowered.insert(b >= 0x41 && b <= 0x5a ? b + 0x20 : b) }
            guard lowered.count <= 4 else { return nil }
            return lowered.sorted().map { [$0] }
        case .concat(let parts):
            var out: [[UInt8]] = [[]]
            for p in parts {
                guard let next = strings(p, limit: limit) else { return nil }
                out = out.flatMap { a in next.map { a + $0 } }
                guard out.count <= limit else { return nil }
            }
            return out
        case .alternation(let alternatives):
            var out: [[UInt8]] = []
            for a in alternatives {
                guard let s = strings(a, limit: limit) else { return nil }
                out += s
                guard out.count <= limit else { return nil }
            }
            return out
        case .group(let inner, _): return strings(inner, limit: limit)
        case .repetition(let inner, let min, let max?):
            guard max <= 8, let one = strings(inner, limit: limit) else { return nil }
            var out: [[UInt8]] = []
            var current: [[UInt8]] = [[]]
            for n in 0...max {
                if n >= min { out += current }
                guard out.count <= limit else { return nil }
                if n < max { current = current.flatMap { a in one.map { a + $0 } } }
            }
            return out
        case .repetition, .startAnchor, .endAnchor: return nil
        }
    }
}
