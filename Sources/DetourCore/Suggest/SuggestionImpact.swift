/// What accepting one suggestion would do to a rule file: where it goes (at the end, or before
/// the first rule that would otherwise take all its requests), the validator's findings that are
/// new with it there, the requests answered differently (`BehaviourDiff`, as `detour diff`), and
/// how many of the logged 404s it covers it now catches.
public struct SuggestionImpact: Sendable {
    /// Where the rule goes: its index in the rules it was assessed against.
    public var position: Int
    /// The rule it goes before (nil: at the end).
    public var before: String?
    /// Rules that would take every request it matches if it went at the end (DT041).
    public var shadowedBy: [String]
    /// Logged 404 hits whose path the rule now answers, of those its comments list.
    public var caughtHits: Int
    public var listedHits: Int
    /// Covered paths some other rule (or nothing) still answers, with who answers them.
    public var missed: [String]
    public var regions: [DiffRegion]
    /// Findings the file has with the rule inserted and not without it.
    public var newFindings: [Finding]
    /// Findings it fixes (rare: a suggestion that ends a chain into a missing page).
    public var fixedFindings: [Finding]

    /// Existing rules whose answers change (regions that were not the origin before).
    public var overrides: [String] {
        var seen: [String] = []
        for r in regions { if let id = r.before?.id, !seen.contains(id) { seen.append(id) } }
        return seen
    }

    /// Safe to accept without a second look: it changes only requests no rule answered, catches
    /// every logged 404 it names, and brings no warning or error.
    public var isSafe: Bool {
        !regions.isEmpty && shadowedBy.isEmpty && overrides.isEmpty && missed.isEmpty && !newFindings.contains { $0.severity <= .warning }
    }

    /// One line for the list: "catches 37 logged 404s; no new findings".
    public var summary: String {
        var parts: [String] = []
        // The reason it does not simply go at the end comes first: it is what to look at.
        if !shadowedBy.isEmpty, !regions.isEmpty { parts.append("shadowed by " + SuggestionImpact.names(shadowedBy) + " at the end: goes before it") }
        if regions.isEmpty {
            parts.append(shadowedBy.isEmpty ? "changes no request" : "shadowed by " + SuggestionImpact.names(shadowedBy))
        } else if listedHits > 0 {
            parts.append("catches \(caughtHits) logged 404\(caughtHits == 1 ? "" : "s")" + (caughtHits < listedHits ? " of \(listedHits)" : ""))
        } else {
            parts.append("\(regions.count) region\(regions.count == 1 ? "" : "s") of requests change")
        }
        if !overrides.isEmpty, overrides != shadowedBy { parts.append("overrides " + SuggestionImpact.names(overrides)) }
        let serious = newFindings.filter { $0.severity <= .warning }
        if serious.isEmpty {
            parts.append(newFindings.isEmpty ? "no new findings" : "\(newFindings.count) new note\(newFindings.count == 1 ? "" : "s")")
        } else {
            parts.append(
                "\(serious.count) new finding\(serious.count == 1 ? "" : "s") (\(Set(serious.map(\.check)).sorted().joined(separator: ", ")))")
        }
        return parts.joined(separator: "; ")
    }

    /// "rule a, b and 3 more".
    public static func names(_ ids: [String]) -> String {
        "rule " + ids.prefix(2).joined(separator: ", ") + (ids.count > 2 ? " and \(ids.count - 2) more" : "")
    }

    /// Assesses `item` against `set`, whose own findings are `baseFindings` (from `validator`).
    public static func assess(_ item: SuggestionReview.Item, in set: RuleSet, baseFindings: [Finding], validator: Validator) -> SuggestionImpact {
        let rule = item.rule
        var position = set.rules.count
        var candidate = inserting(rule, at: position, into: set)
        var findings = validator.validate(candidate)
        let shadowers = findings.filter { $0.check == "DT041" && $0.rules.first == rule.id }.flatMap { $0.rules.dropFirst() }
        if let first = set.rules.firstIndex(where: { shadowers.contains($0.id) }) {
            position = first
            candidate = inserting(rule, at: position, into: set)
            findings = validator.validate(candidate)
        }
        let delta = FindingsDelta(old: baseFindings, new: findings)
        let report = BehaviourDiff(old: set, new: candidate, now: validator.now).run()
        let simulator = Simulator(ruleSet: candidate, view: .detour)
        var caught = 0
        var missed: [String] = []
        for c in item.covers {
            let request = HTTPRequest(method: "GET", scheme: set.site.scheme, host: set.site.primaryHost, path: c.path, time: validator.now)
            let response = simulator.respond(to: request)
            if response.ruleID == rule.id {
                caught += c.hits
            } else {
                missed.append(c.path + " → " + (response.ruleID.map { "rule " + $0 } ?? "no rule"))
            }
        }
        return SuggestionImpact(
            position: position, before: position < set.rules.count ? set.rules[position].id : nil, shadowedBy: shadowers,
            caughtHits: caught, listedHits: item.covers.reduce(0) { $0 + $1.hits }, missed: missed, regions: report.regions,
            newFindings: delta.new, fixedFindings: delta.fixed)
    }

    static func inserting(_ rule: Rule, at index: Int, into set: RuleSet) -> RuleSet {
        var out = set
        out.rules.insert(rule, at: index)
        out.lines.insert(0, at: min(index, out.lines.count))
        return out
    }
}
