/// The semantic diff of two rule files (issue 17 §1): every region of requests whose first hop
/// changes — status, `Location`, `Cache-Control`, which clients a rollout picks, time window — with
/// one witness request and the response before and after.
///
/// ```swift
/// let report = BehaviourDiff(old: before.ruleSet, new: after.ruleSet, now: clock).run()
/// if report.changesBehaviour { … }   // report.regions, grouped by kind
/// ```
/// It is exact, not sampled: rules that are identical in both files and keep their relative order
/// answer alike wherever no other rule is involved (`RuleAlignment`); inside the region of each
/// other rule, the request space is split into contexts that decide every gate alike
/// (`DiffContextBuilder`) and, per context, the paths are searched over the product of the rules'
/// automata (`PathRegionSearch`). Each witness is confirmed by simulating both files.
public struct BehaviourDiff {
    public let old: RuleSet
    public let new: RuleSet
    public let view: ServerView
    /// Changes before this time are not behaviour any more; windows are compared from here on.
    public let now: Timestamp

    /// `view` nil: the new file's default view (`simulate` without `--as`).
    public init(old: RuleSet, new: RuleSet, view: ServerView? = nil, now: Timestamp) {
        self.old = old
        self.new = new
        self.view = view ?? ServerView.defaultView(for: new.site)
        self.now = now
    }

    /// Whether the site settings that decide matching differ (then every rule is searched).
    var sitesDiffer: Bool {
        let a = old.site
        let b = new.site
        return a.hosts != b.hosts || a.scheme != b.scheme || a.schemeHeader != b.schemeHeader || a.trailingSlash != b.trailingSlash
            || a.pathCase != b.pathCase
    }

    /// The regions found, grouped by kind; `findings` compares the validators' findings as well.
    /// The search and the two files' checks do not depend on each other: they run side by side.
    public func run(findings: Bool = false) -> BehaviourDiffReport {
        let validator = Validator(now: now)
        let (state, checked) = Concurrently.both(
            {
                var state = DiffRun(diff: self)
                state.searchAll()
                return state
            },
            { findings ? Concurrently.map(2) { validator.validate($0 == 0 ? old : new) } : nil })
        var report = BehaviourDiffReport(regions: state.sortedRegions(), undecided: state.undecided, findings: nil, viewName: view.name, now: now)
        if let checked { report.findings = FindingsDelta(old: checked[0], new: checked[1]) }
        return report
    }
}

/// One run of the diff: the simulators, indexes and regions found so far.
struct DiffRun {
    let diff: BehaviourDiff
    let alignment: RuleAlignment
    let sims: [Simulator]
    let sets: [RuleSet]
    let contexts: DiffContextBuilder
    let sitesDiffer: Bool
    private var languages: [PathLanguages?] = [nil, nil]
    private var indexes: [RuleIndex?] = [nil, nil]
    private let byID: [[String: Int]]
    private(set) var regions: [DiffRegion] = []
    private var seenPairs: Set<[Int]> = []
    private(set) var undecided: [String] = []
    /// Rules more than this in one region are not searched together; the region is reported undecided.
    static let ruleLimit = 400

    init(diff: BehaviourDiff) {
        self.diff = diff
        sitesDiffer = diff.sitesDiffer
        let files = [diff.old, diff.new]
        sets = files
        // The pairing of the rules and each file's index are independent: built side by side.
        let (alignment, sims) = Concurrently.both(
            { RuleAlignment(old: diff.old, new: diff.new, everyRule: diff.sitesDiffer) },
            { Concurrently.map(2) { Simulator(ruleSet: files[$0], view: diff.view) } })
        self.alignment = alignment
        self.sims = sims
        contexts = DiffContextBuilder(sites: [diff.old.site, diff.new.site], now: diff.now, rollout: diff.view.rollout)
        // Classification asks for a rule by id only among the rules that changed.
        var ids: [[String: Int]] = [[:], [:]]
        for c in alignment.candidates where ids[c.side][sets[c.side].rules[c.index].id] == nil {
            ids[c.side][sets[c.side].rules[c.index].id] = c.index
        }
        byID = ids
    }

    mutating func searchAll() {
        for c in alignment.candidates {
            let rule = sets[c.side].rules[c.index]
            if let path = rule.source.exactPath, !pathFolds {
                searchExact(path.string)
            } else if case .exact(let p) = rule.source.kind, !pathFolds {
                searchExact(p)
            } else {
                searchLanguage(side: c.side, index: c.index)
            }
        }
    }

    /// Case or trailing-slash folding makes an exact source take more than one spelling.
    private var pathFolds: Bool {
        sets.contains { $0.site.trailingSlash == .fold || $0.site.pathCase == .insensitive }
            || sims.contains { $0.matcher.semantics.foldsTrailingSlash }
    }

    /// An exact source is one path: every context of the rules that take it is simulated there.
    private mutating func searchExact(_ path: String) {
        let involved = (0..<2).flatMap { s in sims[s].matcher.rulesWhoseSourceTakes(rawPath: path).map { sets[s].rules[$0] } }
        guard let (list, shows) = contextsOrUndecided(involved, "the requests for \(path)") else { return }
        for context in list { compare(context.request(path: path), shows: shows) }
    }

