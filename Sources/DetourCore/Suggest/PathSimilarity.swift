/// How alike two URL paths are, for `detour suggest`: the slug (last segment without its file
/// extension) and the words of the whole path, both lower-cased.
public enum PathSimilarity {
    /// Extensions and names that say nothing about the page (`/a/index.html` is `/a`).
    static let noiseWords: Set<String> = ["html", "htm", "php", "asp", "aspx", "jsp", "cgi", "shtml", "index", "default", "www"]

    /// `/Blog/2019/My-Post.html` → `my-post`; nil for `/` or a path of noise only.
    public static func slug(_ path: String) -> String? {
        var segments = path.lowercased().split(separator: "/")
        while let last = segments.last {
            var name = Substring(last)
            if let dot = name.lastIndex(of: "."), noiseWords.contains(String(name[name.index(after: dot)...])) { name = name[..<dot] }
            if name.isEmpty || noiseWords.contains(String(name)) {
                segments.removeLast()
                continue
            }
            return String(name)
        }
        return nil
    }

    /// The words of a path: letters and digits between any other characters, noise words left out.
    public static func words(_ path: String) -> Set<String> {
        Set(path.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init).filter { !noiseWords.contains($0) })
    }

    /// 0…1: one for the same slug, else a blend of how close the slugs are as text (edit
    /// distance), how many of their words they share (cosine: `about-us` and `about` share half
    /// of one and all of the other) and how many words the whole paths share.
    public static func score(_ a: String, _ b: String) -> Double {
        guard let sa = slug(a), let sb = slug(b) else { return 0 }
        if sa == sb { return 1 }
        let closeness = 1 - Double(editDistance(Array(sa.utf8), Array(sb.utf8))) / Double(max(sa.utf8.count, sb.utf8.count))
        let slugWordsA = words(sa)
        let slugWordsB = words(sb)
        let cosine =
            slugWordsA.isEmpty || slugWordsB.isEmpty
            ? 0 : Double(slugWordsA.intersection(slugWordsB).count) / Double(slugWordsA.count * slugWordsB.count).squareRoot()
        let wa = words(a)
        let wb = words(b)
        let union = wa.union(wb).count
        let shared = union == 0 ? 0 : Double(wa.intersection(wb).count) / Double(union)
        return 0.45 * closeness + 0.4 * cosine + 0.15 * shared
    }

    /// Levenshtein distance of two byte strings.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
