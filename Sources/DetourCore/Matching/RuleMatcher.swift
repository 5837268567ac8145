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
/// When every rule is exact and paths need no folding, an already-canonical request path is
/// looked up straight from its bytes: one hash probe, no copies, no candidate list.
///
/// Build once per rule set and semantics; `firstMatch` is safe to call from several threads.
public final class RuleMatcher: Sendable {
    public let ruleSet: RuleSet
    public let semantics: PathSemantics
    public let rollout: RolloutDecider

    enum CompiledSource: Sendable {
        case disabled
        case exact
        /// The prefix as compared (lower-case when literals ignore case).
        case prefix([UInt8])
        case regex(CompiledRegex)
    }

    let sources: [CompiledSource]
    /// One byte per rule so the common case (an exact rule with nothing else to check) is decided
    /// from a 1 MB array that stays in cache even at 10⁶ rules: 0 disabled, 1 trivial exact, 2 other.
    let quickKind: [UInt8]
    /// Per rule: -1 nothing to check but the site host, else an index into `gates`.
    let gateOf: [Int32]
    let gates: [RuleGate]
    private let exact: ByteKeyTable
    private let prefixes: ByteKeyTable
    private let regexPrefixes: ByteKeyTable
    /// Regex rules with no literal prefix: candidates for every path.
    let unprefixedRegexRules: [Int32]
    let indexLowercase: Bool
    let siteHosts: SiteHostMatch

    /// The scheme of every connection when the server speaks only one (Varnish: `http`); nil: the
    /// request's own.
    public let connectionScheme: String?

    private let schemeHeader: String?
    /// Whether any rule has a scheme: only then is the request's (header lookup included) worked out.
    private let usesScheme: Bool

    /// The scheme the server sees for `request` (`SiteSettings.scheme(of:connectionScheme:)`).
    public func scheme(of request: HTTPRequest) -> String {
        SiteSettings.scheme(of: request, header: schemeHeader, connectionScheme: connectionScheme)
    }

