/// The two questions the behavioural diff asks a matcher beyond `firstMatch`: which rules' sources
/// take a path whatever the rest of the request, and whether one rule's gate admits a request.
extension RuleMatcher {
    /// Every enabled rule whose source takes `rawPath` (as this matcher's semantics see it), in
    /// precedence order, gates ignored.
    func rulesWhoseSourceTakes(rawPath: String) -> [Int] {
        guard let path = semantics.requestPath(rawPath) else { return [] }
        let toggled = semantics.foldsTrailingSlash ? Self.toggledSlash(path) : nil
        let literalPath = semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased(path) : path
        let literalToggled = toggled.map { semantics.caseInsensitiveLiterals ? PercentEncoding.lowercased($0) : $0 }
        var candidates: [Int32] = []
        exactCandidates(Self.exactKey(path, semantics), into: &candidates)
        if let toggled { exactCandidates(Self.exactKey(toggled, semantics), into: &candidates) }
        let indexPath = indexLowercase ? PercentEncoding.lowercased(path) : path
        prefixCandidates(indexPath, into: &candidates)
        if let toggled { prefixCandidates(indexLowercase ? PercentEncoding.lowercased(toggled) : toggled, into: &candidates) }
        candidates += unprefixedRegexRules
        var out: [Int] = []
        for c in Set(candidates).sorted() {
            let i = Int(c)
            switch sources[i] {
            case .disabled: continue
            case .exact: out.append(i)
            case .prefix(let key):
                if literalPath.starts(with: key) || (literalToggled?.starts(with: key) ?? false) { out.append(i) }
            case .regex(let regex):
                if regex.captures(path) != nil || (toggled.flatMap { regex.captures($0) } != nil) { out.append(i) }
            }
        }
        return out
    }

    /// Whether rule `index` applies to `request`: it is the first rule from `index` on that does.
    func applies(_ index: Int, to request: HTTPRequest) -> Bool {
        firstMatch(request, after: index - 1, ignoringRollouts: false)?.ruleIndex == index
    }
}

extension RuleMatcher {
    /// Whether rule `index`'s gate (host, scheme, methods, conditions, window, rollout) admits
    /// `request`, whatever its path.
    func gateAdmits(_ index: Int, _ request: HTTPRequest) -> Bool {
        if case .disabled = sources[index] { return false }
        let prepared = MatchRequest(request, siteHosts: siteHosts, scheme: scheme(of: request))
        let g = Int(gateOf[index])
        guard g >= 0 else { return prepared.onSiteHost }
        return gates[g].admits(request, prepared) && rollout.includes(gates[g].rollout, salt: gates[g].salt, request)
    }
}
