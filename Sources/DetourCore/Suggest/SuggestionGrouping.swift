/// Turns many exact suggestions that follow one pattern into one rule: `/blog/a` → `/news/a`,
/// `/blog/b` → `/news/b`, … become the prefix rule `/blog/*` → `/news/*`; when the old paths differ
/// only in number segments (`/blog/2019/a`, `/blog/2020/b`) a regex rule `~^/blog/[0-9]+/(.+)$`.
enum SuggestionGrouping {
    struct Pair {
        let old: String
        let new: String
        let hits: Int
        let confidence: Double
    }

    struct Group {
        var sourceText: String
        var targetText: String
        var isRegex: Bool
        /// The literal words of the old stem (`/blog` for `/blog/[0-9]+`), for the rule's id.
        var stemText: String
        var members: [Pair]
        /// Logged 404 paths the rule would also take that have no page at the new place.
        var misses: [(path: String, hits: Int)]
    }

    /// `/a/b/c` with trailing segments in common with `/x/c` → stems `/a/b` and `/x`.
    static func stems(_ old: String, _ new: String) -> (old: [Substring], new: [Substring])? {
        let o = old.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let n = new.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var k = 0
        while k < o.count, k < n.count, o[o.endIndex - 1 - k] == n[n.endIndex - 1 - k], !o[o.endIndex - 1 - k].isEmpty { k += 1 }
        guard k >= 1, o.count - k >= 1, n.count - k >= 0 else { return nil }
        let oldStem = Array(o.prefix(o.count - k))
        guard !oldStem.contains(where: \.isEmpty) else { return nil }
        return (oldStem, Array(n.prefix(n.count - k)))
    }

    static func isNumber(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// Groups of at least `minimum` pairs; `notFound` are all logged 404 paths with their hits.
    static func groups(_ pairs: [Pair], minimum: Int, notFound: [(path: String, hits: Int)]) -> [Group] {
        var byKey: [String: (oldStems: Set<String>, generalized: [Substring], newStem: String, members: [Pair])] = [:]
        for p in pairs {
            guard let (oldStem, newStem) = stems(p.old, p.new) else { continue }
            let generalized = oldStem.map { isNumber($0) ? "[0-9]+" : $0 }
            let newText = "/" + newStem.joined(separator: "/")
            let key = generalized.joined(separator: "/") + " → " + newText
            var entry = byKey[key] ?? ([], generalized, newText, [])
            entry.oldStems.insert("/" + oldStem.joined(separator: "/"))
            entry.members.append(p)
            byKey[key] = entry
        }
        var out: [Group] = []
        for (_, g) in byKey.sorted(by: { $0.key < $1.key }) where g.members.count >= minimum {
            let target = g.newStem == "/" ? "/" : g.newStem + "/"
            let stemText = "/" + g.generalized.filter { $0 != "[0-9]+" }.joined(separator: "/")
            let group: Group
            if g.oldStems.count == 1, let stem = g.oldStems.first {
                let prefix = stem + "/"
                let members = Set(g.members.map(\.old))
                let misses = notFound.filter { $0.path.hasPrefix(prefix) && !members.contains($0.path) }
                group = Group(
                    sourceText: prefix + "*", targetText: target + "*", isRegex: false, stemText: stemText, members: g.members, misses: misses)
            } else {
                let literal = g.generalized.map { $0 == "[0-9]+" ? String($0) : escapeRegex(String($0)) }
                let pattern = "^/" + literal.joined(separator: "/") + "/(.+)$"
                let members = Set(g.members.map(\.old))
                let misses = notFound.filter { !members.contains($0.path) && matches(g.generalized, $0.path) }
                group = Group(
                    sourceText: "~" + pattern, targetText: target + "$1", isRegex: true, stemText: stemText, members: g.members, misses: misses)
            }
            out.append(group)
        }
        return out
    }

    /// Whether `path` starts with the generalized stem and has something after it.
    static func matches(_ stem: [Substring], _ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard segments.count > stem.count else { return false }
        for (s, p) in zip(stem, segments) {
            if s == "[0-9]+" { if !isNumber(p) { return false } } else if s != p { return false }
        }
        return !(segments.dropFirst(stem.count).joined(separator: "/").isEmpty)
    }

    static func escapeRegex(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\^$.|?*+()[]{}".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