    public init(ruleSet: RuleSet, semantics: PathSemantics, rollout: RolloutDecider = .canonical, connectionScheme: String? = nil) {
        self.ruleSet = ruleSet
        self.connectionScheme = connectionScheme
        schemeHeader = ruleSet.site.schemeHeader
        self.semantics = semantics
        self.rollout = rollout
        var sources: [CompiledSource] = []
        var gates: [RuleGate] = []
        var gateOf: [Int32] = []
        var quickKind: [UInt8] = []
        quickKind.reserveCapacity(ruleSet.rules.count)
        var exactCount = 0
        for r in ruleSet.rules where r.source.isExact { exactCount += 1 }
        let exact = ByteKeyTable(expectedCount: exactCount, probedByPrefix: false)
        let plainExactKeys = !semantics.foldsTrailingSlash && !semantics.caseInsensitiveLiterals && semantics.decoding != .full
        var prefixEntries: [(key: [UInt8], rule: Int32)] = []
        var regexEntries: [(key: [UInt8], rule: Int32)] = []
        var unprefixed: [Int32] = []
        // When any comparison ignores case, the prefix indexes hold lower-case keys and are probed with
        // the lower-cased path: a superset of candidates, each then checked precisely.
        let indexLowercase = semantics.caseInsensitiveLiterals || semantics.caseInsensitiveRegex
        self.indexLowercase = indexLowercase
        siteHosts = SiteHostMatch(ruleSet.site)
        sources.reserveCapacity(ruleSet.rules.count)
        gateOf.reserveCapacity(ruleSet.rules.count)
        for (i, rule) in ruleSet.rules.enumerated() {
            // A rule with problems (DT070) is never matched, like a disabled one.
            guard rule.enabled, rule.rollout?.basisPoints != 0, !rule.isInvalid else {
                sources.append(.disabled)
                gateOf.append(-1)
                quickKind.append(0)
                continue
            }
            if rule.source.isExact, RuleGate.isTrivial(rule) { quickKind.append(1) } else { quickKind.append(2) }
            if RuleGate.isTrivial(rule) {
                gateOf.append(-1)
            } else {
                gateOf.append(Int32(gates.count))
                gates.append(RuleGate(rule))
            }
            let index = Int32(i)
            // Most sources of a bulk map are exact and already canonical: index their stored bytes
            // in place, without making their text.
            if plainExactKeys, let path = rule.source.exactPath,
                path.withUTF8({ bytes -> Bool in
                    guard bytes.allSatisfy(PercentEncoding.isAllowedRawNotPercent) else { return false }
                    exact.insert(bytes, rule: index, marked: quickKind.last == 1)
                    return true
                })
            {
                sources.append(.exact)
                continue
            }
            switch rule.source.kind {
            case .exact(let path):
                let marked = quickKind.last == 1
                // Most sources are already canonical: index their bytes in place, no copies.
                let inPlace =
                    plainExactKeys
                    ? path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                        guard bytes.allSatisfy(PercentEncoding.isAllowedRawNotPercent) else { return false }
                        exact.insert(bytes, rule: index, marked: marked)
                        return true
                    } ?? false : false
                if !inPlace {
                    Self.exactKey(semantics.sourcePath(path), semantics).withUnsafeBufferPointer { exact.insert($0, rule: index, marked: marked) }
                }
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
        usesScheme = gates.contains { $0.scheme != nil }
        self.gateOf = gateOf
        self.quickKind = quickKind
        self.exact = exact
        prefixes = ByteKeyTable(prefixEntries)
        regexPrefixes = ByteKeyTable(regexEntries)
        unprefixedRegexRules = unprefixed
        onlyExact =
            prefixEntries.isEmpty && regexEntries.isEmpty && unprefixed.isEmpty
            && !semantics.foldsTrailingSlash && !semantics.caseInsensitiveLiterals && !semantics.caseInsensitiveRegex
    }

    /// The form an exact source or path is looked up in: lower-case when case-insensitive, without
    /// a trailing slash when folding.
    static func exactKey(_ bytes: [UInt8], _ semantics: PathSemantics) -> [UInt8] {
        var key = semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased(bytes) : bytes
        if semantics.foldsTrailingSlash && key.count > 1 && key.last == 0x2f { key.removeLast() }
        return key
    }

    /// `/a` ⇄ `/a/`: the other spelling of a path under `trailing_slash: fold`.
    static func toggledSlash(_ path: [UInt8]) -> [UInt8]? {
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
        if onlyExact, after < 0, !ignoringRollouts, let decided = exactOnlyFastPath(request) { return decided.match }
        guard let path = semantics.requestPath(request.path) else { return nil }
        let toggled = semantics.foldsTrailingSlash ? Self.toggledSlash(path) : nil
        let literalPath = semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased(path) : path
        let literalToggled = toggled.map { semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased($0) : $0 }

        var candidates: [Int32] = []
        candidates.reserveCapacity(8)
        exactCandidates(Self.exactKey(path, semantics), into: &candidates)
        let indexPath = indexLowercase ? PercentEncoding.lowercased(path) : path
        prefixCandidates(indexPath, into: &candidates)
        if let toggled { prefixCandidates(indexLowercase ? PercentEncoding.lowercased(toggled) : toggled, into: &candidates) }
        if candidates.count > 1 { candidates.sort() }

        let prepared = MatchRequest(request, siteHosts: siteHosts, scheme: usesScheme ? scheme(of: request) : "")
        // Merge the sorted candidates with the always-candidate regexes, lowest index first.
        var a = 0
        var b = 0
        var last: Int32 = -1
        while a < candidates.count || b < unprefixedRegexRules.count {
            let next: Int32
            if b >= unprefixedRegexRules.count || (a < candidates.count && candidates[a] <= unprefixedRegexRules[b]) {
                next = candidates[a]
                a += 1
            } else {
                next = unprefixedRegexRules[b]
                b += 1
            }
            if next == last || Int(next) <= after { continue }
            last = next
            if let match = evaluate(
                Int(next), path: path, toggled: toggled, literalPath: literalPath, literalToggled: literalToggled, request, prepared, ignoringRollouts
            ) {
                return match
            }
        }
        return nil
    }

    /// Whether every enabled rule is exact and paths need no folding: then a canonical request path
    /// can be looked up straight from the string's bytes, with no copy and no candidate list.
    private let onlyExact: Bool

    /// nil: undecided (the path needs normalising, or a candidate has a gate), use the general path.
    private func exactOnlyFastPath(_ request: HTTPRequest) -> (match: RuleMatch?, Void)? {
        let result = request.path.utf8.withContiguousStorageIfAvailable { bytes -> (match: RuleMatch?, Void)? in
            guard semantics.isCanonical(bytes) else { return nil }
            var onSite: Bool? = nil
            var result: (match: RuleMatch?, Void)? = (nil, ())
            exact.forEachRule(bytes: bytes) { rule, trivial in
                switch trivial ? 1 : quickKind[Int(rule)] {
                case 0: return true
                case 1:
                    if onSite == nil { onSite = siteHosts.contains(HostMatch.normalized(request.host)) }
                    if onSite! {
                        result = (RuleMatch(ruleIndex: Int(rule), captures: []), ())
                        return false
                    }
                    return true
                default:
                    result = nil
                    return false
                }
            }
            return result
        }
        return result ?? nil
    }

    func exactCandidates(_ key: [UInt8], into out: inout [Int32]) {
        guard !exact.isEmpty else { return }
        key.withUnsafeBufferPointer { p in
            exact.collect(p, into: &out)
        }
    }

    /// Prefix rules and regex rules whose key the path starts with, in one pass over the path.
    func prefixCandidates(_ path: [UInt8], into out: inout [Int32]) {
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

    private func evaluate(
        _ index: Int, path: [UInt8], toggled: [UInt8]?, literalPath: [UInt8], literalToggled: [UInt8]?,
        _ request: HTTPRequest, _ prepared: MatchRequest, _ ignoringRollouts: Bool
    ) -> RuleMatch? {
        switch quickKind[index] {
        case 0: return nil
        case 1: return prepared.onSiteHost ? RuleMatch(ruleIndex: index, captures: []) : nil
        default: break
        }
        let g = Int(gateOf[index])
        if g < 0 {
            guard prepared.onSiteHost else { return nil }
        } else {
            guard gates.withUnsafeBufferPointer({ $0[g].admits(request, prepared) }) else { return nil }
        }
        let captures: [String]? = sources.withUnsafeBufferPointer { sources in
            switch sources[index] {
            case .disabled: return nil
            case .exact: return []
            case .prefix(let key):
                if literalPath.starts(with: key) {
                    return [String(decoding: path[key.count...], as: UTF8.self)]
                } else if let literalToggled, let toggled, literalToggled.starts(with: key) {
                    return [String(decoding: toggled[key.count...], as: UTF8.self)]
                }
                return nil
            case .regex(let regex):
                if let c = regex.captures(path) { return c }
                if let toggled, let c = regex.captures(toggled) { return c }
                return nil
            }
        }
        guard let captures else { return nil }
        if g >= 0 && !ignoringRollouts {
            let included = gates.withUnsafeBufferPointer { gates in
                gates[g].rollout == nil || rollout.includes(gates[g].rollout, salt: gates[g].salt, request)
            }
            guard included else { return nil }
        }
        return RuleMatch(ruleIndex: index, captures: captures)
    }
}
