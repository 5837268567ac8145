/// `detour suggest FILE LOG` (issue 17 §3): proposes rules for the paths an access log answered
/// with 404, pointing each at the most similar page of the new site (`--sitemap`, else the paths
/// the log shows the site served). Pairs that follow one pattern become a prefix or regex rule.
/// Every suggestion is checked against the rule file: the validator must find no error involving
/// it and the simulator must send each covered path where the suggestion says.
public struct RuleSuggester: Sendable {
    public let ruleSet: RuleSet
    /// Paths of the new site's pages.
    public let pages: [String]
    /// Suggestions below this confidence are not made.
    public var minimumConfidence = 0.6
    /// At least this many pairs with one pattern become one prefix or regex rule.
    public var minimumGroup = 3
    /// The validator's clock (rules with windows).
    public var now: Timestamp

    public init(ruleSet: RuleSet, pages: [String], now: Timestamp) {
        self.ruleSet = ruleSet
        self.pages = pages
        self.now = now
    }

    public func suggest(_ log: NotFoundSummary) -> SuggestionResult {
        var result = SuggestionResult()
        let simulator = Simulator(ruleSet: ruleSet, view: .detour)
        let site = ruleSet.site
        var open: [(path: String, hits: Int)] = []
        for (path, hits) in log.byHits {
            let request = HTTPRequest(method: "GET", scheme: site.scheme, host: site.primaryHost, path: path, time: now)
            if simulator.respond(to: request).isRedirect { result.alreadyRedirected += 1 } else { open.append((path, hits)) }
        }
        let matcher = PageMatcher(pages: pages)
        var pairs: [SuggestionGrouping.Pair] = []
        var why: [String: String] = [:]
        for (path, hits) in open {
            guard let match = matcher.best(for: path), match.confidence >= minimumConfidence else {
                result.unmatched.append((path, hits))
                continue
            }
            pairs.append(.init(old: path, new: match.page, hits: hits, confidence: match.confidence))
            why[path] = match.why
        }
        var candidates: [RuleSuggestion] = []
        var grouped = Set<String>()
        var ids = IDMaker(taken: Set(ruleSet.rules.map(\.id)))
        for g in SuggestionGrouping.groups(pairs, minimum: minimumGroup, notFound: open) {
            let memberHits = g.members.reduce(0) { $0 + $1.hits }
            let missHits = g.misses.reduce(0) { $0 + $1.hits }
            let mean = g.members.reduce(0) { $0 + $1.confidence * Double($1.hits) } / Double(max(memberHits, 1))
            let confidence = mean * Double(memberHits) / Double(memberHits + missHits)
            guard confidence >= minimumConfidence, let rule = makeRule(g.sourceText, g.targetText, id: ids.make(from: g.stemText)) else { continue }
            var why = "\(g.members.count) moved pages follow one pattern (\(g.isRegex ? "regex" : "prefix"))"
            if !g.misses.isEmpty { why += "; \(g.misses.count) other logged 404 paths it takes have no page there" }
            candidates.append(
                RuleSuggestion(
                    rule: rule, confidence: confidence, why: why, covers: g.members.map { .init(path: $0.old, hits: $0.hits, target: $0.new) }))
            grouped.formUnion(g.members.map(\.old))
        }
        for p in pairs where !grouped.contains(p.old) {
            guard let rule = makeRule(p.old, p.new, id: ids.make(from: p.old)) else { continue }
            candidates.append(
                RuleSuggestion(rule: rule, confidence: p.confidence, why: why[p.old] ?? "", covers: [.init(path: p.old, hits: p.hits, target: p.new)])
            )
        }
        let (kept, rejected) = SuggestionCheck(ruleSet: ruleSet, now: now).filter(candidates)
        result.suggestions = kept.sorted { ($0.hits, $1.rule.id) > ($1.hits, $0.rule.id) }
        result.rejected = rejected
        return result
    }

    /// A 301 from `source` to `target`; nil when either does not parse (an odd logged path).
    func makeRule(_ source: String, _ target: String, id: String) -> Rule? {
        guard let s = try? Source.parse(source), let t = try? Target.parse(target, captureCount: s.captureCount, sourceIsPrefix: s.isPrefix) else {
            return nil
        }
        return Rule(id: id, source: s, target: t, code: .movedPermanently)
    }
}

/// Readable, unique rule ids: `suggest-` and the slug of the old path (`suggest-spring-lookbook`),
/// or the words of a group's common stem (`suggest-blog`).
struct IDMaker {
    var taken: Set<String>

    mutating func make(from text: String) -> String {
        let name = PathSimilarity.slug(text) ?? ""
        let words = name.split { !(($0.isLetter || $0.isNumber) && $0.isASCII) }.prefix(6)
        let base = words.isEmpty ? "suggest-root" : "suggest-" + words.joined(separator: "-")
        var id = base
        var n = 2
        while taken.contains(id) {
            id = base + "-\(n)"
            n += 1
        }
        taken.insert(id)
        return id
    }
}
