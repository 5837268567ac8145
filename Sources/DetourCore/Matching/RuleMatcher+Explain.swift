extension RuleMatcher {
    /// Every rule whose source fits `request`'s path, in precedence order up to the first that
    /// applies, each with why it did or did not apply: the same candidates, gate and rollout as
    /// `firstMatch`, but each step's outcome is kept instead of skipped. For one request at a time
    /// (`simulate`, the editor's simulator), not for the hot path.
    public func considerations(_ request: HTTPRequest) -> RuleConsiderations {
        guard let path = semantics.requestPath(request.path) else { return RuleConsiderations(considered: [], pathMismatches: ruleSet.rules.count) }
        let toggled = semantics.foldsTrailingSlash ? Self.toggledSlash(path) : nil
        let literalPath = semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased(path) : path
        let literalToggled = toggled.map { semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased($0) : $0 }
        var candidates: [Int32] = []
        exactCandidates(Self.exactKey(path, semantics), into: &candidates)
        prefixCandidates(indexLowercase ? PercentEncoding.lowercased(path) : path, into: &candidates)
        if let toggled { prefixCandidates(indexLowercase ? PercentEncoding.lowercased(toggled) : toggled, into: &candidates) }
        candidates += unprefixedRegexRules
        let prepared = MatchRequest(request, siteHosts: siteHosts, scheme: scheme(of: request))
        var considered: [RuleConsideration] = []
        for index in Set(candidates).map({ Int($0) }).sorted() {
            guard sourceFits(index, path: path, toggled: toggled, literalPath: literalPath, literalToggled: literalToggled) else { continue }
            let reason = refusal(index, request, prepared) ?? .applies
            let line = index < ruleSet.lines.count ? ruleSet.lines[index] : 0
            considered.append(RuleConsideration(ruleIndex: index, ruleID: ruleSet.rules[index].id, line: line, reason: reason))
            if reason == .applies { break }
        }
        // The rules up to the one that applied (all of them when none did) that were not considered.
        let passed = considered.last.flatMap { $0.reason == .applies ? $0.ruleIndex + 1 : nil } ?? ruleSet.rules.count
        return RuleConsiderations(considered: considered, pathMismatches: passed - considered.count)
    }

    /// Whether the rule's source takes the path (as `evaluate` decides it).
    private func sourceFits(_ index: Int, path: [UInt8], toggled: [UInt8]?, literalPath: [UInt8], literalToggled: [UInt8]?) -> Bool {
        switch sources[index] {
        case .disabled: return false
        case .exact: return true
        case .prefix(let key): return literalPath.starts(with: key) || (literalToggled?.starts(with: key) ?? false)
        case .regex(let regex): return regex.captures(path) != nil || (toggled.flatMap { regex.captures($0) } != nil)
        }
    }

    /// The first reason the rule does not apply, in the order `RuleGate.admits` and the rollout
    /// decide it; nil when it applies.
    private func refusal(_ index: Int, _ request: HTTPRequest, _ prepared: MatchRequest) -> RuleConsideration.Reason? {
        let g = Int(gateOf[index])
        guard g >= 0 else { return prepared.onSiteHost ? nil : .notSiteHost(prepared.host) }
        let gate = gates[g]
        if let methods = gate.methods, !methods.contains(request.method) { return .method(allowed: methods, request: request.method) }
        if let scheme = gate.scheme, scheme != prepared.scheme { return .scheme(rule: scheme, request: prepared.scheme) }
        let t = request.time.secondsSinceEpoch
        let rule = ruleSet.rules[index]
        if let starts = rule.starts, t < starts.secondsSinceEpoch { return .beforeStart(starts) }
        if let expires = rule.expires, t >= expires.secondsSinceEpoch { return .expired(expires) }
        if let host = gate.host, let pattern = rule.host {
            if !host.matches(prepared.host) { return .host(rule: pattern.description, request: prepared.host) }
        } else if !prepared.onSiteHost {
            return .notSiteHost(prepared.host)
        }
        for (k, c) in gate.conditions.enumerated() {
            let value: String?
            switch c.kind {
            case .header: value = request.header(c.name)
            case .cookie: value = request.cookie(c.name)
            case .query: value = MatchRequest.queryValue(c.name, in: request)
            }
            if !c.test.admits(value) {
                let written = rule.allConditions[k]
                return .condition("\(written.kind.rawValue):\(written.name)=\(written.value.description)")
            }
        }
        guard let rollout = gate.rollout, !self.rollout.includes(rollout, salt: gate.salt, request) else { return nil }
        guard let value = RolloutDecider.keyValue(rollout.key, in: request) else {
            return .rolloutKeyMissing(percent: rollout.percentText, key: rollout.key.description)
        }
        let input = RolloutDecider.hashInput(salt: gate.salt, value: value)
        return .rollout(percent: rollout.percentText, key: rollout.key.description, bucket: bucket(of: input))
    }

    /// The client's percentile under the server's hash: it is left out of every rollout of up to
    /// `bucket` % and taken into every larger one. Decided from the hash at each whole percent
    /// (99 hashes, for one request); nil when the hash is not such a threshold (a client inside at
    /// some share and outside at a larger one), where a bucket would mislead.
    private func bucket(of input: [UInt8]) -> Int? {
        let inside = (1...99).map { rollout.hash.includes(key: input, basisPoints: $0 * 100) } + [true]
        // inside[p - 1]: the client is inside a rollout of p %.
        guard let first = inside.firstIndex(of: true), inside[first...].allSatisfy({ $0 }) else { return nil }
        return first
    }
}
