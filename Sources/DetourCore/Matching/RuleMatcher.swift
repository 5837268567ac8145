/// The rule that applies to a request and what its source captured.
public struct RuleMatch: Sendable, Hashable {
    /// Index into the rule set's `rules` (its precedence).
    public let ruleIndex: Int
    /// `*` of a prefix source (one element) or groups 1…n of a regex (empty string for a group that
    /// did not take part); empty for exact sources.
    public let captures: [String]

    public init(ruleIndex: Int, captures: [String]) {
        self.ruleIndex = ruleIndex
        self.captures = captures
    }
}

/// The indexed first-match-wins matcher (DESIGN §4). Exact sources are found by hash, prefix
/// sources by probing the path's prefixes at every length some prefix rule has, regex sources by
/// the same probe on their literal prefixes (only regexes whose literal prefix the path starts
/// with, plus those without one, are run). Candidates from every index are merged in rule order and
/// the first whose source, gate and rollout all hold wins, so precedence stays exact across kinds.
///
/// Build once per rule set and semantics; `firstMatch` is safe to call from several threads.
public final class RuleMatcher: Sendable {
    public let ruleSet: RuleSet
    public let semantics: PathSemantics
    public let rollout: RolloutDecider

    private enum CompiledSource: Sendable {
        case disabled
        case exact
        /// The prefix as compared (lower-case when literals ignore case).
        case prefix([UInt8])
        case regex(CompiledRegex)
    }

    private let sources: [CompiledSource]
    private let gates: [RuleGate?]
    private let exact: ByteKeyTable
    private let prefixes: ByteKeyTable
    private let regexPrefixes: ByteKeyTable
    /// Regex rules with no literal prefix: candidates for every path.
    private let unprefixedRegexRules: [Int32]
    private let indexLowercase: Bool

    public init(ruleSet: RuleSet, semantics: PathSemantics, rollout: RolloutDecider = .canonical) {
        self.ruleSet = ruleSet
        self.semantics = semantics
        self.rollout = rollout
        var sources: [CompiledSource] = []
        var gates: [RuleGate?] = []
        var exactEntries: [(key: [UInt8], rule: Int32)] = []
        var prefixEntries: [(key: [UInt8], rule: Int32)] = []
        var regexEntries: [(key: [UInt8], rule: Int32)] = []
        var unprefixed: [Int32] = []
        // When any comparison ignores case, the prefix indexes hold lower-case keys and are probed with
        // the lower-cased path: a superset of candidates, each then checked precisely.
        let indexLowercase = semantics.caseInsensitiveLiterals || semantics.caseInsensitiveRegex
        self.indexLowercase = indexLowercase
        sources.reserveCapacity(ruleSet.rules.count)
        gates.reserveCapacity(ruleSet.rules.count)
        exactEntries.reserveCapacity(ruleSet.rules.count)
        for (i, rule) in ruleSet.rules.enumerated() {
            guard rule.enabled, rule.rollout?.basisPoints != 0 else {
                sources.append(.disabled); gates.append(nil); continue
            }
            gates.append(RuleGate(rule))
            let index = Int32(i)
            switch rule.source.kind {
            case .exact(let path):
                exactEntries.append((Self.exactKey(semantics.sourcePath(path), semantics), index))
                sources.append(.exact)
            case .prefix(let prefix):
                let key = semantics.sourcePath(prefix)
                let compared = semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased(key) : key
                prefixEntries.append((indexLowercase ? PercentEncoding.lowercased(key) : key, index))
                sources.append(.prefix(compared))
            case .regex(let regex):
                let compiled = CompiledRegex(regex, caseInsensitive: semantics.caseInsensitiveRegex)
                var literal = regex.literalPrefix
                if indexLowercase { literal = PercentEncoding.lowercased(literal) }
                if literal.isEmpty { unprefixed.append(index) } else { regexEntries.append((literal, index)) }
                sources.append(.regex(compiled))
            }
        }
        self.sources = sources
        self.gates = gates
        exact = ByteKeyTable(exactEntries)
        prefixes = ByteKeyTable(prefixEntries)
        regexPrefixes = ByteKeyTable(regexEntries)
        unprefixedRegexRules = unprefixed
    }

    /// The form an exact source or path is looked up in: lower-case when case-insensitive, without
    /// a trailing slash when folding.
    private static func exactKey(_ bytes: [UInt8], _ semantics: PathSemantics) -> [UInt8] {
        var key = semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased(bytes) : bytes
        if semantics.foldsTrailingSlash && key.count > 1 && key.last == 0x2f { key.removeLast() }
        return key
    }

