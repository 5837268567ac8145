/// When each rule was last hit, for logs that span several days: the never-hit list of `replay`
/// becomes "not hit since", with dates, and `--prune-older-than` removes rules unused that long.
extension ReplayReport {
    /// The log's times cover more than one day.
    public var spansSeveralDays: Bool {
        guard let logStart, let logEnd else { return false }
        return logEnd.secondsSinceEpoch - logStart.secondsSinceEpoch >= 86400
    }

    /// Enabled rules not hit during the log's last day, least recently hit first (never hit first
    /// of all), with their last hit.
    public var staleRules: [(index: Int, lastSeen: Timestamp?)] {
        guard let logEnd else { return [] }
        let recent = Timestamp(secondsSinceEpoch: logEnd.secondsSinceEpoch - 86400)
        return ruleSet.rules.indices.filter { ruleSet.rules[$0].enabled && !(lastHit[$0].map { recent < $0 } ?? false) }
            .map { ($0, lastHit[$0]) }
            .sorted { a, b in (a.lastSeen?.secondsSinceEpoch ?? .min, a.index) < (b.lastSeen?.secondsSinceEpoch ?? .min, b.index) }
    }

    /// Indices of enabled rules no request hit at or after `cutoff`.
    public func unused(since cutoff: Timestamp) -> [Int] {
        ruleSet.rules.indices.filter { ruleSet.rules[$0].enabled && !(lastHit[$0].map { !($0 < cutoff) } ?? false) }
    }

    /// The "last seen" section of the text report (empty for a log of one day or without times).
    func lastSeenText(file: String) -> String {
        guard spansSeveralDays, let logStart, let logEnd else { return "" }
        let stale = staleRules
        guard !stale.isEmpty else { return "" }
        var out = "\nlast seen (log spans \(Self.day(logStart)) … \(Self.day(logEnd)); rules not hit on its last day, oldest first)\n"
        for s in stale.prefix(50) {
            out += "  \(s.lastSeen.map(Self.day) ?? "never     ")  \(ruleSet.rules[s.index].id)  (\(file):\(ruleSet.lines[s.index]))\n"
        }
        if stale.count > 50 { out += "  … \(stale.count - 50) more\n" }
        return out
    }

    /// `"log_span": {…}, "last_seen": {"id": "2026-11-03T…" | null, …}` for the JSON report.
    func lastSeenJSON() -> String {
        let span = logStart.map { start in "{\"from\": \(JSON.string(start.rfc3339)), \"to\": \(JSON.string(logEnd!.rfc3339))}" } ?? "null"
        let seen = ruleSet.rules.indices.filter { ruleSet.rules[$0].enabled }.map { i in
            "\(JSON.string(ruleSet.rules[i].id)): \(lastHit[i].map { JSON.string($0.rfc3339) } ?? "null")"
        }
        return " \"log_span\": \(span),\n \"last_seen\": {\(seen.joined(separator: ", "))},\n"
    }

    static func day(_ t: Timestamp) -> String { String(t.rfc3339.prefix(10)) }
}

/// `detour replay … --prune-older-than 180d`: the rule file without the enabled rules no request
/// of the log hit in that period before the reference time (the log's last time or `--now`).
public enum ReplayPrune {
    /// `180d`, `26w`, `12h` → seconds; nil for anything else.
    public static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let n = Int64(text.dropLast()), n > 0 else { return nil }
        switch unit {
        case "d": return n * 86400
        case "w": return n * 7 * 86400
        case "h": return n * 3600
        default: return nil
        }
    }

    /// The rules to remove (indices) and the cutoff; throws when the log does not reach back to
    /// the cutoff, because then it cannot show that a rule went unused for the whole period.
    public static func unused(_ report: ReplayReport, period: Int64, reference: Timestamp?) throws -> (indices: [Int], cutoff: Timestamp) {
        guard let end = reference ?? report.logEnd else {
            throw ReplayError(message: "the log has no timestamps: give --now to say when the period ends")
        }
        let cutoff = Timestamp(secondsSinceEpoch: end.secondsSinceEpoch - period)
        guard let start = report.logStart, !(cutoff < start) else {
            let from = report.logStart.map { "starts \($0.rfc3339)" } ?? "has no timestamps"
            throw ReplayError(
                message: "the log \(from), after \(cutoff.rfc3339) (\(end.rfc3339) minus the period): it cannot show a rule unused for that long")
        }
        return (report.unused(since: cutoff), cutoff)
    }

    /// `set` without the rules at `indices` (the rest in order).
    public static func removing(_ indices: [Int], from set: RuleSet) -> RuleSet {
        let drop = Set(indices)
        var kept = set
        let keep = set.rules.indices.filter { !drop.contains($0) }
        kept.rules = keep.map { set.rules[$0] }
        kept.lines = keep.map { set.lines[$0] }
        return kept
    }
}