    /// A prefix or regex source: the paths of its language, searched with the rules that may share them.
    private mutating func searchLanguage(side: Int, index: Int) {
        let rule = sets[side].rules[index]
        let head: [UInt8]
        switch rule.source.kind {
        case .exact(let p): head = Array(p.utf8)
        case .prefix(let p): head = Array(p.utf8)
        case .regex(let r): head = r.literalPrefix
        }
        let what = "the requests for \(rule.source.text) (rule \(rule.id))"
        let sharing = (0..<2).map { s in rulesSharing(head: head, side: s) }
        // Exact sources are single paths, compared one by one; the search skips them.
        var exactPaths = Set<String>()
        for s in 0..<2 { for i in sharing[s] { if let p = sets[s].rules[i].source.exactPath { exactPaths.insert(p.string) } } }
        for p in exactPaths.sorted() { searchExact(p) }
        let involvedIndices = (0..<2).map { s in sharing[s].filter { sets[s].rules[$0].source.exactPath == nil } }
        guard involvedIndices.allSatisfy({ $0.count <= DiffRun.ruleLimit }) else {
            undecided.append("\(what): more than \(DiffRun.ruleLimit) prefix and regex rules share them")
            return
        }
        let trie = ExactPathTrie(
            paths: exactPaths.map { Array($0.utf8) }, foldCase: sets.contains { $0.site.pathCase == .insensitive },
            foldSlash: sets.contains { $0.site.trailingSlash == .fold })
        guard let region = languagesOf(side).source(index) else {
            undecided.append("\(what): the source's automaton is too large")
            return
        }
        var automata: [[DFA]] = [[], []]
        for s in 0..<2 {
            for i in involvedIndices[s] {
                guard let dfa = languagesOf(s).source(i) else {
                    undecided.append("\(what): the automaton of rule \(sets[s].rules[i].id) is too large")
                    return
                }
                automata[s].append(dfa)
            }
        }
        let involved = (0..<2).flatMap { s in involvedIndices[s].map { sets[s].rules[$0] } }
        guard let (list, shows) = contextsOrUndecided(involved, what) else { return }
        for context in list {
            let probe = context.request(path: "/")
            let sides = (0..<2).map { s in
                let admitted = involvedIndices[s].indices.filter { sims[s].matcher.gateAdmits(involvedIndices[s][$0], probe) }
                return PathRegionSearch.Side(
                    rules: admitted.map { involvedIndices[s][$0] }, automata: admitted.map { automata[s][$0] },
                    behaviours: admitted.map { RuleBehaviour(sets[s].rules[involvedIndices[s][$0]]) })
            }
            let outcome = PathRegionSearch.search(region: region, old: sides[0], new: sides[1], excluded: trie, sitesDiffer: sitesDiffer) {
                bytes, _, _ in
                compare(context.request(path: String(decoding: bytes, as: UTF8.self)), shows: shows)
            }
            if outcome == .overBudget {
                undecided.append("\(what): the search went past \(PathRegionSearch.budget) states")
                return
            }
        }
    }

    /// The enabled rules of one file that may take a path starting with `head`. A few regions are
    /// answered by one pass over the rules; many share the index the validator uses.
    private mutating func rulesSharing(head: [UInt8], side: Int) -> [Int] {
        if languageCandidates > 32 {
            return ruleIndex(side).candidates(head: foldedHead(head, side)).filter { sets[side].rules[$0].enabled }
        }
        let site = sets[side].site
        let fold = site.pathCase == .insensitive
        let h = fold ? head.map(FirstMatchEvaluator.lower) : head
        func key(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] { fold ? bytes.map(FirstMatchEvaluator.lower) : Array(bytes) }
        func overlaps(_ k: [UInt8]) -> Bool { k.starts(with: h) || h.starts(with: k) }
        var out: [Int] = []
        for (i, r) in sets[side].rules.enumerated() where r.enabled {
            if let p = r.source.exactPath {
                let taken = p.withUTF8 { b -> Bool in
                    // An exact path takes one path (two with trailing-slash folding).
                    if b.count >= h.count, fold ? key(b).starts(with: h) : b.starts(with: h) { return true }
                    return site.trailingSlash == .fold && b.count + 1 >= h.count && (key(b) + [0x2f]).starts(with: h)
                }
                if taken { out.append(i) }
                continue
            }
            switch r.source.kind {
            case .exact: continue
            case .prefix(let p): if overlaps(fold ? p.utf8.map(FirstMatchEvaluator.lower) : Array(p.utf8)) { out.append(i) }
            case .regex(let regex):
                let lp = regex.literalPrefix
                if lp.isEmpty || overlaps(fold ? lp.map(FirstMatchEvaluator.lower) : lp) { out.append(i) }
            }
        }
        return out
    }

