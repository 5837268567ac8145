/// Finds the page of the new site an old path most likely moved to: the only page with the same
/// slug (confidence 0.95); among several with that slug the closest path (0.75); otherwise the
/// most similar path by slug and words, at most 0.85 (see `PathSimilarity`), among the pages whose
/// slug shares a word with the old one — a page that shares none scores below 0.6 anyway, and the
/// index keeps a large log against a large sitemap from comparing every pair.
struct PageMatcher {
    let pages: [String]
    private let bySlug: [String: [String]]
    private let bySlugWord: [String: [Int]]

    init(pages: [String]) {
        self.pages = pages
        var index: [String: [String]] = [:]
        var words: [String: [Int]] = [:]
        for (i, p) in pages.enumerated() {
            guard let s = PathSimilarity.slug(p) else { continue }
            index[s, default: []].append(p)
            for w in PathSimilarity.words(s) { words[w, default: []].append(i) }
        }
        bySlug = index
        bySlugWord = words
    }

    func best(for path: String) -> (page: String, confidence: Double, why: String)? {
        guard let slug = PathSimilarity.slug(path) else { return nil }
        let sameSlug = (bySlug[slug] ?? []).filter { $0 != path }
        if sameSlug.count == 1 { return (sameSlug[0], 0.95, "the only page with the slug '\(slug)'") }
        if sameSlug.count > 1 {
            let ranked = sameSlug.map { ($0, PathSimilarity.score(path, $0) + Self.wordShare(path, $0)) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            let tie = ranked[0].1 == ranked[1].1
            return (ranked[0].0, tie ? 0.6 : 0.75, "\(sameSlug.count) pages have the slug '\(slug)'; this one shares the most words")
        }
        var best: (String, Double)? = nil
        let candidates = Set(PathSimilarity.words(slug).flatMap { bySlugWord[$0] ?? [] }).map { pages[$0] }
        for p in candidates where p != path {
            let s = PathSimilarity.score(path, p)
            if best == nil || s > best!.1 || (s == best!.1 && p < best!.0) { best = (p, s) }
        }
        guard let (page, score) = best, score > 0 else { return nil }
        let confidence = min(score, 0.85)
        return (page, confidence, "similar path (slug and words, score \(Self.twoDecimals(score)))")
    }

    static func wordShare(_ a: String, _ b: String) -> Double {
        let wa = PathSimilarity.words(a)
        let wb = PathSimilarity.words(b)
        let union = wa.union(wb).count
        return union == 0 ? 0 : Double(wa.intersection(wb).count) / Double(union)
    }

    static func twoDecimals(_ v: Double) -> String {
        let hundredths = Int((v * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
