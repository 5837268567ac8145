/// Where each rule's `Location` can send a client (DT001, DT002): a fixed target is judged directly;
/// a target with placeholders is judged over *every* string it can produce, by walking the automaton
/// of the template (each placeholder replaced by its language) in step with `LocationScanner`.
/// Each exploit class (off-site, dangerous scheme) is searched on its own and carries its own
/// `Location`: an attack-looking one when the template can produce it (`AttackWitness`), else the
/// shortest.
enum OpenRedirectAnalysis {
    struct Result {
        let verdict: LocationScanner.Verdict
        /// The `Location` that shows it.
        let location: [UInt8]
        /// The placeholder values that produce it (empty for a fixed target).
        let values: [TargetShape.Capture: [UInt8]]
    }

    static let budget = 200_000

    /// The exploit classes a Location can fall in; a target is judged for each separately, so one
    /// class (a script scheme) never hides another (an off-site host).
    enum ExploitClass: CaseIterable {
        case offSite, dangerousScheme

        func holds(_ v: LocationScanner.Verdict) -> Bool {
            switch (self, v) {
            case (.offSite, .offSite), (.dangerousScheme, .dangerousScheme): return true
            default: return false
            }
        }
    }

    /// One result per exploit class the target can reach (empty when every string it can produce
    /// stays on the site): off-site first, then a dangerous scheme.
    static func analyse(_ rule: Rule, site: SiteSettings, trusted: TrustedHosts) -> [Result] {
        // "/products/42": a slash and then a plain path character is a path for every client.
        if rule.target.isLiteral,
            rule.target.storedText.withUTF8({ b in
                b.count >= 2 && b[0] == 0x2f && (TrustedHosts.labelBytes.contains(b[1]) || b[1] == 0x2e || b[1] == 0x7e)
            })
        {
            return []
        }
        let parts = rule.target.parts
        if parts.allSatisfy({
            if case .literal = $0 { return true }
            return false
        }) {
            let bytes = Array(rule.target.text.utf8)
            let v = LocationScanner.judge(bytes, trusted: trusted)
            return v == .local ? [] : [Result(verdict: v, location: bytes, values: [:])]
        }
        // The literal text before the first placeholder often settles it already ("/archive/*"
        // is a path whatever follows); then no placeholder value can change the verdict.
        if case .literal(let head) = parts[0] {
            var decided = true
            for https in [true, false] {
                var s = LocationScanner(baseIsHTTPS: https)
                for b in head.utf8 { s.feed(b, trusted) }
                if s.verdict != .local {
                    decided = false
                    break
                }
            }
            if decided { return [] }
        }
        var pieces: [TargetShape.Piece] = []
        for p in parts {
            switch p {
            case .literal(let s): pieces.append(.literal(Array(s.utf8)))
            case .splat: pieces.append(.capture(.splat))
            case .group(let n): pieces.append(.capture(.group(n)))
            case .host: pieces.append(.capture(.host))
            case .path: pieces.append(.capture(.path))
            case .query: pieces.append(.capture(.query))
            }
        }
        // A capture too large for an exact automaton is widened to "any string of its bytes": the
        // judgement may then flag more, never less.
        guard
            let dfa = (try? DFA(wholeMatch: .concat(pieces.map { TargetShape.node($0, rule: rule, site: site) })))
                ?? (try? DFA(
                    wholeMatch: .concat(
                        pieces.map { piece -> RegexNode in
                            guard case .capture = piece else { return TargetShape.node(piece, rule: rule, site: site) }
                            return .repetition(.bytes(TargetShape.alphabet(TargetShape.node(piece, rule: rule, site: site))), min: 0, max: nil)
                        })))
        else { return [] }
        var out: [Result] = []
        for kind in ExploitClass.allCases {
            guard
                let bytes = AttackWitness.location(kind, dfa: dfa, pieces: pieces, rule: rule, site: site, trusted: trusted)
                    ?? shortest(kind, dfa, trusted)
            else { continue }
            let v = LocationScanner.judge(bytes, trusted: trusted)
            guard kind.holds(v) else { continue }
            var values: [TargetShape.Capture: [UInt8]] = [:]
            if let split = TargetShape.split(bytes, pieces: pieces, rule: rule, site: site) {
                for (p, value) in zip(pieces, split) { if case .capture(let c) = p { values[c] = value } }
            }
            out.append(Result(verdict: v, location: bytes, values: values))
        }
        return out
    }

