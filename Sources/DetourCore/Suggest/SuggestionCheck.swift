/// The check every suggestion passes before it is suggested: appended to the rule file, the
/// validator finds no error that involves it (a loop, a chain into a missing page, an unsafe
/// target, a shadowed rule…), and the simulator sends each 404 path it covers to its page.
struct SuggestionCheck {
    let ruleSet: RuleSet
    let now: Timestamp

    func filter(_ candidates: [RuleSuggestion]) -> (kept: [RuleSuggestion], rejected: [(suggestion: RuleSuggestion, reason: String)]) {
        var kept = candidates
        var rejected: [(suggestion: RuleSuggestion, reason: String)] = []
        // Dropping one suggestion can clear a finding of another (a chain through it), so check again.
        for _ in 0..<3 {
            let ids = Set(kept.map(\.rule.id))
            var reasons: [String: String] = [:]
            for f in Validator(now: now).validate(combined(kept)) where f.severity == .error {
                for id in f.rules where ids.contains(id) && reasons[id] == nil { reasons[id] = "\(f.check): \(f.message)" }
            }
            if reasons.isEmpty { break }
            for s in kept { if let r = reasons[s.rule.id] { rejected.append((s, r)) } }
            kept.removeAll { reasons[$0.rule.id] != nil }
        }
        let simulator = Simulator(ruleSet: combined(kept), view: .detour)
        let site = ruleSet.site
        kept.removeAll { s in
            for c in s.covers {
                let response = simulator.respond(to: HTTPRequest(method: "GET", scheme: site.scheme, host: site.primaryHost, path: c.path, time: now))
                let landed = response.location.flatMap { HTTPRequest.parseURL($0, defaultHost: site.primaryHost)?.path }
                if response.ruleID != s.rule.id || landed != c.target {
                    let got = response.ruleID.map { "rule \($0) sends it to \(response.location ?? "-")" } ?? "no rule redirects it"
                    rejected.append((s, "simulated GET \(c.path): \(got), not to \(c.target)"))
                    return true
                }
            }
            return false
        }
        return (kept, rejected)
    }

    /// The rule file with the suggestions appended, as the reviewer would paste them.
    func combined(_ suggestions: [RuleSuggestion]) -> RuleSet {
        var set = ruleSet
        set.rules += suggestions.map(\.rule)
        set.lines += Array(repeating: 0, count: suggestions.count)
        return set
    }
}