    /// `/a` ⇄ `/a/`: the other spelling of a path under `trailing_slash: fold`.
    private static func toggledSlash(_ path: [UInt8]) -> [UInt8]? {
        if path.count > 1 && path.last == 0x2f { return Array(path.dropLast()) }
        if path.last != 0x2f { return path + [0x2f] }
        return nil
    }

    /// The first rule that applies to `request`, nil when the request reaches the origin.
    public func firstMatch(_ request: HTTPRequest) -> RuleMatch? {
        firstMatch(request, after: -1, ignoringRollouts: false)
    }

    /// The first rule after index `after` whose source and gate hold, rollout included unless
    /// `ignoringRollouts` (replay uses this to measure which clients a rollout could have taken).
    public func firstMatch(_ request: HTTPRequest, after: Int, ignoringRollouts: Bool) -> RuleMatch? {
        guard let path = semantics.requestPath(request.path) else { return nil }
        let toggled = semantics.foldsTrailingSlash ? Self.toggledSlash(path) : nil
        let literalPath = semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased(path) : path
        let literalToggled = toggled.map { semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased($0) : $0 }

        var candidates: [Int32] = []
        exactCandidates(Self.exactKey(path, semantics), into: &candidates)
        let indexPath = indexLowercase ? PercentEncoding.lowercased(path) : path
        prefixCandidates(indexPath, into: &candidates)
        if let toggled { prefixCandidates(indexLowercase ? PercentEncoding.lowercased(toggled) : toggled, into: &candidates) }
        if candidates.count > 1 { candidates.sort() }

        let prepared = MatchRequest(request, site: ruleSet.site)
        // Merge the sorted candidates with the always-candidate regexes, lowest index first.
        var a = 0, b = 0
        var last: Int32 = -1
        while a < candidates.count || b < unprefixedRegexRules.count {
            let next: Int32
            if b >= unprefixedRegexRules.count || (a < candidates.count && candidates[a] <= unprefixedRegexRules[b]) {
                next = candidates[a]; a += 1
            } else {
                next = unprefixedRegexRules[b]; b += 1
            }
            if next == last || Int(next) <= after { continue }
            last = next
            if let match = evaluate(Int(next), path: path, toggled: toggled, literalPath: literalPath, literalToggled: literalToggled, prepared, ignoringRollouts) {
                return match
            }
        }
        return nil
    }

    private func exactCandidates(_ key: [UInt8], into out: inout [Int32]) {
        guard !exact.isEmpty else { return }
        key.withUnsafeBufferPointer { p in
            exact.collect(hash: ByteKeyTable.hash(p), bytes: p, length: p.count, into: &out)
        }
    }

    /// Prefix rules and regex rules whose key the path starts with, in one pass over the path.
    private func prefixCandidates(_ path: [UInt8], into out: inout [Int32]) {
        guard !prefixes.isEmpty || !regexPrefixes.isEmpty else { return }
        path.withUnsafeBufferPointer { p in
            if prefixes.hasKey(ofLength: 0) { prefixes.collect(hash: ByteKeyTable.offsetBasis, bytes: p, length: 0, into: &out) }
            var h = ByteKeyTable.offsetBasis
            for i in 0..<p.count {
                h = ByteKeyTable.step(h, p[i])
                let length = i + 1
                if prefixes.hasKey(ofLength: length) { prefixes.collect(hash: h, bytes: p, length: length, into: &out) }
                if regexPrefixes.hasKey(ofLength: length) { regexPrefixes.collect(hash: h, bytes: p, length: length, into: &out) }
            }
        }
    }

    private func evaluate(_ index: Int, path: [UInt8], toggled: [UInt8]?, literalPath: [UInt8], literalToggled: [UInt8]?, _ request: MatchRequest, _ ignoringRollouts: Bool) -> RuleMatch? {
        guard let gate = gates[index], gate.admits(request) else { return nil }
        let captures: [String]
        switch sources[index] {
        case .disabled: return nil
        case .exact: captures = []
        case .prefix(let key):
            if literalPath.starts(with: key) {
                captures = [String(decoding: path[key.count...], as: UTF8.self)]
            } else if let literalToggled, let toggled, literalToggled.starts(with: key) {
                captures = [String(decoding: toggled[key.count...], as: UTF8.self)]
            } else { return nil }
        case .regex(let regex):
            if let c = regex.captures(path) {
                captures = c
            } else if let toggled, let c = regex.captures(toggled) {
                captures = c
            } else { return nil }
        }
        guard ignoringRollouts || rollout.includes(ruleSet.rules[index], request.request) else { return nil }
        return RuleMatch(ruleIndex: index, captures: captures)
    }
}