    /// The shortest string of the template in `kind`, over both request schemes.
    private static func shortest(_ kind: ExploitClass, _ dfa: DFA, _ trusted: TrustedHosts) -> [UInt8]? {
        var best: [UInt8]? = nil
        for https in [true, false] {
            guard let bytes = search(dfa, LocationScanner(baseIsHTTPS: https), trusted, kind) else { continue }
            if best == nil || bytes.count < best!.count { best = bytes }
        }
        return best
    }

    /// Breadth-first over (template state, scanner state): the shortest template string the scanner
    /// judges off-site or dangerous.
    private static func search(_ dfa: DFA, _ start: LocationScanner, _ trusted: TrustedHosts, _ kind: ExploitClass) -> [UInt8]? {
        var reps: [UInt8] = []
        var keys = Set<[Int]>()
        for b in ByteClasses.preference {
            let key = [Int(dfa.classOf[Int(b)]), Int(trusted.dfa.classOf[Int(b)]), scannerClass(b)]
            if keys.insert(key).inserted { reps.append(b) }
        }
        struct Node: Hashable {
            let q: Int32
            let s: LocationScanner
        }
        var index: [Node: Int] = [Node(q: 0, s: start): 0]
        var nodes = [Node(q: 0, s: start)]
        var parent: [(Int, UInt8)] = [(-1, 0)]
        func path(_ k: Int) -> [UInt8] {
            var out: [UInt8] = []
            var i = k
            while parent[i].0 >= 0 {
                out.append(parent[i].1)
                i = parent[i].0
            }
            return out.reversed()
        }
        var k = 0
        while k < nodes.count {
            let n = nodes[k]
            if dfa.isAccepting(n.q) {
                var end = n.s
                end.finish(trusted)
                if kind.holds(end.verdict) { return path(k) }
            }
            for b in reps {
                let q = dfa.step(n.q, b)
                guard dfa.isLive(q) else { continue }
                var s = n.s
                s.feed(b, trusted)
                if kind.holds(s.verdict) { return path(k) + [b] + completion(dfa, from: q) }
                // Decided, but another class: strings through here are the other search's business.
                if s.verdict != .pending { continue }
                let node = Node(q: q, s: s)
                if index[node] == nil {
                    guard nodes.count < budget else { return nil }
                    index[node] = nodes.count
                    nodes.append(node)
                    parent.append((k, b))
                }
            }
            k += 1
        }
        return nil
    }

    /// The shortest bytes that take `dfa` from `state` to acceptance.
    static func completion(_ dfa: DFA, from state: Int32) -> [UInt8] {
        var parent: [Int32: (Int32, UInt8)] = [state: (-1, 0)]
        var queue = [state]
        var k = 0
        while k < queue.count {
            let s = queue[k]
            if dfa.isAccepting(s) {
                var out: [UInt8] = []
                var cur = s
                while cur != state, let (p, b) = parent[cur] {
                    out.append(b)
                    cur = p
                }
                return out.reversed()
            }
            for b in ByteClasses.preference {
                let t = dfa.step(s, b)
                if t >= 0, parent[t] == nil {
                    parent[t] = (s, b)
                    queue.append(t)
                }
            }
            k += 1
        }
        return []
    }

    /// Bytes the scanner tells apart; the rest behave alike.
    private static func scannerClass(_ b: UInt8) -> Int {
        if b <= 0x20 { return b == 0x09 || b == 0x0a || b == 0x0d ? Int(b) : 0 }
        if LocationScanner.isAlpha(b) { return Int(b | 0x20) }
        if b >= 0x30 && b <= 0x39 { return 1000 }
        if "/\\?#@:.+-".utf8.contains(b) { return Int(b) }
        return b >= 0x80 ? 2000 : 3000
    }
}
