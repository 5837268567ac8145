/// The regex sources Netlify can say without regular expressions: `^`, then path segments that are
/// literal text or one whole-segment group `([^/]+)` (a `:placeholder`), optionally ending with
/// `/(.*)` (a splat), then `$` — the shapes Detour's Netlify importer makes of placeholders.
enum NetlifyRegexShape {
    private static let segmentBytes = ByteSet([0x2f]).complement
    private static let anyBytes = ByteSet.all

    /// The `from` path (`/news/:p1/:p2`, `/docs/:p1/*`) and the names of its captures in order;
    /// nil when the regex has another shape.
    static func path(of root: RegexNode) -> (String, [String])? {
        guard case .concat(let parts) = root, parts.first == .startAnchor, parts.last == .endAnchor, parts.count >= 3 else { return nil }
        var path = ""
        var names: [String] = []
        let body = Array(parts.dropFirst().dropLast())
        for (i, node) in body.enumerated() {
            switch node {
            case .bytes(let set):
                guard let b = set.single, b != 0x2a, b != 0x3a, b > 0x20, b < 0x7f, b != 0x3f, b != 0x23 else { return nil }
                path.append(Character(UnicodeScalar(b)))
            case .group(let inner, let capture?):
                guard capture == names.count + 1, path.hasSuffix("/") else { return nil }
                let next: RegexNode? = i + 1 < body.count ? body[i + 1] : nil
                if inner == .repetition(.bytes(segmentBytes), min: 1, max: nil) {
                    // A placeholder is a whole segment: a '/' or the end follows it.
                    guard next == nil || next == .bytes(ByteSet([0x2f])) else { return nil }
                    names.append("p\(capture)")
                    path += ":p\(capture)"
                } else if inner == .repetition(.bytes(anyBytes), min: 0, max: nil) || inner == .repetition(.bytes(ByteSet.dot), min: 0, max: nil),
                    next == nil
                {
                    names.append("splat")
                    path += "*"
                } else {
                    return nil
                }
            default:
                return nil
            }
        }
        return names.isEmpty ? nil : (path, names)
    }
}
