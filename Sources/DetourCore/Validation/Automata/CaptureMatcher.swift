/// Finds a portable regex in a string the way PCRE does — leftmost start, greedy quantifiers,
/// backtracking — and reports the groups, so a witness path can be turned into the exact
/// `Location` the rule would send.
public struct CaptureMatcher {
    let regex: PortableRegex
    let foldCase: Bool

    public init(_ regex: PortableRegex, foldCase: Bool = false) {
        self.regex = regex
        self.foldCase = foldCase
    }

    /// The groups of the first match (index 0 is the whole match), nil when there is no match.
    public func firstMatch(_ text: [UInt8]) -> [[UInt8]?]? {
        let run = Run(text: text, foldCase: foldCase, groups: [(Int, Int)?](repeating: nil, count: regex.groupCount + 1))
        for start in 0...text.count {
            var endPos = -1
            if run.match(
                regex.root, start,
                {
                    endPos = $0
                    return true
                })
            {
                run.groups[0] = (start, endPos)
                return run.groups.map { $0.map { Array(text[$0.0..<$0.1]) } }
            }
        }
        return nil
    }

    private final class Run {
        init(text: [UInt8], foldCase: Bool, groups: [(Int, Int)?]) {
            self.text = text
            self.foldCase = foldCase
            self.groups = groups
        }

        let text: [UInt8]
        let foldCase: Bool
        var groups: [(Int, Int)?]
        var steps = 0

        func match(_ node: RegexNode, _ pos: Int, _ k: (Int) -> Bool) -> Bool {
            steps += 1
            if steps > 2_000_000 { return false }
            switch node {
            case .empty: return k(pos)
            case .startAnchor: return pos == 0 && k(pos)
            case .endAnchor: return pos == text.count && k(pos)
            case .bytes(let set):
                guard pos < text.count else { return false }
                let b = text[pos]
                let ok = set.contains(b) || (foldCase && Run.isLetter(b) && set.contains(b ^ 0x20))
                return ok && k(pos + 1)
            case .concat(let parts):
                return matchSequence(parts[...], pos, k)
            case .alternation(let alts):
                for alt in alts where match(alt, pos, k) { return true }
                return false
            case .group(let inner, let capture):
                guard let n = capture else { return match(inner, pos, k) }
                let saved = groups[n]
                if match(
                    inner, pos,
                    { end in
                        let before = self.groups[n]
                        self.groups[n] = (pos, end)
                        if k(end) { return true }
                        self.groups[n] = before
                        return false
                    })
                {
                    return true
                }
                groups[n] = saved
                return false
            case .repetition(let inner, let lo, let hi):
                return repeatMatch(inner, lo, hi, 0, pos, k)
            }
        }

        func matchSequence(_ parts: ArraySlice<RegexNode>, _ pos: Int, _ k: (Int) -> Bool) -> Bool {
            guard let first = parts.first else { return k(pos) }
            let rest = parts.dropFirst()
            return match(first, pos) { p in self.matchSequence(rest, p, k) }
        }

        func repeatMatch(_ inner: RegexNode, _ lo: Int, _ hi: Int?, _ count: Int, _ pos: Int, _ k: (Int) -> Bool) -> Bool {
            if hi == nil || count < hi! {
                if match(
                    inner, pos,
                    { p in
                        // An iteration that consumed nothing cannot help and would loop forever.
                        if p == pos && count >= lo { return false }
                        return self.repeatMatch(inner, lo, hi, count + 1, p, k)
                    })
                {
                    return true
                }
            }
            return count >= lo && k(pos)
        }

        static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) }
    }
}