    /// How many prefix and regex regions the diff searches.
    private var languageCandidates: Int {
        alignment.candidates.filter { sets[$0.side].rules[$0.index].source.exactPath == nil }.count
    }

    private func foldedHead(_ head: [UInt8], _ side: Int) -> [UInt8] {
        sets[side].site.pathCase == .insensitive ? head.map(FirstMatchEvaluator.lower) : head
    }

    private mutating func ruleIndex(_ side: Int) -> RuleIndex {
        if let i = indexes[side] { return i }
        let set = sets[side]
        let built = RuleIndex(set) { set.rules[$0].enabled }
        indexes[side] = built
        return built
    }

    private mutating func languagesOf(_ side: Int) -> PathLanguages {
        if let l = languages[side] { return l }
        let built = PathLanguages(sets[side])
        languages[side] = built
        return built
    }

    private mutating func contextsOrUndecided(_ rules: [Rule], _ what: String) -> ([DiffContext], Set<DiffRequestPart>)? {
        do {
            return try contexts.contexts(for: rules)
        } catch {
            undecided.append("\(what): the rules' conditions combine in more than \(DiffContextBuilder.limit) ways")
            return nil
        }
    }

    /// Simulates both files; a differing response is a region unless that pair of rules has one.
    /// Returns whether the pair has a region now.
    @discardableResult
    private mutating func compare(_ request: HTTPRequest, shows: Set<DiffRequestPart>) -> Bool {
        let a = sims[0].respond(to: request)
        let b = sims[1].respond(to: request)
        let pair = [a.ruleIndex ?? -1, b.ruleIndex ?? -1]
        if seenPairs.contains(pair) { return true }
        guard a.status != b.status || a.locationHeader != b.locationHeader || a.cacheControl != b.cacheControl else { return false }
        seenPairs.insert(pair)
        let kinds = classify(a.ruleIndex, b.ruleIndex, request)
        regions.append(
            DiffRegion(
                kind: kinds[0], kinds: kinds, before: ref(0, a.ruleIndex), after: ref(1, b.ruleIndex), request: request, oldResponse: a,
                newResponse: b, shows: shows))
        return true
    }

    private func ref(_ side: Int, _ index: Int?) -> DiffRuleRef? {
        guard let index else { return nil }
        let set = sets[side]
        return DiffRuleRef(id: set.rules[index].id, line: index < set.lines.count ? set.lines[index] : 0, source: set.rules[index].source.text)
    }

    /// Names a region after the rules that answer it before (`a`) and after (`b`).
    private func classify(_ a: Int?, _ b: Int?, _ request: HTTPRequest) -> [DiffChangeKind] {
        let old = sets[0].rules
        let new = sets[1].rules
        if let a, let b, old[a].id == new[b].id {
            let changes = RuleBehaviour(new[b]).changes(from: RuleBehaviour(old[a]))
            return changes.isEmpty ? [.siteChanged] : changes
        }
        if let b, alignment.counterpart(ofNew: b) == nil, byID[0][new[b].id] == nil { return [.added] }
        if let a, alignment.counterpart(ofOld: a) == nil, byID[1][old[a].id] == nil { return [.removed] }
        if let a, let counterpart = alignment.counterpart(ofOld: a) ?? byID[1][old[a].id] {
            if sims[1].matcher.applies(counterpart, to: request) {
                // Both rules still take the request; their order changed. The narrower one is the
                // one a reader thinks of: hidden now, or reachable now.
                guard let b else { return [.shadowedNow] }
                return DiffRun.narrowness(old[a].source) <= DiffRun.narrowness(new[b].source) ? [.shadowedNow] : [.unshadowed]
            }
            let changes = RuleBehaviour(new[counterpart]).changes(from: RuleBehaviour(old[a]))
            if b != nil, changes.isEmpty || changes.contains(.matchChanged) || changes.contains(.windowChanged) || changes.contains(.rolloutChanged) {
                return [.unshadowed] + changes
            }
            if !changes.isEmpty { return changes }
        }
        if let b, let counterpart = alignment.counterpart(ofNew: b) ?? byID[0][new[b].id] {
            if sims[0].matcher.applies(counterpart, to: request) { return [.unshadowed] }
            let changes = RuleBehaviour(new[b]).changes(from: RuleBehaviour(old[counterpart]))
            if !changes.isEmpty { return changes }
        }
        return [.siteChanged]
    }

    /// How few paths a source takes, roughly: an exact path, then longer prefixes, then regexes.
    static func narrowness(_ source: Source) -> Int {
        switch source.kind {
        case .exact: return 0
        case .prefix(let p): return 1_000_000 - p.utf8.count
        case .regex(let r): return 2_000_000 - r.literalPrefix.count
        }
    }

    /// Regions by kind, then by where the rules are.
    func sortedRegions() -> [DiffRegion] {
        regions.sorted {
            ($0.kind.rank, $0.before?.line ?? $0.after?.line ?? 0, $0.after?.line ?? 0) < (
                $1.kind.rank, $1.before?.line ?? $1.after?.line ?? 0, $1.after?.line ?? 0
            )
        }
    }
}
